/**
 * Internal kernel of {@link nonLocalMeans}: the per-offset ("shift-and-box-filter") formulation of
 * pixelwise non-local means over padded planar Float32 planes. Not part of the public API; it lives in
 * its own module so that worker threads can load it without the validation layer.
 *
 * {@link nlmDenoiseRows} runs the WebAssembly SIMD kernel (`nlmWasm.ts`, ≈ 2.5× faster) when available,
 * else the JavaScript kernel {@link nlmDenoiseRowsJs}. Work is split by bands of rows (one band per
 * thread); both kernels' outputs are independent of the split.
 */
import { nlmDenoiseRowsWasm, nlmWasmAvailable } from './nlmWasm';

/**
 * Weights exp(−t) for t ≥ this are taken as 0 (exp(−12) ≈ 6e-6; OpenCV drops weights below 1e-3), so
 * that the accumulation can skip pixels whose weights are all 0 (≈ 5 % faster on kodak photos at σ 25).
 */
export const NLM_T_MAX = 12;
const T_MAX = NLM_T_MAX;
/** LUT samples per unit of t; linear interpolation keeps the relative error below 2e-6. */
const LUT_SCALE = 256;
let lut: Float64Array | null = null;

function expLut(): Float64Array {
  if (lut === null) {
    lut = new Float64Array(T_MAX * LUT_SCALE + 2);
    for (let i = 0; i < T_MAX * LUT_SCALE; i++) lut[i] = Math.exp(-i / LUT_SCALE);
  }
  return lut;
}

export interface NlmKernelParams {
  width: number;
  height: number;
  /** Number of planes (1 grey, 3 colour). */
  channels: number;
  /** Padding on each side of every plane: {@link nlmPad}. */
  pad: number;
  patchRadius: number;
  searchRadius: number;
  /** 1 / (channels · patchArea · h²): turns a patch sum of squared differences into d²/h². */
  distScale: number;
  /** 2σ²/h²: subtracted from d²/h² before the exponential (0 = classic weights). */
  distOffset: number;
}

/**
 * Denoises image rows [y0, y1) of the padded planes `src` (each (width+2·pad)×(height+2·pad), row-major)
 * into the unpadded planes `dst` (each width×height). Pure: reads `src`, writes only those rows of `dst`.
 * Uses the WebAssembly SIMD kernel when the runtime has WebAssembly SIMD, else {@link nlmDenoiseRowsJs};
 * every thread of one process makes the same choice, so the output does not depend on the split.
 */
export function nlmDenoiseRows(
  src: readonly Float32Array[],
  dst: readonly Float32Array[],
  p: NlmKernelParams,
  y0: number,
  y1: number,
): void {
  if (nlmWasmAvailable()) {
    nlmDenoiseRowsWasm(src, dst, p, y0, y1, T_MAX, LUT_SCALE * Math.exp(-(T_MAX * LUT_SCALE - 1) / LUT_SCALE));
  } else {
    nlmDenoiseRowsJs(src, dst, p, y0, y1);
  }
}

/**
 * The JavaScript kernel, float64. Same contract as {@link nlmDenoiseRows}.
 *
 * `src` must hold integers (fixed-point samples, see {@link nonLocalMeans}) small enough that every
 * patch sum of squared differences is below 2^53: the running sums are then exact, so a pixel's
 * weights, and therefore the output, do not depend on which band of rows it was computed in.
 */
