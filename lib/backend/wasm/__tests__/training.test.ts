/**
 * Training equivalence: five optimiser steps of every network the notebooks train, from the same
 * initial weights and the same data (dropout masks seeded identically), give the same losses on
 * wasm (with tounum's training kernels) and on the cpu reference backend, within 1e-3 relative.
 * Also: no tensor leaks across steps (numTensors after step 5 equals numTensors after step 1).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../selectBackend';
import { createRng } from '../../../random/createRng';
import { buildAttentionDecoder, buildCnnClassifier, buildMobileNetV2Tiny, buildPatchGan, buildUnet, makePix2PixStep } from './models';

const STEPS = 5;
const TOLERANCE = 1e-3;

function randomArray(seed: number, size: number, low = -1, high = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => low + (high - low) * rng.next());
}

function randomInts(seed: number, size: number, n: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: size }, () => rng.nextInt(n));
}

/** Trains on each backend from the cpu-drawn initial weights; returns the per-step losses of each. */
async function lossesOnBothBackends(
  build: () => tf.LayersModel[],
  makeStep: (models: tf.LayersModel[], keep: (t: tf.Tensor) => tf.Tensor) => () => Promise<number[]>,
): Promise<Record<'cpu' | 'wasm', number[][]>> {
  await tf.setBackend('cpu');
  const initial = tf.tidy(() => build().map((m) => m.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }))));
  const result = { cpu: [] as number[][], wasm: [] as number[][] };
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    const models = build();
    models.forEach((m, i) => m.setWeights((initial[i] ?? []).map((w) => tf.tensor(w.values, w.shape))));
    const data: tf.Tensor[] = [];
    const step = makeStep(models, (t) => (data.push(t), t));
    let tensorsAfterFirst = 0;
    for (let s = 0; s < STEPS; s++) {
      result[backend].push(await step());
      if (s === 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    assert.equal(tf.memory().numTensors, tensorsAfterFirst, `${backend}: tensors leaked across steps`);
    models.forEach((m) => m.dispose());
    tf.dispose(data);
  }
  return result;
}

function assertSameLosses(r: Record<'cpu' | 'wasm', number[][]>, label: string): void {
  r.cpu.forEach((cpuStep, s) =>
    cpuStep.forEach((expected, j) => {
      const actual = r.wasm[s]?.[j] as number;
      assert.ok(Number.isFinite(actual), `${label} step ${s + 1}: wasm loss ${actual}`);
      const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6);
      assert.ok(rel <= TOLERANCE, `${label} step ${s + 1} loss ${j}: wasm ${actual} vs cpu ${expected} (relative ${rel.toExponential(2)})`);
    }),
  );
  const first = r.cpu[0]?.[0] as number;
  const last = r.cpu[STEPS - 1]?.[0] as number;
  assert.notEqual(first, last, `${label}: the loss must change while training`);
}

/** A compiled-model step through `trainOnBatch` (the path the notebooks' fit loops take). */
function trainOnBatchStep(loss: string, xs: () => tf.Tensor | tf.Tensor[], ys: () => tf.Tensor) {
  return (models: tf.LayersModel[], keep: (t: tf.Tensor) => tf.Tensor) => {
    const model = models[0] as tf.LayersModel;
    model.compile({ optimizer: tf.train.adam(1e-3), loss });
    const x = xs();
    const y = keep(ys());
    (Array.isArray(x) ? x : [x]).forEach(keep);
    return async () => [(await model.trainOnBatch(x, y)) as number];
  };
}

before(async () => {
  await selectBackend({ backend: 'wasm', log: false });
});

test('CNN classifier (conv + max-pool + dropout + dense) trains identically on wasm and cpu', async () => {
  const r = await lossesOnBothBackends(
    () => [buildCnnClassifier(16, 4, [8, 16])],
    trainOnBatchStep('categoricalCrossentropy', () => tf.tensor4d(randomArray(1, 4 * 16 * 16 * 3, 0, 1), [4, 16, 16, 3]), () => tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4))),
  );
  assertSameLosses(r, 'cnn');
});

test('MobileNetV2-style depthwise separable network (batch norm, ReLU6) trains identically', async () => {
  const r = await lossesOnBothBackends(
    () => [buildMobileNetV2Tiny(16, 4)],
    trainOnBatchStep('categoricalCrossentropy', () => tf.tensor4d(randomArray(2, 4 * 16 * 16 * 3, 0, 1), [4, 16, 16, 3]), () => tf.tidy(() => tf.oneHot(tf.tensor1d([3, 1, 0, 2], 'int32'), 4))),
  );
  assertSameLosses(r, 'mobilenetv2');
});

test('embedding + LSTM encoder + GRU decoder with attention trains identically', async () => {
  const [batch, seq, enc, feat, vocab] = [3, 5, 4, 6, 30];
  const r = await lossesOnBothBackends(
    () => [buildAttentionDecoder(vocab, 8, 8, seq, enc, feat)],
    trainOnBatchStep(
      'sparseCategoricalCrossentropy',
      () => [tf.tensor3d(randomArray(3, batch * enc * feat), [batch, enc, feat]), tf.tensor2d(Float32Array.from(randomInts(4, batch * seq, vocab)), [batch, seq])],
      () => tf.tensor3d(Float32Array.from(randomInts(5, batch * seq, vocab)), [batch, seq, 1]),
    ),
  );
  assertSameLosses(r, 'attention decoder');
});

test('U-Net (strided 4×4 convs, transposed convs, skips, batch norm, dropout, LeakyReLU, tanh) trains identically', async () => {
  const r = await lossesOnBothBackends(
    () => [buildUnet(32, 3, [8, 16, 32])],
    trainOnBatchStep('meanAbsoluteError', () => tf.tensor4d(randomArray(6, 2 * 32 * 32 * 3), [2, 32, 32, 3]), () => tf.tensor4d(randomArray(7, 2 * 32 * 32 * 3), [2, 32, 32, 3])),
  );
  assertSameLosses(r, 'unet');
});

test('pix2pix step (U-Net generator + 70×70 PatchGAN discriminator) trains identically', async () => {
  const r = await lossesOnBothBackends(
    () => [buildUnet(32, 3, [8, 16, 32]), buildPatchGan(32, 3, [8, 16, 32, 32])],
    (models, keep) => {
      const step = makePix2PixStep(models[0] as tf.LayersModel, models[1] as tf.LayersModel, tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5));
      const source = keep(tf.tensor4d(randomArray(8, 2 * 32 * 32 * 3), [2, 32, 32, 3])) as tf.Tensor4D;
      const target = keep(tf.tensor4d(randomArray(9, 2 * 32 * 32 * 3), [2, 32, 32, 3])) as tf.Tensor4D;
      return async () => {
        const { gLoss, dLoss } = step(source, target);
        return [gLoss, dLoss];
      };
    },
  );
  assertSameLosses(r, 'pix2pix');
});
