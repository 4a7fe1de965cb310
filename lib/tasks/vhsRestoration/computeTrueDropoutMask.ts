import { computeTimebaseShifts, createYuvFrame, type VhsRecord } from '../../degrade/vhs';
import { simulateDropoutsWithSegments, type DropoutSegment } from '../../degrade/vhs/simulateDropouts';
import { simulateHeadSwitchingWithBand } from '../../degrade/vhs/simulateHeadSwitching';

/** Options of {@link computeTrueDropoutMask}. */
export interface TrueDropoutMaskOptions {
  /** Include the noisy recovery tail after each streak (it is damage too, fading out). @default true */
  includeTail?: boolean;
  /** Include concealed dropouts (a repeated line, not a streak; none in the presets). @default false */
  includeConcealed?: boolean;
}

/** One true dropout in output pixels. */
export interface TrueDropout {
  row: number;
  /** Columns [x0, x1) of the streak (and of its tail when `includeTail`). */
  x0: number;
  x1: number;
  kind: DropoutSegment['kind'];
}

/** Result of {@link computeTrueDropoutMask}. */
export interface TrueDropoutMask {
  /** 1 on the dropouts, h×w of the output frame. */
  mask: Uint8Array;
  segments: TrueDropout[];
}

/**
 * The simulator's ground truth for dropout detection: where `simulateVhs` put the dropouts
 * (`simulateDropoutsWithSegments` replayed with the record's parameters and seed — positions depend
 * only on the raster and the seed), moved by the time-base shift of their row and, in the
 * head-switching band, by the band's skew (both applied after the dropouts), then mapped from raster
 * samples to the output frame (x × out width / raster width, one output row per raster row).
 * @param record - the record returned with the degraded frame.
 * @throws TypeError for a bad record; RangeError when the output does not have one row per raster row.
 */
export function computeTrueDropoutMask(record: VhsRecord, options: TrueDropoutMaskOptions = {}): TrueDropoutMask {
  const fn = 'computeTrueDropoutMask';
  if (record === null || typeof record !== 'object' || !Array.isArray(record.effects)) throw new TypeError(`${fn}: record must be a VhsRecord`);
  const includeTail = options.includeTail ?? true;
  const includeConcealed = options.includeConcealed ?? false;
  const { width: rw, height: rh, scale } = record.raster;
  const { width: ow, height: oh } = record.output;
  if (oh !== rh) throw new RangeError(`${fn}: the output has ${oh} rows but the raster ${rh}; dropouts are mapped per raster row`);
  const effect = (name: string): { params: object; seed: number } | undefined => record.effects.find((e) => e.name === name);
  const mask = new Uint8Array(ow * oh);
  const segments: TrueDropout[] = [];
  const dr = effect('dropouts');
  if (dr === undefined) return { mask, segments };
  const blank = createYuvFrame(rw, rh, scale);
  const { segments: raw } = simulateDropoutsWithSegments(blank, { ...dr.params, seed: dr.seed });
  const tb = effect('timebase');
  const shifts = tb === undefined ? new Float32Array(rh) : computeTimebaseShifts(rh, scale, { ...tb.params, seed: tb.seed });
  const hs = effect('headSwitching');
  const band = hs === undefined ? null : simulateHeadSwitchingWithBand(blank, { ...hs.params, seed: hs.seed }).band;
  const k = ow / rw;
  for (const s of raw) {
    if (s.kind === 'concealed' && !includeConcealed) continue;
    let shift = shifts[s.row] as number;
    if (band !== null && s.row >= band.start && s.row < band.end) shift += band.shifts[s.row - band.start] as number;
    const end = includeTail ? s.tailEnd : s.x1;
    const x0 = Math.max(0, Math.floor((s.x0 + shift) * k));
    const x1 = Math.min(ow, Math.ceil((end + shift) * k));
    if (x1 <= x0) continue;
    mask.fill(1, s.row * ow + x0, s.row * ow + x1);
    segments.push({ row: s.row, x0, x1, kind: s.kind });
  }
  return { mask, segments };
}