export function nlmDenoiseRowsJs(
  src: readonly Float32Array[],
  dst: readonly Float32Array[],
  p: NlmKernelParams,
  y0: number,
  y1: number,
): void {
  const { width: W, channels: C, pad: P, patchRadius: r, searchRadius: R } = p;
  const PW = W + 2 * P;
  const rows = y1 - y0;
  const n = rows * W;
  const acc0 = new Float64Array(n);
  const acc1 = new Float64Array(C === 3 ? n : 0);
  const acc2 = new Float64Array(C === 3 ? n : 0);
  const wsum = new Float64Array(n);
  const wmax = new Float64Array(n);
  const pw = 2 * r + 1;
  // A group of offsets computes weights for up to W + max(R, GROUP − 1) columns (their union).
  const ext = Math.max(R, GROUP - 1);
  const maxLc = W + ext + 2 * r + 1;
  const wStride = W + ext;
  // Per offset of a group: vertical sums of squared differences, the last 2r+1 rows of squared
  // differences, and the weights of the pairs (x, x + δ) for the last R + 1 rows.
  const colSums: Float64Array[] = [];
  const rings: Float64Array[] = [];
  const wRings: Float64Array[] = [];
  for (let k = 0; k < GROUP; k++) {
    colSums.push(new Float64Array(maxLc));
    rings.push(new Float64Array(pw * maxLc));
    wRings.push(new Float64Array((R + 1) * wStride));
  }
  const s0 = src[0];
  const s1 = C === 3 ? src[1] : s0;
  const s2 = C === 3 ? src[2] : s0;
  const dist: DistState = { s0, s1, s2, C, W, PW, P, r, pw, maxLc, L: expLut(), a: p.distScale, b: p.distOffset };
  const acc: AccState = { acc0, acc1, acc2, wsum, wmax, s0, s1, s2, W };

  for (let dy = 0; dy <= R; dy++) {
    // Offsets (dx, dy) with dy > 0, or dy = 0 and dx > 0: one of each pair ±δ.
    const dxFirst = dy === 0 ? 1 : -R;
    for (let g = dxFirst; g <= R; g += GROUP) {
      const k1 = Math.min(GROUP, R + 1 - g);
      const yFirst = y0 - dy;
      if (k1 === GROUP) {
        initColumnSumsGroup(dist, colSums, rings, g, dy, yFirst);
      } else {
        for (let k = 0; k < k1; k++) initColumnSums(dist, colSums[k], rings[k], g + k, dy, yFirst);
      }
      for (let y = yFirst; y < y1; y++) {
        const slot = (y - yFirst) % (R + 1);
        if (k1 === GROUP) {
          weightsRowGroup(dist, colSums, rings, wRings, slot * wStride, g, dy, y, yFirst);
        } else {
          for (let k = 0; k < k1; k++) {
            weightsRow(dist, colSums[k], rings[k], wRings[k], slot * wStride, g + k, dy, y, yFirst);
          }
        }
        if (y < y0) continue;
        // Pixel p receives u(p + δ) with the weight of pair (p, p + δ) and u(p − δ) with the weight of
        // pair (p − δ, p): the distance is symmetric, so one pass serves both offsets ±δ.
        const o = (y - y0) * W;
        const q1 = (y + dy + P) * PW + g + P;
        const q2 = (y - dy + P) * PW - g + P;
        const slot2 = (y - dy - yFirst) % (R + 1);
        if (k1 === GROUP) {
          gatherGroup(acc, C, wRings, slot * wStride, slot2 * wStride, g, o, q1, q2);
        } else {
          for (let k = 0; k < k1; k++) {
            const dx = g + k;
            const xa = dx >= 0 ? -dx : 0;
            gather1(acc, C, wRings[k], slot * wStride - xa, slot2 * wStride - dx - xa, o, q1 + k, q2 - k);
          }
        }
      }
    }
  }

  // The centre pixel gets the largest weight given to any other pixel (Buades et al.), so that it
  // does not dominate its own estimate; without any other candidate the pixel is left unchanged.
  for (let yr = 0; yr < rows; yr++) {
    const q = (y0 + yr + P) * PW + P;
    const o = yr * W;
    const od = (y0 + yr) * W;
    for (let x = 0; x < W; x++) {
      const k = o + x;
      let wc = wmax[k];
      if (wc === 0) wc = 1;
      const norm = 1 / (wsum[k] + wc);
      dst[0][od + x] = (acc0[k] + wc * s0[q + x]) * norm;
      if (C === 3) {
        dst[1][od + x] = (acc1[k] + wc * s1[q + x]) * norm;
        dst[2][od + x] = (acc2[k] + wc * s2[q + x]) * norm;
      }
    }
  }
}

/**
 * Offsets (dx … dx + GROUP − 1, dy) processed together: their distances share every sample load and
 * their gathers one read-modify-write of the accumulators (5 measured fastest among 3, 4, 5 and 7).
 */
const GROUP = 5;

/** Padding the planes need on each side: the grouped offsets read up to GROUP − 1 columns beyond R. */
export function nlmPad(patchRadius: number, searchRadius: number): number {
  return patchRadius + Math.max(searchRadius, GROUP - 1);
}

interface DistState {
  s0: Float32Array;
  s1: Float32Array;
  s2: Float32Array;
  C: number;
  W: number;
  PW: number;
  P: number;
  r: number;
  pw: number;
  maxLc: number;
  L: Float64Array;
  a: number;
  b: number;
}

interface AccState {
  acc0: Float64Array;
  acc1: Float64Array;
  acc2: Float64Array;
  wsum: Float64Array;
  wmax: Float64Array;
  s0: Float32Array;
  s1: Float32Array;
  s2: Float32Array;
  W: number;
}

