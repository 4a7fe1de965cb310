import { computeTimebaseShifts, type VhsRecord } from '../../degrade/vhs';

/** Result of {@link computeTrueLineShifts}. */
export interface TrueLineShifts {
  /** Horizontal shift of every row applied by the time-base effect, px at the output frame's width (positive = right). */
  shifts: Float32Array;
  /** 1 for the rows of the head-switching band (their displacement is the band's skew, repaired by its own stage), else 0. */
  band: Uint8Array;
}

/**
 * The simulator's ground truth for line realignment: the per-row time-base shifts that
 * `simulateVhs` applied (jitter + edge wave + top flagging, {@link computeTimebaseShifts} with the
 * record's parameters and seed), converted from raster samples to pixels of an output frame
 * `outputWidth` wide, and the rows of the head-switching band. One output row per raster row.
 * @param record - the record returned with the degraded frame.
 * @param outputWidth - width of the degraded frame (768 for a square-pixel PAL frame).
 * @throws RangeError when the record's raster is not one row per output row.
 */
export function computeTrueLineShifts(record: VhsRecord, outputWidth: number, outputHeight = record.output.height): TrueLineShifts {
  const fn = 'computeTrueLineShifts';
  if (record === null || typeof record !== 'object' || !Array.isArray(record.effects)) throw new TypeError(`${fn}: record must be a VhsRecord`);
  if (!Number.isInteger(outputWidth) || outputWidth < 1) throw new RangeError(`${fn}: outputWidth must be a positive integer, got ${String(outputWidth)}`);
  const { width: rw, height: rh, scale } = record.raster;
  if (outputHeight !== rh) throw new RangeError(`${fn}: the output has ${outputHeight} rows but the raster ${rh}; the shifts are per raster row`);
  const tb = record.effects.find((e) => e.name === 'timebase');
  const shifts = tb === undefined ? new Float32Array(rh) : computeTimebaseShifts(rh, scale, { ...(tb.params as object), seed: tb.seed });
  const k = outputWidth / rw;
  for (let i = 0; i < shifts.length; i++) shifts[i] = (shifts[i] as number) * k;
  const band = new Uint8Array(rh);
  const hs = record.effects.find((e) => e.name === 'headSwitching');
  if (hs !== undefined) {
    const p = hs.params as { strength?: number; linesPerField?: number; position?: 'top' | 'bottom' };
    const lines = 2 * (p.linesPerField ?? 5);
    // As simulateHeadSwitching: max(1, round(lines × scale)) rows, none when switched off.
    const n = (p.strength ?? 1) === 0 || lines <= 0 ? 0 : Math.min(rh, Math.max(1, Math.round(lines * scale)));
    if ((p.position ?? 'bottom') === 'top') band.fill(1, 0, n);
    else band.fill(1, rh - n, rh);
  }
  return { shifts, band };
}
