import { assertImage, type Image } from '../../image';
import { inRange, nonNegativeInt } from '../../validate';

/** Rows of a head-switching band, as {@link detectHeadSwitchingBand} returns them. */
export interface BandRows {
  position: 'top' | 'bottom' | 'none';
  start: number;
  end: number;
}

/** Options of {@link repairHeadSwitchingBand}. */
export interface RepairHeadSwitchingBandOptions {
  /**
   * A band row is replaced only where the picture it would be replaced with is the same picture:
   * both rows are blurred along the line (a 31-px box, which hides the band's noise and a skew of a
   * few px) and compared; above this mean |difference| (on the [0, 1] scale, all channels) the row
   * is kept — on a picture with horizontal structure (blinds, stripes, a horizon) the line 2 rows
   * away is another part of the picture. `Infinity` replaces every band row. @default 0.03
   */
  maxDifference?: number;
}

/**
 * Conceals a head-switching band by repeating, for each of its rows, the nearest line of the same
 * field outside the band (the band's lines carry no usable picture: torn by up to tens of px, with a
 * different amount on every line, and several times noisier than the picture). Measured on the VHS
 * tuning split this beats realigning the band with its true skew (+0.55 against +0.37 dB at SP),
 * because realignment leaves the band's noise. Rows outside the band are copied unchanged.
 * @param frame - grey or RGB; not modified.
 * @param band - the band rows; `position: 'none'` or an empty range returns a copy.
 * @throws TypeError for a malformed image or band; RangeError when the band leaves no line of each field outside it.
 */
export function repairHeadSwitchingBand(frame: Image, band: BandRows, options: RepairHeadSwitchingBandOptions = {}): Image {
  const fn = 'repairHeadSwitchingBand';
  assertImage(frame, `${fn}: frame`);
  if (band === null || typeof band !== 'object') throw new TypeError(`${fn}: band must be { position, start, end }, got ${String(band)}`);
  const { width: w, height: h, channels: c } = frame;
  const out: Image = { ...frame, data: frame.data.slice() };
  if (band.position === 'none') return out;
  const start = nonNegativeInt(fn, 'band.start', band.start);
  const end = nonNegativeInt(fn, 'band.end', band.end);
  if (end <= start) return out;
  if (band.position === 'bottom' ? end !== h || start < 2 : start !== 0 || end > h - 2) {
    throw new RangeError(`${fn}: a ${band.position} band must touch that edge and leave two rows of picture; got rows [${start}, ${end}) of ${h}`);
  }
  const maxDifference = inRange(fn, 'options.maxDifference', options.maxDifference ?? 0.03, 0, Infinity);
  const row = w * c;
  const a = new Float32Array(row), b = new Float32Array(row);
  for (let r = start; r < end; r++) {
    // The nearest row of the same parity outside the band.
    const src = band.position === 'bottom' ? start - 2 + ((r - start) & 1) : end + ((r - end) & 1);
    if (maxDifference !== Infinity) {
      boxAlongRow(frame.data, r * row, a, w, c, 15);
      boxAlongRow(frame.data, src * row, b, w, c, 15);
      let d = 0;
      for (let i = 0; i < row; i++) d += Math.abs((a[i] as number) - (b[i] as number));
      if (d / row > maxDifference) continue;
    }
    out.data.set(frame.data.subarray(src * row, src * row + row), r * row);
  }
  return out;
}

/** Mean over a (2·radius + 1)-px window along one row of every channel, the window clipped at the ends. */
function boxAlongRow(data: Float32Array, off: number, dst: Float32Array, w: number, c: number, radius: number): void {
  for (let k = 0; k < c; k++) {
    let s = 0, n = 0;
    for (let x = 0; x < Math.min(w, radius); x++) {
      s += data[off + x * c + k] as number;
      n++;
    }
    for (let x = 0; x < w; x++) {
      const add = x + radius, drop = x - radius - 1;
      if (add < w) {
        s += data[off + add * c + k] as number;
        n++;
      }
      if (drop >= 0) {
        s -= data[off + drop * c + k] as number;
        n--;
      }
      dst[x * c + k] = s / n;
    }
  }
}