/**
 * Fills the ring with the 2r+1 rows of squared differences for offset (dx, dy) that precede weight row
 * `yFirst` (rows yFirst − r … yFirst + r), and their column sums. Columns cover x = xa − r … for the
 * weights of x ∈ [xa, xa + W + |dx|), xa = min(0, −dx).
 */
function initColumnSums(
  d: DistState,
  colSum: Float64Array,
  ring: Float64Array,
  dx: number,
  dy: number,
  yFirst: number,
): void {
  const { s0, s1, s2, C, W, PW, P, r, pw, maxLc } = d;
  const xa = dx >= 0 ? -dx : 0;
  const lc = W + (dx < 0 ? -dx : dx) + 2 * r;
  colSum.fill(0, 0, lc);
  for (let k = 0; k < pw; k++) {
    const pa = (yFirst - r + k + P) * PW + (xa - r + P);
    const pb = pa + dy * PW + dx;
    const so = k * maxLc;
    for (let i = 0; i < lc; i++) {
      const e0 = s0[pa + i] - s0[pb + i];
      let dn = e0 * e0;
      if (C === 3) {
        const e1 = s1[pa + i] - s1[pb + i];
        const e2 = s2[pa + i] - s2[pb + i];
        dn += e1 * e1 + e2 * e2;
      }
      ring[so + i] = dn;
      colSum[i] += dn;
    }
  }
}

/**
 * Weights of the pairs ((x, y), (x, y) + δ) for x = xa + i, i ∈ [0, W + |dx|), written at `wRing[wo + i]`.
 * Unless y is the first weight row (whose sums `initColumnSums` prepared), the vertical sums first slide
 * down one row; the horizontal box sum runs in the same pass.
 */
function weightsRow(
  d: DistState,
  colSum: Float64Array,
  ring: Float64Array,
  wRing: Float64Array,
  wo: number,
  dx: number,
  dy: number,
  y: number,
  yFirst: number,
): void {
  const { s0, s1, s2, C, W, PW, P, r, pw, maxLc, L, a, b } = d;
  const xa = dx >= 0 ? -dx : 0;
  const wn = W + (dx < 0 ? -dx : dx);
  const pa = (y + r + P) * PW + (xa - r + P);
  const pb = pa + dy * PW + dx;
  const so = ((y - yFirst + pw - 1) % pw) * maxLc;
  const tMax = T_MAX;
  let s = 0;
  if (y === yFirst) {
    for (let j = 0; j < pw - 1; j++) s += colSum[j];
    for (let i = 0, j = pw - 1; i < wn; i++, j++) {
      s += colSum[j];
      wRing[wo + i] = weight(s * a - b, L, tMax);
      s -= colSum[i];
    }
    return;
  }
  for (let j = 0; j < pw - 1; j++) {
    const e0 = s0[pa + j] - s0[pb + j];
    let dn = e0 * e0;
    if (C === 3) {
      const e1 = s1[pa + j] - s1[pb + j];
      const e2 = s2[pa + j] - s2[pb + j];
      dn += e1 * e1 + e2 * e2;
    }
    const cs = colSum[j] + dn - ring[so + j];
    colSum[j] = cs;
    ring[so + j] = dn;
    s += cs;
  }
  if (C === 3) {
    for (let i = 0, j = pw - 1; i < wn; i++, j++) {
      const e0 = s0[pa + j] - s0[pb + j];
      const e1 = s1[pa + j] - s1[pb + j];
      const e2 = s2[pa + j] - s2[pb + j];
      const dn = e0 * e0 + e1 * e1 + e2 * e2;
      const cs = colSum[j] + dn - ring[so + j];
      colSum[j] = cs;
      ring[so + j] = dn;
      s += cs;
      wRing[wo + i] = weight(s * a - b, L, tMax);
      s -= colSum[i];
    }
  } else {
    for (let i = 0, j = pw - 1; i < wn; i++, j++) {
      const e0 = s0[pa + j] - s0[pb + j];
      const dn = e0 * e0;
      const cs = colSum[j] + dn - ring[so + j];
      colSum[j] = cs;
      ring[so + j] = dn;
      s += cs;
      wRing[wo + i] = weight(s * a - b, L, tMax);
      s -= colSum[i];
    }
  }
}

