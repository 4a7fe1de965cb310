import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Image } from '../../image';
import { bilateralFilter, convolve2d, convolveSeparable, gaussianBlur, medianFilter, unsharpMask, BORDER_MODES, type BorderMode, type Kernel2d } from '..';
import { decodeImage, maxAbsDiff, readFixture, type EncodedImage } from '../../metrics/__tests__/loadFixture';

interface FiltersFixture {
  constantValue: number;
  inputs: Record<string, EncodedImage>;
  kernels: { asym: Kernel2d & { data: number[] }; sep: Kernel2d & { data: number[]; kx: number[]; ky: number[] } };
  convolve2d: { input: string; kernel: 'asym' | 'sep'; border: BorderMode; expected: EncodedImage }[];
  gaussianBlur: { input: string; sigma: number; border?: BorderMode; radius?: number; expected: EncodedImage }[];
  medianFilter: { input: string; size: number; expected: EncodedImage }[];
  bilateralFilter: { input: string; diameter: number; sigmaColor: number; sigmaSpace: number; expected: EncodedImage }[];
  unsharpMask: { input: string; radius: number; amount: number; expected: EncodedImage }[];
}

const fx = readFixture<FiltersFixture>('filters', 'filters.json');
const inputs: Record<string, Image> = {};
for (const [k, v] of Object.entries(fx.inputs)) inputs[k] = decodeImage(v);
/** 8-bit expected outputs are rounded, so allow half a level plus float error. */
const tolFor = (e: EncodedImage, floatTol: number): number => (e.u8 !== undefined ? 0.5 / 255 + 1e-5 : floatTol);

for (const c of fx.convolve2d) {
  test(`convolve2d ${c.kernel} kernel, border ${c.border}, ${c.input}: matches cv2.filter2D`, () => {
    const k = fx.kernels[c.kernel];
    const opts = { border: c.border, borderValue: fx.constantValue };
    const expected = decodeImage(c.expected).data;
    const got = convolve2d(inputs[c.input], k, opts);
    assert.ok(maxAbsDiff(got.data, expected) < 2e-6, `auto path: max diff ${maxAbsDiff(got.data, expected)}`);
    const direct = convolve2d(inputs[c.input], k, { ...opts, detectSeparable: false });
    assert.ok(maxAbsDiff(direct.data, expected) < 2e-6, `direct path: max diff ${maxAbsDiff(direct.data, expected)}`);
    if (c.kernel === 'sep') {
      const sep = convolveSeparable(inputs[c.input], fx.kernels.sep.kx, fx.kernels.sep.ky, opts);
      assert.ok(maxAbsDiff(sep.data, expected) < 2e-6, `separable: max diff ${maxAbsDiff(sep.data, expected)}`);
    }
  });
}

test('the convolve2d goldens discriminate: every pair of border modes differs, and so does the flipped kernel', () => {
  for (const input of ['rgb', 'grey']) {
    for (const kernel of ['asym', 'sep'] as const) {
      const byMode = new Map(fx.convolve2d.filter((c) => c.input === input && c.kernel === kernel).map((c) => [c.border, decodeImage(c.expected).data]));
      assert.equal(byMode.size, BORDER_MODES.length);
      for (const m1 of BORDER_MODES) {
        for (const m2 of BORDER_MODES) {
          if (m1 < m2) assert.ok(maxAbsDiff(byMode.get(m1)!, byMode.get(m2)!) > 1e-3, `${input}/${kernel}: ${m1} vs ${m2}`);
        }
      }
      // A true convolution (kernel rotated 180°) must not pass the correlation golden.
      const k = fx.kernels[kernel];
      const flipped = { width: k.width, height: k.height, data: [...k.data].reverse() };
      const conv = convolve2d(inputs[input], flipped);
      assert.ok(maxAbsDiff(conv.data, byMode.get('reflect101')!) > 1e-2);
    }
  }
});

for (const c of fx.gaussianBlur) {
  test(`gaussianBlur σ=${c.sigma}${c.radius === undefined ? '' : ` radius ${c.radius}`} ${c.border ?? 'reflect101'} on ${c.input}: matches cv2.GaussianBlur`, () => {
    const got = gaussianBlur(inputs[c.input], c.sigma, { ...(c.border ? { border: c.border } : {}), ...(c.radius === undefined ? {} : { radius: c.radius }) });
    const e = c.expected;
    const expected = decodeImage(e).data;
    assert.ok(maxAbsDiff(got.data, expected) <= tolFor(e, 2e-6), `max diff ${maxAbsDiff(got.data, expected)}`);
  });
}

for (const c of fx.medianFilter) {
  test(`medianFilter size ${c.size} on ${c.input}: equals cv2.medianBlur on 8-bit`, () => {
    const got = medianFilter(inputs[c.input], c.size);
    assert.ok(maxAbsDiff(got.data, decodeImage(c.expected).data) < 1e-7);
  });
}

for (const c of fx.bilateralFilter) {
  test(`bilateralFilter d=${c.diameter} σc=${c.sigmaColor} σs=${c.sigmaSpace} on ${c.input}: matches cv2.bilateralFilter`, () => {
    const got = bilateralFilter(inputs[c.input], { diameter: c.diameter, sigmaColor: c.sigmaColor, sigmaSpace: c.sigmaSpace });
    const expected = decodeImage(c.expected).data;
    assert.ok(maxAbsDiff(got.data, expected) <= tolFor(c.expected, 1e-5), `max diff ${maxAbsDiff(got.data, expected)}`);
  });
}

test('bilateral goldens discriminate: the range weight matters (a spatial-only blur does not match)', () => {
  const c = fx.bilateralFilter.find((b) => b.input === 'rgb')!;
  const expected = decodeImage(c.expected).data;
  const blurred = gaussianBlur(inputs.rgb, c.sigmaSpace);
  assert.ok(maxAbsDiff(blurred.data, expected) > 0.05);
});

for (const c of fx.unsharpMask) {
  test(`unsharpMask radius ${c.radius} amount ${c.amount} on ${c.input}: matches skimage.filters.unsharp_mask`, () => {
    const got = unsharpMask(inputs[c.input], { radius: c.radius, amount: c.amount });
    const expected = decodeImage(c.expected).data;
    assert.ok(maxAbsDiff(got.data, expected) < 1e-5, `max diff ${maxAbsDiff(got.data, expected)}`);
  });
}
