import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';

/** BT.601 full-range Y′CbCr of RGB in [0, 1] (Cb, Cr offset by 0.5), as the residual net sees it. */
export function rgbToYcbcrData(rgb: Float32Array): Float32Array {
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i] as number, g = rgb[i + 1] as number, b = rgb[i + 2] as number;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    out[i] = y;
    out[i + 1] = 0.5 + (b - y) * 0.564;
    out[i + 2] = 0.5 + (r - y) * 0.713;
  }
  return out;
}

function ycbcrToRgbData(ycc: Float32Array): Float32Array {
  const out = new Float32Array(ycc.length);
  for (let i = 0; i < ycc.length; i += 3) {
    const y = ycc[i] as number, cb = (ycc[i + 1] as number) - 0.5, cr = (ycc[i + 2] as number) - 0.5;
    const r = y + cr / 0.713, b = y + cb / 0.564;
    const g = (y - 0.299 * r - 0.114 * b) / 0.587;
    out[i] = Math.min(1, Math.max(0, r));
    out[i + 1] = Math.min(1, Math.max(0, g));
    out[i + 2] = Math.min(1, Math.max(0, b));
  }
  return out;
}

/**
 * Runs the residual network (`buildVhsResidualNet`, trained by `trainVhsRestoration`) on a frame:
 * RGB → Y′CbCr (BT.601), one forward pass on the whole frame (fully convolutional), back to RGB,
 * clipped to [0, 1]. Leak-free; the input is not modified.
 * @throws TypeError / RangeError when the image is not RGB.
 */
export function applyVhsResidualNet(net: tf.LayersModel, image: Image): Image {
  const fn = 'applyVhsResidualNet';
  assertImage(image, `${fn}: image`);
  if (image.channels !== 3) throw new RangeError(`${fn}: image must be RGB, got ${image.channels} channels`);
  const { width: w, height: h } = image;
  // A net with stride-2 layers needs even sizes: pad by repeating the last row / column, crop after.
  const pw = w + (w & 1), ph = h + (h & 1);
  const x = rgbToYcbcrData(image.data);
  const y = tf.tidy(() => {
    let t: tf.Tensor4D = tf.tensor4d(x, [1, h, w, 3]);
    if (pw !== w || ph !== h) t = tf.mirrorPad(t, [[0, 0], [0, ph - h], [0, pw - w], [0, 0]], 'symmetric');
    let out = net.predict(t) as tf.Tensor4D;
    if (pw !== w || ph !== h) out = tf.slice(out, [0, 0, 0, 0], [1, h, w, 3]);
    return out.dataSync() as Float32Array;
  });
  return { data: ycbcrToRgbData(y), width: w, height: h, channels: 3 };
}
