/**
 * Each tounum wasm training kernel against the cpu backend (tfjs-backend-cpu's reference loops) on
 * randomised shapes: odd sizes, strides 1–3, all padding modes (same, valid, number with rounding
 * modes, explicit), batch 1 and > 1, channels 1–64. Error = ‖wasm − cpu‖₂ / ‖cpu‖₂ ≤ 1e-4.
 *
 * Dilated depthwise gradients: tfjs-core's gradient refuses dilations > 1 and the cpu backprop kernels
 * ignore the attribute, so their reference is the cpu kernel on the explicitly zero-inserted filter.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../selectBackend';
import { createRng, type Rng } from '../../../random/createRng';
import { GEMM_MIN_ROWS } from '../sumOverLeadingAxes';
import { REPLACED_WASM_KERNELS, TRAINING_KERNELS, registerWasmTrainingKernels, unregisterWasmTrainingKernels } from '../registerWasmTrainingKernels';

interface Input { data: Float32Array | Int32Array; shape: number[]; dtype: 'float32' | 'int32' }
type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

const TOLERANCE = 1e-4;

function randomInput(rng: Rng, shape: number[]): Input {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.next() * 2 - 1;
  return { data, shape, dtype: 'float32' };
}

async function runOn(backend: 'cpu' | 'wasm', name: string, inputs: Record<string, Input>, attrs: object): Promise<{ values: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.data, v.shape, v.dtype);
  const before = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const values = Float32Array.from(out.dataSync());
  const shape = out.shape.slice();
  out.dispose();
  // Intermediates a kernel allocates on the backend must all be released.
  assert.equal(tf.engine().backend.numDataIds(), before, `${name} on ${backend} leaked backend data`);
  Object.values(tensors).forEach((t) => t.dispose());
  return { values, shape };
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += ((actual[i] as number) - (expected[i] as number)) ** 2;
    den += (expected[i] as number) ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

async function compare(name: string, inputs: Record<string, Input>, attrs: object, label: string, reference?: Float32Array): Promise<void> {
  const wasm = await runOn('wasm', name, inputs, attrs);
  const expected = reference ?? (await runOn('cpu', name, inputs, attrs)).values;
  assert.equal(wasm.values.length, expected.length, `${label}: size`);
  const err = relativeError(wasm.values, expected);
  assert.ok(err <= TOLERANCE, `${label}: relative error ${err.toExponential(2)} > ${TOLERANCE}`);
}

function randomPad(rng: Rng): Pad {
  switch (rng.nextInt(4)) {
    case 0: return 'same';
    case 1: return 'valid';
    case 2: return rng.nextInt(3);
    default: return [[0, 0], [rng.nextInt(3), rng.nextInt(3)], [rng.nextInt(3), rng.nextInt(3)], [0, 0]];
  }
}

interface ConvCase { n: number; h: number; w: number; ci: number; co: number; kh: number; kw: number; strides: [number, number]; dilations: [number, number]; pad: Pad; rounding?: 'floor' | 'round' | 'ceil' }

/** A random valid convolution; `depthwise` makes co the channel multiplier and allows dilations. */
function randomConv(rng: Rng, depthwise: boolean): ConvCase & { outShape: number[] } {
  for (;;) {
    const big = rng.nextInt(4) === 0;
    const ci = big ? 16 + rng.nextInt(49) : 1 + rng.nextInt(8);
    const co = depthwise ? 1 + rng.nextInt(3) : big ? 1 + rng.nextInt(8) : 1 + rng.nextInt(64);
    const dilate = depthwise && rng.nextInt(3) === 0;
    const s = () => (dilate ? 1 : 1 + rng.nextInt(3));
    const d = () => (dilate ? 1 + rng.nextInt(3) : 1);
    const c: ConvCase = {
      n: 1 + rng.nextInt(3),
      h: 3 + rng.nextInt(11),
      w: 3 + rng.nextInt(11),
      ci,
      co,
      kh: 1 + rng.nextInt(5),
      kw: 1 + rng.nextInt(5),
      strides: [s(), s()],
      dilations: [d(), d()],
      pad: randomPad(rng),
    };
    if (typeof c.pad === 'number' && rng.nextInt(2) === 0) c.rounding = (['floor', 'round', 'ceil'] as const)[rng.nextInt(3)];
    try {
      const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.ci], [c.kh, c.kw, c.ci, c.co], c.strides, c.dilations, c.pad, c.rounding, depthwise);
      if (info.outHeight > 0 && info.outWidth > 0) return { ...c, outShape: info.outShape };
    } catch {
      // an impossible geometry; draw again
    }
  }
}

