import { assertImage, type Image } from './Image';

/** Planes of an image in BT.601 YCbCr (MATLAB `rgb2ycbcr` studio swing), each in [0, 1] units. */
export interface YcbcrPlanes {
  /** Luma, 16/255 … 235/255 for in-gamut colours. */
  y: Float32Array;
  /** Blue-difference chroma, 16/255 … 240/255, 128/255 for grey. */
  cb: Float32Array;
  /** Red-difference chroma, 16/255 … 240/255, 128/255 for grey. */
  cr: Float32Array;
  width: number;
  height: number;
}

/**
 * Splits an RGB (or grey) image into BT.601 Y, Cb, Cr planes with MATLAB `rgb2ycbcr` scaling
 * (Y = (16 + 65.481 R + 128.553 G + 24.966 B)/255 for R, G, B ∈ [0, 1]), the colour space of the
 * super-resolution literature (SRCNN, FSRCNN, ESPCN train and test on Y). A grey image is R = G = B.
 * @throws TypeError for a malformed image.
 */
export function rgbToYcbcr(image: Image): YcbcrPlanes {
  assertImage(image, 'rgbToYcbcr: image');
  const n = image.width * image.height;
  const y = new Float32Array(n);
  const cb = new Float32Array(n);
  const cr = new Float32Array(n);
  const d = image.data;
  const c = image.channels;
  for (let i = 0; i < n; i++) {
    const r = d[i * c] as number;
    const g = c === 3 ? (d[i * c + 1] as number) : r;
    const b = c === 3 ? (d[i * c + 2] as number) : r;
    y[i] = (16 + 65.481 * r + 128.553 * g + 24.966 * b) / 255;
    cb[i] = (128 - 37.797 * r - 74.203 * g + 112.0 * b) / 255;
    cr[i] = (128 + 112.0 * r - 93.786 * g - 18.214 * b) / 255;
  }
  return { y, cb, cr, width: image.width, height: image.height };
}