/**
 * {@link initColumnSums} for the 5 offsets (g + k, dy), k = 0 … 4, at once, over their common
 * columns: weights for x ∈ [xa, xa + wn) with xa = min(0, −(g + 4)), wn = W + max(0, g + 4) + max(0, −g).
 */
function initColumnSumsGroup(
  d: DistState,
  colSums: Float64Array[],
  rings: Float64Array[],
  g: number,
  dy: number,
  yFirst: number,
): void {
  const { s0, s1, s2, C, W, PW, P, r, pw, maxLc } = d;
  const xa = g + 4 >= 0 ? -(g + 4) : 0;
  const lc = W + (g + 4 > 0 ? g + 4 : 0) + (g < 0 ? -g : 0) + 2 * r;
  for (let k = 0; k < 5; k++) colSums[k].fill(0, 0, lc);
  for (let k = 0; k < pw; k++) {
    const pa = (yFirst - r + k + P) * PW + (xa - r + P);
    const pb = pa + dy * PW + g;
    const so = k * maxLc;
    for (let kk = 0; kk < 5; kk++) {
      const ring = rings[kk];
      const colSum = colSums[kk];
      const pbk = pb + kk;
      for (let i = 0; i < lc; i++) {
        const e0 = s0[pa + i] - s0[pbk + i];
        let dn = e0 * e0;
        if (C === 3) {
          const e1 = s1[pa + i] - s1[pbk + i];
          const e2 = s2[pa + i] - s2[pbk + i];
          dn += e1 * e1 + e2 * e2;
        }
        ring[so + i] = dn;
        colSum[i] += dn;
      }
    }
  }
}

/** {@link weightsRow} for the 5 offsets of {@link initColumnSumsGroup}, sharing every sample load. */
function weightsRowGroup(
  d: DistState,
  colSums: Float64Array[],
  rings: Float64Array[],
  wRings: Float64Array[],
  wo: number,
  g: number,
  dy: number,
  y: number,
  yFirst: number,
): void {
  const { s0, s1, s2, C, W, PW, P, r, pw, maxLc, L, a, b } = d;
  const xa = g + 4 >= 0 ? -(g + 4) : 0;
  const wn = W + (g + 4 > 0 ? g + 4 : 0) + (g < 0 ? -g : 0);
  const c0 = colSums[0];
  const c1 = colSums[1];
  const c2 = colSums[2];
  const c3 = colSums[3];
  const c4 = colSums[4];
  const r0 = rings[0];
  const r1 = rings[1];
  const r2 = rings[2];
  const r3 = rings[3];
  const r4 = rings[4];
  const w0 = wRings[0];
  const w1 = wRings[1];
  const w2 = wRings[2];
  const w3 = wRings[3];
  const w4 = wRings[4];
  const pa = (y + r + P) * PW + (xa - r + P);
  const pb = pa + dy * PW + g;
  const so = ((y - yFirst + pw - 1) % pw) * maxLc;
  const first = y === yFirst;
  const tMax = T_MAX;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  // u(pb + j + k), k = 0 … 4, per channel: each sample is loaded once and shifted along.
  let b0_0 = s0[pb + 0];
  let b0_1 = s0[pb + 1];
  let b0_2 = s0[pb + 2];
  let b0_3 = s0[pb + 3];
  let b1_0 = s1[pb + 0];
  let b1_1 = s1[pb + 1];
  let b1_2 = s1[pb + 2];
  let b1_3 = s1[pb + 3];
  let b2_0 = s2[pb + 0];
  let b2_1 = s2[pb + 1];
  let b2_2 = s2[pb + 2];
  let b2_3 = s2[pb + 3];
  for (let j = 0; j < pw - 1 + wn; j++) {
    if (!first) {
      // Slide the vertical sums down one row.
      let e = 0;
      const a0 = s0[pa + j];
      const b0_4 = s0[pb + j + 4];
      e = a0 - b0_0;
      let d0 = e * e;
      e = a0 - b0_1;
      let d1 = e * e;
      e = a0 - b0_2;
      let d2 = e * e;
      e = a0 - b0_3;
      let d3 = e * e;
      e = a0 - b0_4;
      let d4 = e * e;
      b0_0 = b0_1;
      b0_1 = b0_2;
      b0_2 = b0_3;
      b0_3 = b0_4;
      if (C === 3) {
        const a1 = s1[pa + j];
        const b1_4 = s1[pb + j + 4];
        e = a1 - b1_0;
        d0 += e * e;
        e = a1 - b1_1;
        d1 += e * e;
        e = a1 - b1_2;
        d2 += e * e;
        e = a1 - b1_3;
        d3 += e * e;
        e = a1 - b1_4;
        d4 += e * e;
        b1_0 = b1_1;
        b1_1 = b1_2;
        b1_2 = b1_3;
        b1_3 = b1_4;
        const a2 = s2[pa + j];
        const b2_4 = s2[pb + j + 4];
        e = a2 - b2_0;
        d0 += e * e;
        e = a2 - b2_1;
        d1 += e * e;
        e = a2 - b2_2;
        d2 += e * e;
        e = a2 - b2_3;
        d3 += e * e;
        e = a2 - b2_4;
        d4 += e * e;
        b2_0 = b2_1;
        b2_1 = b2_2;
        b2_2 = b2_3;
        b2_3 = b2_4;
      }
      const k = so + j;
      c0[j] += d0 - r0[k];
      c1[j] += d1 - r1[k];
      c2[j] += d2 - r2[k];
      c3[j] += d3 - r3[k];
      c4[j] += d4 - r4[k];
      r0[k] = d0;
      r1[k] = d1;
      r2[k] = d2;
      r3[k] = d3;
      r4[k] = d4;
    }
    t0 += c0[j];
    t1 += c1[j];
    t2 += c2[j];
    t3 += c3[j];
    t4 += c4[j];
    const i = j - pw + 1;
    if (i < 0) continue;
    w0[wo + i] = weight(t0 * a - b, L, tMax);
    w1[wo + i] = weight(t1 * a - b, L, tMax);
    w2[wo + i] = weight(t2 * a - b, L, tMax);
    w3[wo + i] = weight(t3 * a - b, L, tMax);
    w4[wo + i] = weight(t4 * a - b, L, tMax);
    t0 -= c0[i];
    t1 -= c1[i];
    t2 -= c2[i];
    t3 -= c3[i];
    t4 -= c4[i];
  }
}