const describeCase = (c: ConvCase) =>
  `n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.kh}×${c.kw} s${c.strides} d${c.dilations} pad ${JSON.stringify(c.pad)}${c.rounding ? ` ${c.rounding}` : ''}`;

/** Zero-inserts a depthwise filter [kh, kw, c, m] by dilations (dh, dw). */
function dilateFilter(f: Input, dh: number, dw: number): Input {
  const [kh, kw, c, m] = f.shape as [number, number, number, number];
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  const data = new Float32Array(eh * ew * c * m);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) data.set(f.data.subarray((i * kw + j) * c * m, (i * kw + j + 1) * c * m), (i * dh * ew + j * dw) * c * m);
  return { data, shape: [eh, ew, c, m], dtype: 'float32' };
}

before(async () => {
  await selectBackend({ backend: 'wasm', log: false });
});

test('Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend on 40 random geometries', async () => {
  const rng = createRng(20240611);
  for (let i = 0; i < 40; i++) {
    const c = randomConv(rng, false);
    const x = randomInput(rng, [c.n, c.h, c.w, c.ci]);
    const dy = randomInput(rng, c.outShape);
    const filter = randomInput(rng, [c.kh, c.kw, c.ci, c.co]);
    const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.rounding };
    await compare('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: [c.kh, c.kw, c.ci, c.co] }, `filter ${describeCase(c)}`);
    await compare('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: [c.n, c.h, c.w, c.ci] }, `input ${describeCase(c)}`);
  }
});

test('depthwise backprop kernels match the cpu backend on 40 random geometries, dilations included', async () => {
  const rng = createRng(7);
  for (let i = 0; i < 40; i++) {
    const c = randomConv(rng, true);
    const x = randomInput(rng, [c.n, c.h, c.w, c.ci]);
    const dy = randomInput(rng, c.outShape);
    const filter = randomInput(rng, [c.kh, c.kw, c.ci, c.co]);
    const common = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: c.rounding };
    const dilated = c.dilations[0] > 1 || c.dilations[1] > 1;
    const [dh, dw] = c.dilations;
    let filterReference: Float32Array | undefined;
    let inputReference: Float32Array | undefined;
    if (dilated) {
      const eff = dilateFilter(filter, dh, dw);
      const plain = { ...common, dilations: 1 };
      inputReference = (await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: eff }, { ...plain, inputShape: [c.n, c.h, c.w, c.ci] })).values;
      const full = (await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...plain, filterShape: eff.shape })).values;
      const [eh, ew] = eff.shape as [number, number];
      const cm = c.ci * c.co;
      filterReference = new Float32Array(c.kh * c.kw * cm);
      for (let a = 0; a < c.kh; a++) for (let b = 0; b < c.kw; b++) filterReference.set(full.subarray((a * dh * ew + b * dw) * cm, (a * dh * ew + b * dw + 1) * cm), (a * c.kw + b) * cm);
      void eh;
    }
    await compare('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: [c.kh, c.kw, c.ci, c.co] }, `dw filter ${describeCase(c)}`, filterReference);
    await compare('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: [c.n, c.h, c.w, c.ci] }, `dw input ${describeCase(c)}`, inputReference);
  }
});

