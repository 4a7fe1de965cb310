import { assertImage, type Image } from '../image';
import { reflectIndex } from './planes';

/** db2 high-pass decomposition filter, as `pywt.Wavelet('db2').dec_hi`. */
const DB2_HI = [-0.48296291314453416, 0.8365163037378079, -0.2241438680420134, -0.12940952255126037];
/** Φ⁻¹(0.75): the median of |N(0, 1)|. */
const MAD_TO_SIGMA = 0.6744897501960817;

/**
 * Blind estimate of the standard deviation of additive white Gaussian noise, in image units
 * (for [0, 1] images; multiply by 255 for the 8-bit scale).
 *
 * Donoho & Johnstone (1994) robust median estimator: σ = median(|HH|) / 0.6745 over the diagonal
 * detail coefficients of a one-level 2-D Daubechies-2 wavelet transform (symmetric extension),
 * ignoring coefficients that are exactly zero. Colour images: the mean of the per-channel estimates.
 * Matches `skimage.restoration.estimate_sigma(image, channel_axis=-1, average_sigmas=True)`
 * (which calls `pywt.dwtn(channel, 'db2')`, mode 'symmetric'). Image structure inflates the
 * estimate, so it is an upper bound on smooth, strongly textured or very small images.
 * @returns σ, or 0 for an image without any nonzero detail coefficient (e.g. constant).
 * @throws TypeError / RangeError when the image is malformed.
 */
export function estimateNoiseSigma(image: Image): number {
  assertImage(image, 'estimateNoiseSigma: image');
  const { data, width: w, height: h, channels } = image;
  const w2 = (w + 3) >> 1;
  const h2 = (h + 3) >> 1;
  // Row pass (high-pass along x, downsampled), then column pass on the result.
  const rowsHi = new Float64Array(h * w2);
  const hh = new Float64Array(h2 * w2);
  const xIdx = new Int32Array(2 * w2 + 3);
  for (let i = 0; i < xIdx.length; i++) xIdx[i] = reflectIndex(i - 3, w);
  const yIdx = new Int32Array(2 * h2 + 3);
  for (let i = 0; i < yIdx.length; i++) yIdx[i] = reflectIndex(i - 3, h);
  const [f0, f1, f2, f3] = DB2_HI;
  let total = 0;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let o = 0; o < w2; o++) {
        // output o = Σ_j f[j]·x[2o + 1 − j]; xIdx is offset by 3.
        const i = 2 * o + 4;
        rowsHi[y * w2 + o] =
          f0 * data[(row + xIdx[i]) * channels + c] +
          f1 * data[(row + xIdx[i - 1]) * channels + c] +
          f2 * data[(row + xIdx[i - 2]) * channels + c] +
          f3 * data[(row + xIdx[i - 3]) * channels + c];
      }
    }
    let m = 0;
    for (let o = 0; o < h2; o++) {
      const i = 2 * o + 4;
      const r0 = yIdx[i] * w2;
      const r1 = yIdx[i - 1] * w2;
      const r2 = yIdx[i - 2] * w2;
      const r3 = yIdx[i - 3] * w2;
      for (let x = 0; x < w2; x++) {
        const v = f0 * rowsHi[r0 + x] + f1 * rowsHi[r1 + x] + f2 * rowsHi[r2 + x] + f3 * rowsHi[r3 + x];
        if (v !== 0) hh[m++] = Math.abs(v);
      }
    }
    total += m === 0 ? 0 : median(hh.subarray(0, m)) / MAD_TO_SIGMA;
  }
  return total / channels;
}

/** numpy-style median (mean of the two middle values for an even count); sorts `values` in place. */
function median(values: Float64Array): number {
  values.sort();
  const n = values.length;
  const mid = n >> 1;
  return n % 2 === 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}
