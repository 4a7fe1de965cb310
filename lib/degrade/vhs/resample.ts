/**
 * Private separable resampler for planes: triangle (bilinear) kernel, widened by the reduction
 * factor when downscaling (area-like antialiasing, as Pillow's BILINEAR resize), edges replicated.
 */

/** A source rectangle in (fractional) source pixels. */
export interface SourceRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface WeightTable {
  start: Int32Array;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
  maxTaps: number;
}

function weightTable(srcSize: number, offset: number, span: number, dstSize: number): WeightTable {
  const ratio = span / dstSize;
  const support = Math.max(1, ratio);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const index = new Int32Array(dstSize * maxTaps);
  const weight = new Float32Array(dstSize * maxTaps);
  for (let i = 0; i < dstSize; i++) {
    const c = offset + (i + 0.5) * ratio - 0.5;
    const j0 = Math.ceil(c - support);
    const j1 = Math.floor(c + support);
    let n = 0;
    let s = 0;
    const base = i * maxTaps;
    for (let j = j0; j <= j1 && n < maxTaps; j++) {
      const w = 1 - Math.abs(j - c) / support;
      if (w <= 0) continue;
      index[base + n] = j < 0 ? 0 : j >= srcSize ? srcSize - 1 : j;
      weight[base + n] = w;
      s += w;
      n++;
    }
    if (n === 0) {
      const j = Math.min(srcSize - 1, Math.max(0, Math.round(c)));
      index[base] = j;
      weight[base] = 1;
      n = 1;
      s = 1;
    }
    for (let k = 0; k < n; k++) weight[base + k] /= s;
    start[i] = base;
    count[i] = n;
  }
  return { start, count, index, weight, maxTaps };
}

function isIdentity(srcSize: number, offset: number, span: number, dstSize: number): boolean {
  return offset === 0 && span === srcSize && dstSize === srcSize;
}

/**
 * Resamples the `rect` region of a `sw`×`sh` plane to `dw`×`dh`. Returns a new plane
 * (a copy when nothing changes).
 */
export function resamplePlane(src: Float32Array, sw: number, sh: number, rect: SourceRect, dw: number, dh: number): Float32Array {
  let cur = src;
  let cw = sw;
  if (!isIdentity(sw, rect.x, rect.width, dw)) {
    const t = weightTable(sw, rect.x, rect.width, dw);
    const out = new Float32Array(dw * sh);
    for (let y = 0; y < sh; y++) {
      const o = y * sw;
      const p = y * dw;
      for (let x = 0; x < dw; x++) {
        const b = t.start[x];
        const n = t.count[x];
        let s = 0;
        for (let k = 0; k < n; k++) s += t.weight[b + k] * cur[o + t.index[b + k]];
        out[p + x] = s;
      }
    }
    cur = out;
    cw = dw;
  }
  if (!isIdentity(sh, rect.y, rect.height, dh)) {
    const t = weightTable(sh, rect.y, rect.height, dh);
    const out = new Float32Array(cw * dh);
    for (let y = 0; y < dh; y++) {
      const b = t.start[y];
      const n = t.count[y];
      const p = y * cw;
      for (let k = 0; k < n; k++) {
        const w = t.weight[b + k];
        const o = t.index[b + k] * cw;
        for (let x = 0; x < cw; x++) out[p + x] += w * cur[o + x];
      }
    }
    cur = out;
  }
  return cur === src ? src.slice() : cur;
}