test('depthwise input gradient with stride and dilation both > 1 (kernel-level only) matches the zero-inserted reference', async () => {
  const rng = createRng(3);
  const x = randomInput(rng, [2, 13, 11, 3]);
  const filter = randomInput(rng, [3, 3, 3, 2]);
  const attrs = { strides: [2, 3], dilations: [2, 2], pad: 'same' as const };
  const eff = dilateFilter(filter, 2, 2);
  const info = tf.backend_util.computeConv2DInfo([2, 13, 11, 3], [3, 3, 3, 2], [2, 3], [2, 2], 'same', undefined, true);
  const dy = randomInput(rng, info.outShape);
  const reference = (await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: eff }, { ...attrs, dilations: 1, inputShape: x.shape })).values;
  await compare('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }, 'dw input s2×3 d2', reference);
});

test('UnsortedSegmentSum matches the cpu backend, out-of-range ids dropped', async () => {
  const rng = createRng(11);
  const cases: [number[], number][] = [[[12, 5], 7], [[9], 4], [[20, 2, 3], 30], [[64, 16], 50]];
  for (const [xShape, numSegments] of cases) {
    const x = randomInput(rng, xShape);
    const count = xShape[0] as number;
    const ids = new Int32Array(count);
    for (let i = 0; i < count; i++) ids[i] = rng.nextInt(numSegments + 2) - 1; // includes −1 and numSegments
    await compare('UnsortedSegmentSum', { x, segmentIds: { data: ids, shape: [count], dtype: 'int32' } }, { numSegments }, `uss ${xShape}`);
  }
});

test('Tile matches the cpu backend exactly for every rank, dtype and zero reps', async () => {
  const rng = createRng(5);
  const cases: [number[], number[], 'float32' | 'int32' | 'bool'][] = [
    [[1, 1, 1, 64], [8, 5, 3, 1], 'float32'], [[2, 3], [3, 2], 'int32'], [[3], [4], 'bool'], [[2, 1, 3], [1, 5, 2], 'float32'],
    [[], [], 'float32'], [[2, 2, 2, 2, 2], [2, 1, 3, 1, 2], 'float32'], [[4, 3], [0, 2], 'float32'], [[3, 1, 2, 1, 2, 1], [1, 2, 1, 3, 1, 2], 'int32'],
  ];
  for (const [shape, reps, dtype] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, () => (dtype === 'bool' ? rng.nextInt(2) : rng.nextInt(1000) - 500));
    const results: number[][] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await tf.setBackend(backend);
      results.push(tf.tidy(() => Array.from(tf.tile(tf.tensor(data, shape, dtype), reps).dataSync())));
    }
    assert.deepEqual(results[0], results[1], `tile ${shape} by ${reps} (${dtype})`);
  }
});

test('registration is idempotent, replaces the stock kernels once and can be undone', async () => {
  await tf.setBackend('wasm');
  const first = registerWasmTrainingKernels();
  const second = registerWasmTrainingKernels();
  assert.deepEqual(first, second);
  assert.deepEqual(first, TRAINING_KERNELS.map((k) => k.kernelName));
  for (const k of TRAINING_KERNELS) assert.equal(tf.getKernel(k.kernelName, 'wasm')?.kernelFunc, k.kernelFunc, k.kernelName);

  const removed = unregisterWasmTrainingKernels();
  assert.deepEqual(removed, first);
  for (const name of REPLACED_WASM_KERNELS) {
    const stock = tf.getKernel(name, 'wasm');
    assert.ok(stock !== undefined, `stock ${name} restored`);
    assert.notEqual(stock.kernelFunc, TRAINING_KERNELS.find((k) => k.kernelName === name)?.kernelFunc);
  }
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined);
  assert.deepEqual(unregisterWasmTrainingKernels(), []);
  assert.deepEqual(registerWasmTrainingKernels(), first);
  for (const k of TRAINING_KERNELS) assert.equal(tf.getKernel(k.kernelName, 'wasm')?.kernelFunc, k.kernelFunc, k.kernelName);
});

