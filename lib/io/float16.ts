/**
 * IEEE 754 half-precision (binary16) conversion, for compact on-disk caches of network features.
 * Encoding rounds to nearest, ties to even (as numpy's `astype(np.float16)`); values beyond ±65504
 * become ±Infinity, NaN stays NaN, subnormal halves are kept.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfOf(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

let table: Float32Array | undefined;

function decodeTable(): Float32Array {
  if (table !== undefined) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) table[h] = sign * mant * 2 ** -24;
    else if (exp === 0x1f) table[h] = mant === 0 ? sign * Infinity : NaN;
    else table[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
}

/**
 * Converts float32 values to binary16 bit patterns.
 * @param values - the values.
 * @returns one 16-bit pattern per value.
 */
export function encodeFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = halfOf(values[i] as number);
  return out;
}

/**
 * Converts binary16 bit patterns back to float32 (exact: every half is a float32).
 * @param halves - 16-bit patterns.
 * @param out - optional destination of the same length.
 */
export function decodeFloat16(halves: Uint16Array, out: Float32Array = new Float32Array(halves.length)): Float32Array {
  if (out.length !== halves.length) throw new RangeError(`decodeFloat16: out has ${out.length} elements, expected ${halves.length}`);
  const t = decodeTable();
  for (let i = 0; i < halves.length; i++) out[i] = t[halves[i] as number] as number;
  return out;
}
