import { assertImage, createImage, type Image } from '../../image';
import { num, oneOf, strengthOf, type StrengthOptions } from './internal';

/** Chroma subsampling of the JPEG re-encoding. */
export type JpegSubsampling = '4:2:0' | '4:2:2' | '4:4:4';

/** Options of {@link simulateJpeg}. */
export interface JpegOptions extends StrengthOptions {
  /**
   * IJG quality 1–100 (the libjpeg / sharp / PIL scale): the Annex K tables are scaled by
   * 5000/q (q < 50) or 200 − 2q, rounded and clipped to [1, 255]. Presets 95 / 90 / 85 / 80 / 70
   * for clean / SP / LP / EP / worn (est.: the digitised archives were re-encoded as JPEG).
   * @default 90
   */
  quality?: number;
  /** Chroma subsampling (sharp's and libjpeg's default is 4:2:0). @default '4:2:0' */
  subsampling?: JpegSubsampling;
}

const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

/** IJG quality scaling of a base table (jcparam.c `jpeg_quality_scaling` + `jpeg_add_quant_table`). */
export function jpegQuantTable(base: readonly number[], quality: number): Float32Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const s = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float32Array.from(base, (b) => Math.min(255, Math.max(1, Math.floor((b * s + 50) / 100))));
}

const COS = (() => {
  const c = new Float32Array(64);
  for (let u = 0; u < 8; u++) {
    const a = u === 0 ? Math.SQRT1_2 : 1;
    for (let x = 0; x < 8; x++) c[u * 8 + x] = 0.5 * a * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return c;
})();

/** Forward DCT → quantise → dequantise → inverse DCT of one 8×8 block in place (orthonormal DCT-II). */
function codeBlock(b: Float32Array, qt: Float32Array, tmp: Float32Array): void {
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += COS[u * 8 + x] * b[y * 8 + x];
      tmp[y * 8 + u] = s;
    }
  }
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += COS[v * 8 + y] * tmp[y * 8 + u];
      const q = qt[v * 8 + u];
      b[v * 8 + u] = Math.round(s / q) * q;
    }
  }
  // inverse, columns first; most quantised columns are all zero at usual qualities
  for (let u = 0; u < 8; u++) {
    let any = false;
    for (let v = 0; v < 8; v++) if (b[v * 8 + u] !== 0) any = true;
    if (!any) {
      for (let y = 0; y < 8; y++) tmp[y * 8 + u] = 0;
      continue;
    }
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[v * 8 + y] * b[v * 8 + u];
      tmp[y * 8 + u] = s;
    }
  }
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[u * 8 + x] * tmp[y * 8 + u];
      b[y * 8 + x] = s;
    }
  }
}

/** Codes a w×h plane of 8-bit-scale samples (level-shifted inside), returns decoded 8-bit samples. */
function codePlane(p: Float32Array, w: number, h: number, qt: Float32Array): Float32Array {
  const out = new Float32Array(w * h);
  const blk = new Float32Array(64), tmp = new Float32Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const sy = Math.min(h - 1, by + y);
        for (let x = 0; x < 8; x++) blk[y * 8 + x] = p[sy * w + Math.min(w - 1, bx + x)] - 128;
      }
      codeBlock(blk, qt, tmp);
      for (let y = 0; y < 8 && by + y < h; y++) {
        for (let x = 0; x < 8 && bx + x < w; x++) {
          const val = Math.round(blk[y * 8 + x] + 128);
          out[(by + y) * w + bx + x] = val < 0 ? 0 : val > 255 ? 255 : val;
        }
      }
    }
  }
  return out;
}

/** Box downsampling by (fx, fy) ∈ {1, 2}², edges replicated. */
function downsample(p: Float32Array, w: number, h: number, fx: number, fy: number): { data: Float32Array; w: number; h: number } {
  const cw = Math.ceil(w / fx), ch = Math.ceil(h / fy);
  const out = new Float32Array(cw * ch);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let s = 0;
      for (let j = 0; j < fy; j++) {
        const sy = Math.min(h - 1, y * fy + j);
        for (let i = 0; i < fx; i++) s += p[sy * w + Math.min(w - 1, x * fx + i)];
      }
      out[y * cw + x] = s / (fx * fy);
    }
  }
  return { data: out, w: cw, h: ch };
}

