// Shared by the dropout and head-switching stages (helper B): luma plane, option checks, row shifts.
import type { Image } from '../../image';

/** Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′ (BT.601), or the grey plane itself. */
export function lumaPlane(image: Image): Float32Array {
  const { width, height, channels, data } = image;
  if (channels === 1) return data.slice();
  const y = new Float32Array(width * height);
  for (let i = 0, j = 0; i < y.length; i++, j += 3) y[i] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2];
  return y;
}

/** A number option in [min, max] (integer when asked), or the default. */
export function numberOption(fn: string, name: string, value: unknown, fallback: number, min: number, max: number, integer = false): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${fn}: options.${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(value)}`);
  }
  return v;
}

/** A string option among `allowed`, or the default. */
export function choiceOption<T extends string>(fn: string, name: string, value: unknown, fallback: T, allowed: readonly T[]): T {
  const v = value ?? fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new RangeError(`${fn}: options.${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
  }
  return v as T;
}

/** Median of the first `n` values of `a` (sorts a copy). */
export function median(a: ArrayLike<number>, n = a.length): number {
  if (n === 0) return 0;
  const s = Float32Array.from({ length: n }, (_, i) => a[i] as number).sort();
  return n % 2 === 1 ? (s[(n - 1) >> 1] as number) : 0.5 * ((s[n / 2 - 1] as number) + (s[n / 2] as number));
}

/**
 * Samples `row` (length w, stride `stride` between samples starting at `offset`) at x − shift with
 * Catmull-Rom cubic interpolation, clamping at the ends; writes `out[x]` for x in [0, w).
 * Returns nothing: `valid[x]` (when given) is set to 0 where x − shift falls outside the line.
 */
export function resampleShifted(src: Float32Array, offset: number, stride: number, w: number, shift: number, out: Float32Array, valid?: Uint8Array): void {
  const at = (i: number): number => src[offset + stride * (i < 0 ? 0 : i >= w ? w - 1 : i)] as number;
  for (let x = 0; x < w; x++) {
    const p = x - shift;
    const i = Math.floor(p);
    const t = p - i;
    if (valid !== undefined) valid[x] = p >= 0 && p <= w - 1 ? 1 : 0;
    const p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
    out[x] = p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3 + t * (3 * (p1 - p2) + p3 - p0)));
  }
}