/**
 * exp(−t) for t clamped to [0, tMax], by linear interpolation in the LUT (whose last samples are 0, so
 * the weight fades to 0 over the last LUT step before tMax). Branchless: t is data-dependent, so
 * branches on it would be mispredicted.
 */
function weight(t: number, L: Float64Array, tMax: number): number {
  const f = Math.min(Math.max(t, 0), tMax) * LUT_SCALE;
  const j = f | 0;
  const l0 = L[j];
  return l0 + (L[j + 1] - l0) * (f - j);
}

/**
 * Accumulates one offset into row `o` of the accumulators: pixel x gets u(q1 + x) with weight
 * wr[w1 + x] and u(q2 + x) with weight wr[w2 + x].
 */
function gather1(acc: AccState, C: number, wr: Float64Array, w1: number, w2: number, o: number, q1: number, q2: number): void {
  const { acc0, acc1, acc2, wsum, wmax, s0, s1, s2, W } = acc;
  for (let x = 0; x < W; x++) {
    const wa = wr[w1 + x];
    const wb = wr[w2 + x];
    if (wa + wb === 0) continue;
    const k = o + x;
    acc0[k] += wa * s0[q1 + x] + wb * s0[q2 + x];
    if (C === 3) {
      acc1[k] += wa * s1[q1 + x] + wb * s1[q2 + x];
      acc2[k] += wa * s2[q1 + x] + wb * s2[q2 + x];
    }
    wsum[k] += wa + wb;
    const wm = wa > wb ? wa : wb;
    if (wm > wmax[k]) wmax[k] = wm;
  }
}

/**
 * {@link gather1} for the 5 offsets (g + k, dy), k = 0 … 4, whose weight rings are `wr`; one
 * read-modify-write of the accumulators instead of 5.
 */