/** libjpeg "fancy" (triangle) upsampling: weights 3/4 nearer, 1/4 further sample per subsampled axis. */
function upsample(c: Float32Array, cw: number, ch: number, w: number, h: number, fx: number, fy: number): Float32Array {
  const out = new Float32Array(w * h);
  const near = (i: number, f: number, n: number): number => Math.min(n - 1, Math.floor(i / f));
  const far = (i: number, f: number, n: number): number => {
    const c = Math.floor(i / f);
    return f === 2 ? Math.min(n - 1, Math.max(0, i % 2 === 0 ? c - 1 : c + 1)) : Math.min(n - 1, c);
  };
  const cx = Int32Array.from({ length: w }, (_, x) => near(x, fx, cw));
  const nx = Int32Array.from({ length: w }, (_, x) => far(x, fx, cw));
  const wx = fx === 2 ? 0.75 : 1;
  const wy = fy === 2 ? 0.75 : 1;
  for (let y = 0; y < h; y++) {
    const r0 = near(y, fy, ch) * cw;
    const r1 = far(y, fy, ch) * cw;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = cx[x], b = nx[x];
      out[o + x] = wy * (wx * c[r0 + a] + (1 - wx) * c[r0 + b]) + (1 - wy) * (wx * c[r1 + a] + (1 - wx) * c[r1 + b]);
    }
  }
  return out;
}

/**
 * JPEG re-encoding artefacts (blocking, ringing, chroma smear), computed synchronously without
 * entropy coding (which is lossless and so irrelevant to the artefacts): 8-bit rounding, JFIF
 * Y′CbCr (BT.601 full range), chroma box-subsampling, orthonormal 8×8 DCT, quantisation with the
 * IJG-scaled Annex K tables, inverse DCT, rounding, libjpeg "fancy" triangle chroma upsampling.
 * It approximates libjpeg-turbo (sharp) at the same quality — the tests check PSNR within 1 dB —
 * but is not bit-exact (libjpeg uses integer DCTs). Works on the final image, whose 8×8 grid is
 * the output grid; the result is blended with the input by strength.
 * @throws TypeError / RangeError when the image or an option is invalid.
 */
export function simulateJpeg(image: Image, options: JpegOptions = {}): Image {
  const fn = 'simulateJpeg';
  assertImage(image, `${fn}: image`);
  const strength = strengthOf(fn, options);
  const quality = num(fn, 'quality', options.quality ?? 90, 1, 100);
  const subsampling = oneOf(fn, 'subsampling', options.subsampling ?? '4:2:0', ['4:2:0', '4:2:2', '4:4:4'] as const);
  const { width: w, height: h, channels, data } = image;
  if (strength === 0) return createImage(w, h, channels, data.slice());
  const n = w * h;
  const lq = jpegQuantTable(LUMA_Q, quality);
  const cq = jpegQuantTable(CHROMA_Q, quality);
  const to8 = (x: number): number => Math.round((x < 0 ? 0 : x > 1 ? 1 : x) * 255);
  const out = createImage(w, h, channels);
  if (channels === 1) {
    const p = Float32Array.from(data, to8);
    const dec = codePlane(p, w, h, lq);
    for (let i = 0; i < n; i++) out.data[i] = data[i] + strength * (dec[i] / 255 - data[i]);
    return out;
  }
  const Y = new Float32Array(n), Cb = new Float32Array(n), Cr = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = to8(data[j]), g = to8(data[j + 1]), b = to8(data[j + 2]);
    Y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    Cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
    Cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
  }
  const fx = subsampling === '4:4:4' ? 1 : 2;
  const fy = subsampling === '4:2:0' ? 2 : 1;
  const yd = codePlane(Y, w, h, lq);
  const chroma = (p: Float32Array): Float32Array => {
    if (fx === 1 && fy === 1) return codePlane(p, w, h, cq);
    const s = downsample(p, w, h, fx, fy);
    return upsample(codePlane(s.data, s.w, s.h, cq), s.w, s.h, w, h, fx, fy);
  };
  const cbd = chroma(Cb), crd = chroma(Cr);
  const clip8 = (x: number): number => (x < 0 ? 0 : x > 255 ? 255 : Math.round(x)) / 255;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const yy = yd[i], cb = cbd[i] - 128, cr = crd[i] - 128;
    out.data[j] = data[j] + strength * (clip8(yy + 1.402 * cr) - data[j]);
    out.data[j + 1] = data[j + 1] + strength * (clip8(yy - 0.344136 * cb - 0.714136 * cr) - data[j + 1]);
    out.data[j + 2] = data[j + 2] + strength * (clip8(yy + 1.772 * cb) - data[j + 2]);
  }
  return out;
}
