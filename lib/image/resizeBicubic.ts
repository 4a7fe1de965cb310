import { assertImage, type Image } from './Image';

/** Options of {@link resizeBicubic}. */
export interface ResizeBicubicOptions {
  /**
   * When shrinking, widen the cubic kernel by 1/scale so that it also low-pass filters (MATLAB
   * `imresize(…, 'Antialiasing', true)`, its default for bicubic). Has no effect when enlarging.
   * @default true
   */
  antialias?: boolean;
  /**
   * Behave as MATLAB on a `uint8` image: round to 8-bit steps (k/255, clipped to [0, 1]) after each of
   * the two 1-D passes (MATLAB keeps the intermediate in the input class). @default false
   */
  quantize?: boolean;
}

/** Keys' cubic convolution kernel with a = −0.5 (MATLAB `imresize` 'bicubic', Keys 1981). */
function cubic(x: number): number {
  const ax = Math.abs(x);
  const ax2 = ax * ax;
  const ax3 = ax2 * ax;
  if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1;
  if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2;
  return 0;
}

/** Taps of a 1-D resize: for every output index, `taps` source indices and weights. */
interface Contributions {
  taps: number;
  index: Int32Array;
  weight: Float64Array;
}

/**
 * Source indices and weights of a 1-D resize from `inLength` to `outLength`, following MATLAB's
 * `imresize>contributions` line by line: pixel centres aligned (u = x/scale + ½(1 − 1/scale), 1-based),
 * weights normalised to sum 1, indices outside the signal mirrored (half-sample symmetric),
 * and tap columns that are zero for every output removed.
 */
function contributions(inLength: number, outLength: number, scale: number, antialias: boolean): Contributions {
  const shrink = scale < 1 && antialias;
  const kernelWidth = shrink ? 4 / scale : 4;
  const kernel = shrink ? (x: number): number => scale * cubic(scale * x) : cubic;
  const P = Math.ceil(kernelWidth) + 2;
  const index = new Int32Array(outLength * P);
  const weight = new Float64Array(outLength * P);
  for (let o = 0; o < outLength; o++) {
    const x = o + 1;
    const u = x / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - kernelWidth / 2);
    let sum = 0;
    for (let p = 0; p < P; p++) {
      const idx = left + p;
      const w = kernel(u - idx);
      weight[o * P + p] = w;
      sum += w;
      // 1-based index mirrored as MATLAB's aux = [1:n, n:-1:1]
      const period = 2 * inLength;
      const m = (((idx - 1) % period) + period) % period;
      index[o * P + p] = m < inLength ? m : period - 1 - m;
    }
    for (let p = 0; p < P; p++) weight[o * P + p] /= sum;
  }
  // Drop tap columns that are zero everywhere (MATLAB: kill = find(~any(weights, 1))).
  const keep: number[] = [];
  for (let p = 0; p < P; p++) {
    let any = false;
    for (let o = 0; o < outLength && !any; o++) any = weight[o * P + p] !== 0;
    if (any) keep.push(p);
  }
  const taps = keep.length;
  const kIndex = new Int32Array(outLength * taps);
  const kWeight = new Float64Array(outLength * taps);
  for (let o = 0; o < outLength; o++) {
    for (let t = 0; t < taps; t++) {
      kIndex[o * taps + t] = index[o * P + (keep[t] as number)];
      kWeight[o * taps + t] = weight[o * P + (keep[t] as number)];
    }
  }
  return { taps, index: kIndex, weight: kWeight };
}

/** Resizes along one axis (rows when `vertical`) of an interleaved HWC float64 buffer. */
function resizeAxis(
  src: Float64Array, width: number, height: number, channels: number, outLength: number, vertical: boolean, antialias: boolean,
): Float64Array {
  const inLength = vertical ? height : width;
  const { taps, index, weight } = contributions(inLength, outLength, outLength / inLength, antialias);
  const outW = vertical ? width : outLength;
  const outH = vertical ? outLength : height;
  const out = new Float64Array(outW * outH * channels);
  if (vertical) {
    const row = width * channels;
    for (let o = 0; o < outH; o++) {
      const dst = o * row;
      for (let t = 0; t < taps; t++) {
        const w = weight[o * taps + t] as number;
        const s = (index[o * taps + t] as number) * row;
        for (let i = 0; i < row; i++) out[dst + i] += w * (src[s + i] as number);
      }
    }
  } else {
    for (let y = 0; y < outH; y++) {
      const srow = y * width * channels;
      const drow = y * outW * channels;
      for (let o = 0; o < outW; o++) {
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let t = 0; t < taps; t++) acc += (weight[o * taps + t] as number) * (src[srow + (index[o * taps + t] as number) * channels + c] as number);
          out[drow + o * channels + c] = acc;
        }
      }
    }
  }
  return out;
}

/**
 * Resizes an image with bicubic interpolation exactly as MATLAB's `imresize(I, [h w], 'bicubic')`:
 * Keys' cubic kernel (a = −0.5), pixel-centre alignment, half-sample symmetric borders, and an
 * antialiasing kernel widened by 1/scale when shrinking. The axis with the smaller scale factor is
 * resized first (rows first on ties), as MATLAB does. This is the resize that produced the LR images of
 * the Set5/Set14 benchmarks (SelfExSR, SRCNN), so training data made with it matches the test data;
 * scikit-image, OpenCV and sharp resize differently (no antialiasing, or other kernels).
 *
 * Values are not clipped (bicubic overshoots slightly at edges) unless `quantize` is set, which
 * rounds to k/255 and clips to [0, 1] after each pass like MATLAB on a `uint8` image.
 *
 * @param image - the image to resize; not modified.
 * @param width - output width in pixels, a positive integer.
 * @param height - output height in pixels, a positive integer.
 * @throws TypeError for a malformed image; RangeError for a non-positive or non-integer size or a bad option.
 */
export function resizeBicubic(image: Image, width: number, height: number, options: ResizeBicubicOptions = {}): Image {
  assertImage(image, 'resizeBicubic: image');
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new RangeError(`resizeBicubic: ${name} must be a positive integer, got ${String(v)}`);
    }
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`resizeBicubic: options must be an object, got ${String(options)}`);
  const { antialias = true, quantize = false } = options;
  if (typeof antialias !== 'boolean') throw new TypeError(`resizeBicubic: options.antialias must be a boolean, got ${String(antialias)}`);
  if (typeof quantize !== 'boolean') throw new TypeError(`resizeBicubic: options.quantize must be a boolean, got ${String(quantize)}`);
  const { channels } = image;
  let buf = Float64Array.from(image.data);
  let w = image.width;
  let h = image.height;
  const scaleH = height / h;
  const scaleW = width / w;
  const rowsFirst = scaleH <= scaleW;
  for (const vertical of rowsFirst ? [true, false] : [false, true]) {
    if (vertical && height !== h) {
      buf = resizeAxis(buf, w, h, channels, height, true, antialias);
      h = height;
      if (quantize) roundToUint8(buf);
    } else if (!vertical && width !== w) {
      buf = resizeAxis(buf, w, h, channels, width, false, antialias);
      w = width;
      if (quantize) roundToUint8(buf);
    }
  }
  return { data: Float32Array.from(buf), width, height, channels };
}

/** Rounds in place to k/255 with saturation, as MATLAB's `uint8` arithmetic after each resize pass. */
function roundToUint8(buf: Float64Array): void {
  for (let i = 0; i < buf.length; i++) {
    const v = Math.round((buf[i] as number) * 255);
    buf[i] = (v < 0 ? 0 : v > 255 ? 255 : v) / 255;
  }
}