test('Sum and Mean match the cpu backend over leading axes (fast path) and all other axis sets (stock path)', async () => {
  const rng = createRng(13);
  const cases: [number[], number | number[], boolean, 'float32' | 'int32'][] = [
    [[8, 5, 7, 16], [0, 1, 2], false, 'float32'], [[8, 5, 7, 16], [2, 0, 1], true, 'float32'], [[6, 9], 0, false, 'float32'],
    [[3, 4, 5], [1, 2], false, 'float32'], [[3, 4, 5], [0, 2], true, 'float32'], [[3, 4, 5], [0, 1, 2], false, 'float32'],
    [[4, 6, 3], [0, 1], false, 'int32'], [[2, 3, 4, 5, 6], [-5, -4], false, 'float32'],
    // ≥ GEMM_MIN_ROWS reduced rows: the XNNPACK product path (float32 accumulation).
    [[8, 16, 16, 12], [0, 1, 2], false, 'float32'], [[4, 9, 15, 3], [0, 1, 2], true, 'float32'], [[600, 5], 0, false, 'float32'],
  ];
  for (const [shape, axis, keepDims, dtype] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, () => (dtype === 'int32' ? rng.nextInt(100) - 50 : rng.next() * 2 - 1));
    for (const op of ['sum', 'mean'] as const) {
      const results: { values: number[]; shape: number[] }[] = [];
      for (const backend of ['wasm', 'cpu'] as const) {
        await tf.setBackend(backend);
        results.push(tf.tidy(() => {
          const y = tf[op](tf.tensor(data, shape, dtype), axis, keepDims);
          return { values: Array.from(y.dataSync()), shape: y.shape };
        }));
      }
      const [w, c] = results as [{ values: number[]; shape: number[] }, { values: number[]; shape: number[] }];
      const label = `${op} ${shape} axis ${JSON.stringify(axis)} keepDims ${keepDims} ${dtype}`;
      assert.deepEqual(w.shape, c.shape, label);
      const rows = shape.slice(0, (Array.isArray(axis) ? axis.length : 1)).reduce((a, b) => a * b, 1);
      const tolerance = dtype === 'float32' && rows >= GEMM_MIN_ROWS ? 1e-5 : 1e-6;
      assert.ok(relativeError(Float32Array.from(w.values), Float32Array.from(c.values)) <= tolerance, `${label}: error above ${tolerance}`);
    }
  }
});

test('BatchMatMul and _FusedMatMul match the cpu backend for every transpose combination, batch broadcast, bias and activation', async () => {
  const rng = createRng(17);
  const shapes: [number[], number[]][] = [[[7, 5], [5, 9]], [[3, 7, 5], [3, 5, 9]], [[1, 64, 50], [1, 50, 30]], [[4, 6, 3], [1, 3, 8]], [[2, 3, 4], [4, 5]]];
  for (const [aShape, bShape] of shapes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1] as number, s[s.length - 2] as number] : s);
        const a = randomInput(rng, swap(aShape, transposeA));
        const b = randomInput(rng, swap(bShape, transposeB));
        if (a.shape.length !== b.shape.length) continue; // the kernels take equal ranks (the op reshapes first)
        const label = `${a.shape}${transposeA ? 'ᵀ' : ''} · ${b.shape}${transposeB ? 'ᵀ' : ''}`;
        await compare('BatchMatMul', { a, b }, { transposeA, transposeB }, `BatchMatMul ${label}`);
        if (a.shape.length !== 3) continue; // _FusedMatMul's contract: rank 3 (tf.fused.matMul reshapes first)
        const n = bShape[bShape.length - 1] as number;
        const bias = randomInput(rng, [n]);
        await compare('_FusedMatMul', { a, b, bias }, { transposeA, transposeB, activation: 'leakyrelu', leakyreluAlpha: 0.1 }, `_FusedMatMul leakyrelu ${label}`);
        await compare('_FusedMatMul', { a, b }, { transposeA, transposeB, activation: 'relu' }, `_FusedMatMul relu, no bias ${label}`);
      }
    }
  }
});

