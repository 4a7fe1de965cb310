import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFloat16, encodeFloat16 } from '../float16';
import { FIXTURES } from './helpers';

/** Written by scripts/golden/make_float16.py (numpy `astype(np.float16)`). */
interface Float16Fixture {
  reference: string;
  encode: { f32: number[]; f16: number[] };
  decode: { f16: number[]; f32: number[] };
}

const fx = JSON.parse(readFileSync(join(FIXTURES, 'float16-numpy.json'), 'utf8')) as Float16Fixture;

const isNanHalf = (h: number): boolean => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
const hex = (v: number, d: number): string => `0x${v.toString(16).padStart(d, '0')}`;

test(`encodeFloat16 gives numpy's bit patterns (${fx.reference}): ties to even, subnormals, overflow, ±0, ±Infinity, NaN`, () => {
  const input = new Float32Array(Uint32Array.from(fx.encode.f32).buffer);
  const copy = input.slice();
  const out = encodeFloat16(input);
  assert.ok(out instanceof Uint16Array);
  assert.equal(out.length, input.length);
  const wrong: string[] = [];
  let nans = 0;
  let ties = 0;
  fx.encode.f16.forEach((want, i) => {
    const got = out[i] as number;
    const x = input[i] as number;
    if (Number.isNaN(x)) {
      // numpy keeps the payload's top bits, the library gives a quiet NaN: the class and sign must agree.
      nans++;
      if (!isNanHalf(got) || (got & 0x8000) !== (want & 0x8000)) wrong.push(`NaN ${hex(fx.encode.f32[i] as number, 8)} → ${hex(got, 4)}`);
    } else if (got !== want) wrong.push(`${x} (${hex(fx.encode.f32[i] as number, 8)}) → ${hex(got, 4)}, numpy ${hex(want, 4)}`);
    if (!Number.isNaN(x) && ((fx.encode.f32[i] as number) & 0x1fff) === 0x1000) ties++;
  });
  assert.deepEqual(wrong, []);
  assert.ok(fx.encode.f16.length > 400 && nans === 4 && ties > 10, `coverage: ${fx.encode.f16.length} cases, ${nans} NaN, ${ties} normal-range ties`);
  assert.deepEqual(input, copy, 'input unchanged');
});

test('encodeFloat16: the corner cases spelt out (so a regenerated fixture cannot hide them)', () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [1 + 2 ** -11, 0x3c00], // tie → even mantissa (down)
    [1 + 3 * 2 ** -11, 0x3c02], // tie → even mantissa (up)
    [65504, 0x7bff],
    [65519, 0x7bff],
    [65520, 0x7c00], // tie at the top → Infinity
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie → 0 (even)
    [3 * 2 ** -25, 0x0002], // tie → 2 (even)
    [-(2 ** -26), 0x8000], // underflow keeps the sign
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -14 - 2 ** -25, 0x0400], // the largest subnormal's tie with it rounds up into the normals
  ];
  const out = encodeFloat16(cases.map(([x]) => x));
  cases.forEach(([x, h], i) => assert.equal(out[i], h, `${x} → ${hex(out[i] as number, 4)}, expected ${hex(h, 4)}`));
  const nan = encodeFloat16([NaN])[0] as number;
  assert.ok(isNanHalf(nan), `NaN → ${hex(nan, 4)}`);
});

test(`decodeFloat16 gives numpy's float32 of each half, bit for bit (${fx.decode.f16.length} patterns)`, () => {
  const halves = Uint16Array.from(fx.decode.f16);
  const out = decodeFloat16(halves);
  const bits = new Uint32Array(out.buffer);
  const wrong: string[] = [];
  fx.decode.f16.forEach((h, i) => {
    const want = fx.decode.f32[i] as number;
    if (isNanHalf(h)) {
      if (!Number.isNaN(out[i] as number)) wrong.push(`${hex(h, 4)} → ${out[i]}, expected NaN`);
    } else if (bits[i] !== want) wrong.push(`${hex(h, 4)} → ${hex(bits[i] as number, 8)}, numpy ${hex(want, 8)}`);
  });
  assert.deepEqual(wrong, []);
  // Into a given buffer: the same values, and that buffer is returned.
  const dest = new Float32Array(halves.length);
  assert.equal(decodeFloat16(halves, dest), dest);
  assert.deepEqual(new Uint32Array(dest.buffer), bits);
});

test('every non-NaN half survives decode → encode unchanged (all 65536 patterns)', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const back = encodeFloat16(decodeFloat16(all));
  const wrong: number[] = [];
  for (let h = 0; h < 65536; h++) {
    if (isNanHalf(h) ? !isNanHalf(back[h] as number) : back[h] !== h) wrong.push(h);
  }
  assert.deepEqual(wrong.slice(0, 10).map((h) => hex(h, 4)), []);
});

test('decodeFloat16: an `out` of the wrong length is a RangeError naming both lengths', () => {
  assert.throws(() => decodeFloat16(new Uint16Array(3), new Float32Array(2)), { name: 'RangeError', message: 'decodeFloat16: out has 2 elements, expected 3' });
  assert.equal(encodeFloat16([]).length, 0);
  assert.equal(decodeFloat16(new Uint16Array(0)).length, 0);
});
