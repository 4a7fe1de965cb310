import { assertImage, type Image } from '../../image';
import { lumaPlane, numberOption } from './lineRepairInternal';

/** Options of {@link concealDropouts}. */
export interface ConcealDropoutsOptions {
  /** Row distance to the same-field lines used to fill (see {@link DetectDropoutsOptions.lineStep}). @default 2 */
  lineStep?: number;
  /** Largest slope (px per line pair) of the interpolation direction. @default 3 */
  maxSlope?: number;
  /** Half-width in px of the window over which a direction's cost is summed. @default 2 */
  window?: number;
}

/**
 * Conceals masked pixels (dropouts) from the lines above and below of the same field with
 * edge-directed interpolation: for each pixel the direction (slope s in ±`maxSlope` px) that
 * minimises Σ |Y(above, x+s+k) − Y(below, x−s+k)| over the window (luma, unmasked samples; vertical
 * preferred on ties) is chosen, and every channel is filled with the mean of the two samples along
 * it (ELA, as edge-directed deinterlacers do; ld-decode's dropout corrector likewise fills from
 * other lines). Where a same-field neighbour is masked or outside the frame, the next same-field
 * line on that side is used, or the other side alone.
 *
 * Tested through restoreVhsChain (lib/tasks/vhsRestoration/__tests__/restoreVhsChain.test.ts) and measured on the VHS test split (scripts/train/vhs-chain-evaluate.js).
 *
 * @param frame - the frame, grey or RGB; not modified.
 * @param mask - 1 where to conceal, h×w (e.g. {@link detectDropouts}' mask).
 * @returns a new image; pixels outside the mask are copied.
 * @throws TypeError / RangeError for a bad frame, mask or option.
 */
export function concealDropouts(frame: Image, mask: Uint8Array, options: ConcealDropoutsOptions = {}): Image {
  const fn = 'concealDropouts';
  assertImage(frame, `${fn}: frame`);
  const { width: w, height: h, channels: c } = frame;
  if (!(mask instanceof Uint8Array)) throw new TypeError(`${fn}: mask must be a Uint8Array of ${w}×${h}`);
  if (mask.length !== w * h) throw new RangeError(`${fn}: mask has ${mask.length} entries, expected ${w}×${h} = ${w * h}`);
  const step = numberOption(fn, 'lineStep', options.lineStep, 2, 1, 8, true);
  const maxSlope = numberOption(fn, 'maxSlope', options.maxSlope, 3, 0, 16, true);
  const win = numberOption(fn, 'window', options.window, 2, 0, 16, true);
  const out = { data: frame.data.slice(), width: w, height: h, channels: c };
  const y = lumaPlane(frame);
  const d = frame.data, od = out.data;
  const clampX = (x: number): number => (x < 0 ? 0 : x >= w ? w - 1 : x);
  // Nearest same-field row on one side whose sample at column x is not masked (up to 4 lines away).
  const source = (r: number, dir: -1 | 1, x: number): number => {
    for (let k = 1; k <= 4; k++) {
      const q = r + dir * k * step;
      if (q < 0 || q >= h) return -1;
      if (mask[q * w + x] === 0) return q;
    }
    return -1;
  };
  for (let r = 0; r < h; r++) {
    const o = r * w;
    for (let x = 0; x < w; x++) {
      if (mask[o + x] === 0) continue;
      const ra = source(r, -1, x), rb = source(r, 1, x);
      if (ra < 0 && rb < 0) continue;
      if (ra < 0 || rb < 0) {
        const q = ra < 0 ? rb : ra;
        for (let ch = 0; ch < c; ch++) od[(o + x) * c + ch] = d[(q * w + x) * c + ch] as number;
        continue;
      }
      if (r - ra !== rb - r) {
        // Unequal distances (a masked line skipped on one side): vertical linear interpolation.
        const t = (r - ra) / (rb - ra);
        for (let ch = 0; ch < c; ch++) od[(o + x) * c + ch] = (1 - t) * (d[(ra * w + x) * c + ch] as number) + t * (d[(rb * w + x) * c + ch] as number);
        continue;
      }
      let best = Infinity, bs = 0;
      for (let s = -maxSlope; s <= maxSlope; s++) {
        let cost = 0, n = 0;
        for (let k = -win; k <= win; k++) {
          const xa = clampX(x + s + k), xb = clampX(x - s + k);
          if (mask[ra * w + xa] === 1 || mask[rb * w + xb] === 1) continue;
          cost += Math.abs((y[ra * w + xa] as number) - (y[rb * w + xb] as number));
          n++;
        }
        if (n === 0) continue;
        cost = cost / n + 1e-4 * Math.abs(s);
        if (cost < best) { best = cost; bs = s; }
      }
      const ia = (ra * w + clampX(x + bs)) * c, ib = (rb * w + clampX(x - bs)) * c;
      for (let ch = 0; ch < c; ch++) od[(o + x) * c + ch] = 0.5 * ((d[ia + ch] as number) + (d[ib + ch] as number));
    }
  }
  return out;
}