function gatherGroup(
  acc: AccState,
  C: number,
  wr: Float64Array[],
  slot1: number,
  slot2: number,
  g: number,
  o: number,
  q1: number,
  q2: number,
): void {
  const { acc0, acc1, acc2, wsum, wmax, s0, s1, s2, W } = acc;
  const r0 = wr[0];
  const r1 = wr[1];
  const r2 = wr[2];
  const r3 = wr[3];
  const r4 = wr[4];
  // Weight index of pixel x: slot1 + x − xa for the pair (x, x + δ), slot2 + x − dx − xa for (x − δ, x),
  // with the group's common xa = min(0, −(g + 4)) (see weightsRowGroup).
  const xa = g + 4 >= 0 ? -(g + 4) : 0;
  const i1 = slot1 - xa;
  const i2 = slot2 - g - xa;
  // Samples u(q1 + x + k) and u(q2 + x − k), k = 0 … 4, per channel, shifted along x so that each is
  // loaded once.
  let u0_0 = s0[q1 + 0];
  let u0_1 = s0[q1 + 1];
  let u0_2 = s0[q1 + 2];
  let u0_3 = s0[q1 + 3];
  let v0_1 = s0[q2 - 1];
  let v0_2 = s0[q2 - 2];
  let v0_3 = s0[q2 - 3];
  let v0_4 = s0[q2 - 4];
  let u1_0 = s1[q1 + 0];
  let u1_1 = s1[q1 + 1];
  let u1_2 = s1[q1 + 2];
  let u1_3 = s1[q1 + 3];
  let v1_1 = s1[q2 - 1];
  let v1_2 = s1[q2 - 2];
  let v1_3 = s1[q2 - 3];
  let v1_4 = s1[q2 - 4];
  let u2_0 = s2[q1 + 0];
  let u2_1 = s2[q1 + 1];
  let u2_2 = s2[q1 + 2];
  let u2_3 = s2[q1 + 3];
  let v2_1 = s2[q2 - 1];
  let v2_2 = s2[q2 - 2];
  let v2_3 = s2[q2 - 3];
  let v2_4 = s2[q2 - 4];
  for (let x = 0; x < W; x++) {
    const p0 = r0[i1 + x];
    const m0 = r0[i2 - 0 + x];
    const p1 = r1[i1 + x];
    const m1 = r1[i2 - 1 + x];
    const p2 = r2[i1 + x];
    const m2 = r2[i2 - 2 + x];
    const p3 = r3[i1 + x];
    const m3 = r3[i2 - 3 + x];
    const p4 = r4[i1 + x];
    const m4 = r4[i2 - 4 + x];
    const wt = p0 + m0 + p1 + m1 + p2 + m2 + p3 + m3 + p4 + m4;
    const k = o + x;
    const u0_4 = s0[q1 + x + 4];
    const v0_0 = s0[q2 + x];
    if (wt !== 0) {
      acc0[k] +=
        p0 * u0_0 + m0 * v0_0 +
        p1 * u0_1 + m1 * v0_1 +
        p2 * u0_2 + m2 * v0_2 +
        p3 * u0_3 + m3 * v0_3 +
        p4 * u0_4 + m4 * v0_4;
    }
    u0_0 = u0_1;
    u0_1 = u0_2;
    u0_2 = u0_3;
    u0_3 = u0_4;
    v0_4 = v0_3;
    v0_3 = v0_2;
    v0_2 = v0_1;
    v0_1 = v0_0;
    if (C === 3) {
      const u1_4 = s1[q1 + x + 4];
      const v1_0 = s1[q2 + x];
      if (wt !== 0) {
        acc1[k] +=
          p0 * u1_0 + m0 * v1_0 +
          p1 * u1_1 + m1 * v1_1 +
          p2 * u1_2 + m2 * v1_2 +
          p3 * u1_3 + m3 * v1_3 +
          p4 * u1_4 + m4 * v1_4;
      }
      u1_0 = u1_1;
      u1_1 = u1_2;
      u1_2 = u1_3;
      u1_3 = u1_4;
      v1_4 = v1_3;
      v1_3 = v1_2;
      v1_2 = v1_1;
      v1_1 = v1_0;
      const u2_4 = s2[q1 + x + 4];
      const v2_0 = s2[q2 + x];
      if (wt !== 0) {
        acc2[k] +=
          p0 * u2_0 + m0 * v2_0 +
          p1 * u2_1 + m1 * v2_1 +
          p2 * u2_2 + m2 * v2_2 +
          p3 * u2_3 + m3 * v2_3 +
          p4 * u2_4 + m4 * v2_4;
      }
      u2_0 = u2_1;
      u2_1 = u2_2;
      u2_2 = u2_3;
      u2_3 = u2_4;
      v2_4 = v2_3;
      v2_3 = v2_2;
      v2_2 = v2_1;
      v2_1 = v2_0;
    }
    if (wt !== 0) {
      wsum[k] += wt;
      let wm = p0 > m0 ? p0 : m0;
      if (p1 > wm) wm = p1;
      if (m1 > wm) wm = m1;
      if (p2 > wm) wm = p2;
      if (m2 > wm) wm = m2;
      if (p3 > wm) wm = p3;
      if (m3 > wm) wm = m3;
      if (p4 > wm) wm = p4;
      if (m4 > wm) wm = m4;
      if (wm > wmax[k]) wmax[k] = wm;
    }
  }
}
