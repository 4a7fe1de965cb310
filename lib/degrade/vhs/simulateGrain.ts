import type { Rng } from '../../random';
import { checkFrame, fillNormal, filterRows, gaussianTaps, lowRateNoise, num, resolveRng, strengthOf, type SeedOptions, type StrengthOptions } from './internal';
import { LEVELS_PER_UNIT } from './palConstants';
import type { YuvFrame } from './YuvFrame';

/** Options of {@link simulateGrain}. */
export interface GrainOptions extends StrengthOptions, SeedOptions {
  /**
   * Standard deviation of the luma noise in 8-bit studio levels (÷219 on the [0, 1] scale), measured
   * after its shaping along the line. σ ≈ 219 / 10^(SNR/20): 1.2 (45 dB), 2.2 (40 dB), 3.9 (35 dB);
   * presets 2 / 3 / 4 / 5 for SP / LP / EP / worn (notes §3, §8; SNR figures unverified, est.).
   * @default 2
   */
  lumaSigma?: number;
  /**
   * Correlation length of the luma noise along the line: σ, in PAL samples, of the Gaussian that
   * shapes white noise. Rows stay independent, so grain is elongated horizontally (the FM noise
   * streaks of VHS, notes §3, est.). 0 = white noise. @default 1
   */
  lumaCorrelationPx?: number;
  /** σ of a per-line luma offset in 8-bit levels (whole-line streaks; est.). @default 0 */
  lineSigma?: number;
  /**
   * σ of the Cb/Cr noise in 8-bit levels (Cb/Cr span 224 levels; U = 0.8736·Cb, V = 1.2296·Cr in
   * PAL units). Presets 2 / 3 / 4 / 6 (notes §8, est.). @default 2
   */
  chromaSigma?: number;
  /** −3 dB bandwidth of the chroma noise along the line in MHz (notes §8: ≤0.3 MHz). @default 0.3 */
  chromaBandwidthMHz?: number;
  /**
   * RMS per-line hue rotation of U/V in degrees (chroma phase noise). Colour-under reduces tape
   * phase error by ≈7× [S29]; presets 2 / 3 / 5 / 8 ° (notes §8, est.). @default 2
   */
  chromaPhaseNoiseDeg?: number;
}

/**
 * Analog grain: luma noise correlated along lines (plus optional whole-line offsets), band-limited
 * chroma noise, and per-line chroma phase noise. All σ are of the shaped noise (luma: white noise
 * rescaled by 1/√Σk² of its shaping kernel; chroma: generated at a reduced rate, Gaussian-shaped,
 * interpolated and rescaled to σ), so they hold at every raster scale.
 * Values may leave [0, 1]; the final conversion clips.
 * @throws TypeError / RangeError when the frame or an option is invalid.
 */
export function simulateGrain(frame: YuvFrame, options: GrainOptions = {}): YuvFrame {
  const fn = 'simulateGrain';
  checkFrame(fn, frame);
  const strength = strengthOf(fn, options);
  const lumaSigma = num(fn, 'lumaSigma', options.lumaSigma ?? 2, 0, 219);
  const lumaCorrelationPx = num(fn, 'lumaCorrelationPx', options.lumaCorrelationPx ?? 1, 0, 100);
  const lineSigma = num(fn, 'lineSigma', options.lineSigma ?? 0, 0, 219);
  const chromaSigma = num(fn, 'chromaSigma', options.chromaSigma ?? 2, 0, 224);
  const chromaBandwidthMHz = num(fn, 'chromaBandwidthMHz', options.chromaBandwidthMHz ?? 0.3, 1e-3, 100);
  const chromaPhaseNoiseDeg = num(fn, 'chromaPhaseNoiseDeg', options.chromaPhaseNoiseDeg ?? 2, 0, 180);
  const rng = resolveRng(fn, options);
  if (strength === 0) return { ...frame };
  const { width: w, height: h, scale } = frame;
  let { y, u, v } = frame;
  if (lumaSigma > 0) {
    const noise = shapedNoise(rng, w, h, gaussianTaps(lumaCorrelationPx * scale), (strength * lumaSigma) / LEVELS_PER_UNIT);
    y = addInto(y, noise);
  }
  if (lineSigma > 0) {
    const out = y === frame.y ? y.slice() : y;
    for (let r = 0; r < h; r++) {
      const off = (strength * lineSigma * rng.nextNormal()) / LEVELS_PER_UNIT;
      for (let i = r * w; i < (r + 1) * w; i++) out[i] += off;
    }
    y = out;
  }
  if (chromaSigma > 0) {
    const fc = chromaBandwidthMHz / (13.5 * scale);
    const s = (strength * chromaSigma) / 224;
    const noise = (k: number): Float32Array => (fc >= 0.5 ? fillNormal(rng, new Float32Array(w * h), k * s) : lowRateNoise(rng, w, h, fc, k * s));
    u = addInto(u, noise(0.8736));
    v = addInto(v, noise(1.2296));
  }
  if (chromaPhaseNoiseDeg > 0) {
    const nu = u === frame.u ? u.slice() : u;
    const nv = v === frame.v ? v.slice() : v;
    for (let r = 0; r < h; r++) {
      const t = (strength * chromaPhaseNoiseDeg * Math.PI * rng.nextNormal()) / 180;
      const c = Math.cos(t), sn = Math.sin(t);
      for (let i = r * w; i < (r + 1) * w; i++) {
        const uu = nu[i], vv = nv[i];
        nu[i] = uu * c - vv * sn;
        nv[i] = uu * sn + vv * c;
      }
    }
    u = nu;
    v = nv;
  }
  return { ...frame, y, u, v };
}

/** White noise shaped along rows by `taps`, with standard deviation `sigma` after shaping. */
export function shapedNoise(rng: Rng, w: number, h: number, taps: Float32Array, sigma: number): Float32Array {
  let e = 0;
  for (let i = 0; i < taps.length; i++) e += taps[i] * taps[i];
  const white = fillNormal(rng, new Float32Array(w * h), sigma / Math.sqrt(e));
  return taps.length === 1 ? white : filterRows(white, w, h, taps);
}

function addInto(base: Float32Array, noise: Float32Array): Float32Array {
  for (let i = 0; i < noise.length; i++) noise[i] += base[i];
  return noise;
}