test('MaxPoolGrad matches the cpu backend (ties, padding, strides, odd sizes)', async () => {
  const rng = createRng(19);
  for (const [shape, filterSize, strides, pad] of [
    [[2, 9, 7, 5], 2, 2, 'valid'], [[1, 8, 8, 3], 3, 2, 'same'], [[3, 7, 9, 16], [3, 2], [1, 2], 'same'], [[2, 6, 6, 4], 2, 1, 1],
  ] as [number[], number | [number, number], number | [number, number], 'same' | 'valid' | number][]) {
    const x = randomInput(rng, shape);
    // Quantise half the inputs so that windows contain ties; the first maximum must win, as on cpu.
    for (let i = 0; i < x.data.length; i += 2) x.data[i] = Math.round((x.data[i] as number) * 2) / 2;
    const y = await runOn('cpu', 'MaxPool', { x }, { filterSize, strides, pad });
    const dy = randomInput(rng, y.shape);
    const output = { data: y.values, shape: y.shape, dtype: 'float32' as const };
    await compare('MaxPoolGrad', { dy, input: x, output }, { filterSize, strides, pad }, `MaxPoolGrad ${shape} f${filterSize} s${strides} ${pad}`);
  }
});

test('Unpack matches the cpu backend along every axis', async () => {
  const rng = createRng(23);
  const x = randomInput(rng, [3, 4, 5]);
  for (const axis of [0, 1, 2, -1]) {
    const results: number[][][] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await tf.setBackend(backend);
      results.push(tf.tidy(() => tf.unstack(tf.tensor(x.data, x.shape), axis).map((t) => Array.from(t.dataSync()))));
    }
    assert.deepEqual(results[0], results[1], `unstack axis ${axis}`);
  }
});

test('registering before the wasm backend initialises still binds the stock kernels the replacements delegate to', () => {
  // A fresh process: here the backend is already initialised, which would hide the problem.
  const script = `
    const tf = require('@tensorflow/tfjs');
    require('@tensorflow/tfjs-backend-wasm');
    require(${JSON.stringify(require.resolve('../registerWasmTrainingKernels'))}).registerWasmTrainingKernels();
    tf.setBackend('wasm').then(() => {
      const out = tf.matMul(tf.ones([2, 3]), tf.ones([4, 3]), false, true).arraySync();
      process.stdout.write(JSON.stringify([out, tf.sum(tf.ones([2, 3, 4]), [0, 1]).arraySync()]));
    });`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: process.cwd() });
  assert.equal(res.status, 0, res.stderr);
  const json = res.stdout.slice(res.stdout.lastIndexOf('[[['));
  assert.deepEqual(JSON.parse(json), [[[3, 3, 3, 3], [3, 3, 3, 3]], [6, 6, 6, 6]]);
});

test('Identity shares the input memory: same values, survives disposing the input, no copy and no leak', async () => {
  await tf.setBackend('wasm');
  const before = tf.engine().backend.numDataIds();
  const x = tf.tensor([1.5, -2, 3, 4e-7, 5, 6], [2, 3]);
  const y = tf.clone(x);
  assert.equal(tf.engine().backend.numDataIds(), before + 1, 'a clone adds no backend buffer');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3, Math.fround(4e-7), 5, 6]);
  assert.deepEqual(y.shape, [2, 3]);
  y.dispose();
  assert.equal(tf.engine().backend.numDataIds(), before, 'the buffer is freed with the last reference');
  const strings = tf.tidy(() => tf.clone(tf.tensor(['a', 'bc'])).dataSync());
  assert.deepEqual(Array.from(strings), ['a', 'bc']);
});
