import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../random';
import {
  chooseThresholdByBalancedAccuracy,
  chooseThresholdByF1,
  computeBinaryMetrics,
  computeClassWeights,
  computePrecisionRecallCurve,
  createArrayBatches,
  evaluateModel,
  flushDenormalWeights,
  FLOAT32_MIN_NORMAL,
  predictModel,
  sampleLoss,
  trainModel,
} from '..';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('computeClassWeights gives n / (k · n_c) (scikit-learn "balanced") and rejects bad labels', () => {
  const w = computeClassWeights([0, 0, 0, 1]);
  close(w[0] as number, 4 / 6);
  close(w[1] as number, 2);
  // Mean weight over samples is 1.
  close((3 * (w[0] as number) + (w[1] as number)) / 4, 1);
  assert.throws(() => computeClassWeights([0, 0], 2), /class 1 has no sample/);
  assert.throws(() => computeClassWeights([0, 1.5]), /labels\[1\] must be an integer ≥ 0, got 1.5/);
  assert.throws(() => computeClassWeights([]), /non-empty/);
});

// Hand-checked example (same numbers as sklearn.metrics on it).
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
const labels = [1, 1, 0, 1, 0, 0, 1, 0];

test('computeBinaryMetrics: confusion counts, precision, recall, F1, balanced accuracy', () => {
  const m = computeBinaryMetrics(scores, labels, 0.5);
  assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [3, 2, 2, 1]);
  close(m.precision, 0.6);
  close(m.recall, 0.75);
  close(m.f1, 2 / 3);
  close(m.specificity, 0.5);
  close(m.balancedAccuracy, 0.625);
  close(m.accuracy, 5 / 8);
  const none = computeBinaryMetrics(scores, labels, 0.95);
  assert.equal(none.precision, 1);
  assert.equal(none.recall, 0);
  assert.throws(() => computeBinaryMetrics([0.1], [2]), /labels\[0\] must be 0 or 1, got 2/);
  assert.throws(() => computeBinaryMetrics([0.1, 0.2], [1]), /one entry per score \(2\), got 1/);
});

test('computePrecisionRecallCurve and chooseThresholdByF1 on the hand example', () => {
  const c = computePrecisionRecallCurve(scores, labels);
  assert.deepEqual(c.thresholds, scores);
  const p = [1, 1, 2 / 3, 0.75, 0.6, 0.5, 4 / 7, 0.5];
  const r = [0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 1, 1];
  p.forEach((v, i) => close(c.precision[i] as number, v));
  r.forEach((v, i) => close(c.recall[i] as number, v));
  close(c.averagePrecision, 0.25 + 0.25 + 0.25 * 0.75 + 0.25 * (4 / 7)); // sklearn average_precision_score = 0.8303571
  const best = chooseThresholdByF1(scores, labels);
  close(best.threshold, 0.575); // halfway between 0.6 (last accepted) and 0.55
  close(best.f1, 0.75);
  // Balanced accuracy (recall + specificity) / 2 per point: .625 .75 .625 .75 .625 .5 .625 .5 → first best at 0.8,
  // placed halfway to 0.7.
  const bal = chooseThresholdByBalancedAccuracy(scores, labels);
  close(bal.threshold, 0.75);
  close(bal.balancedAccuracy, 0.75);
  // Ties in scores give one point.
  assert.equal(computePrecisionRecallCurve([0.5, 0.5, 0.1], [1, 0, 1]).thresholds.length, 2);
  assert.throws(() => computePrecisionRecallCurve([0.2], [0]), /no positive sample/);
});

test('sampleLoss is the per-sample cross-entropy', () => {
  const l = tf.tidy(() => sampleLoss(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.8], [0.3]]), 'binaryCrossentropy').arraySync() as number[]);
  close(l[0] as number, -Math.log(0.8), 1e-6);
  close(l[1] as number, -Math.log(0.7), 1e-6);
  const c = tf.tidy(() => sampleLoss(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.2, 0.5, 0.3]]), 'categoricalCrossentropy').arraySync() as number[]);
  close(c[0] as number, -Math.log(0.5), 1e-6);
});

/** Linearly separable 2-d data: label = [x0 + 2·x1 > 0]. */
function toyData(n: number, seed: number, noisyLabels = false): { x: Float32Array; y: number[] } {
  const rng = createRng(seed);
  const x = new Float32Array(2 * n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.nextNormal();
    x[2 * i + 1] = rng.nextNormal();
    y.push(noisyLabels ? rng.nextInt(2) : (x[2 * i] as number) + 2 * (x[2 * i + 1] as number) > 0 ? 1 : 0);
  }
  return { x, y };
}

function logistic(seed: number): tf.Sequential {
  const net = tf.sequential();
  net.add(tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  return net;
}

test('trainModel learns a separable problem, records history, and leaks no tensor', async () => {
  await tf.setBackend('cpu');
  const train = toyData(256, 1);
  const val = toyData(128, 2);
  const net = logistic(3);
  const before = tf.memory().numTensors;
  const history = await trainModel(net, createArrayBatches(train.x, train.y, [2], { batchSize: 32, shuffle: true }), {
    numEpochs: 15,
    lr: 0.05,
    valData: createArrayBatches(val.x, val.y, [2], { batchSize: 64 }),
    log: false,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(history.epochs.length, 15);
  assert.ok((history.epochs.at(-1) as { loss: number }).loss < (history.epochs[0] as { loss: number }).loss);
  const ev = await evaluateModel(net, createArrayBatches(val.x, val.y, [2], { batchSize: 64 })(0));
  assert.ok(ev.accuracy > 0.95, `val accuracy ${ev.accuracy}`);
  assert.ok(ev.balancedAccuracy > 0.95);
  net.dispose();
});

test('trainModel resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
  await tf.setBackend('cpu');
  const train = toyData(96, 4);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-ckpt-'));
  try {
    const stream = createArrayBatches(train.x, train.y, [2], { batchSize: 16, shuffle: true, seed: 9 });
    const straight = logistic(5);
    await trainModel(straight, stream, { numEpochs: 4, lr: 0.02, log: false });
    const first = logistic(5);
    await trainModel(first, stream, { numEpochs: 2, lr: 0.02, log: false, checkpointDir: path.join(dir, 'a') });
    const resumed = logistic(5);
    const h = await trainModel(resumed, stream, { numEpochs: 4, lr: 0.02, log: false, checkpointDir: path.join(dir, 'a') });
    assert.equal(h.resumedFromEpoch, 2);
    assert.equal(h.epochs.length, 4);
    const a = straight.getWeights().map((t) => Array.from(t.dataSync()));
    const b = resumed.getWeights().map((t) => Array.from(t.dataSync()));
    a.flat().forEach((v, i) => close(v, b.flat()[i] as number, 1e-6));
    // A different architecture refuses the checkpoint.
    const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3 }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    await assert.rejects(trainModel(other, stream, { numEpochs: 4, log: false, checkpointDir: path.join(dir, 'a') }), /saved from a different architecture/);
    [straight, first, resumed, other].forEach((n) => n.dispose());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
  await tf.setBackend('cpu');
  const train = toyData(64, 6, true);
  const val = toyData(64, 7, true);
  const net = logistic(8);
  const bestWeights: number[][] = [];
  const history = await trainModel(net, createArrayBatches(train.x, train.y, [2], { batchSize: 8, shuffle: true }), {
    numEpochs: 60,
    lr: 0.1,
    valData: createArrayBatches(val.x, val.y, [2]),
    earlyStopping: { patience: 3 },
    log: false,
    onEpochEnd: (record, h) => {
      if (h.bestEpoch === record.epoch) bestWeights.splice(0, bestWeights.length, ...net.getWeights().map((t) => Array.from(t.dataSync())));
    },
  });
  assert.equal(history.stoppedEarly, true);
  assert.equal(history.epochs.length, history.bestEpoch + 3);
  const valLosses = history.epochs.map((e) => e.valLoss as number);
  assert.equal(Math.min(...valLosses), valLosses[history.bestEpoch - 1]);
  net.getWeights().map((t) => Array.from(t.dataSync())).flat().forEach((v, i) => close(v, bestWeights.flat()[i] as number, 1e-7));
  net.dispose();
});

test('class weights change the loss as Keras class_weight does, and options are validated', async () => {
  await tf.setBackend('cpu');
  const net = logistic(1);
  const x = new Float32Array([0, 0, 0, 0]);
  const losses: number[] = [];
  // With zero input the output is sigmoid(0) = 0.5 for both samples, loss ln 2 each.
  await trainModel(net, createArrayBatches(x, [1, 0], [2], { batchSize: 2 }), { numEpochs: 1, lr: 1e-9, classWeights: [1, 3], log: false, onBatchEnd: (_b, l) => losses.push(l) });
  close(losses[0] as number, ((1 + 3) / 2) * Math.log(2), 1e-5);
  await assert.rejects(trainModel(net, createArrayBatches(x, [1, 0], [2]), { numEpochs: -1 }), /numEpochs must be an integer ≥ 0, got -1/);
  await assert.rejects(trainModel(net, createArrayBatches(x, [1, 0], [2]), { earlyStopping: { patience: 2 } }), /earlyStopping needs options.valData/);
  await assert.rejects(trainModel(net, createArrayBatches(x, [1, 0], [2]), { classWeights: [1, -1] }), /classWeights must be an array of weights ≥ 0/);
  net.dispose();
});

test('the training barrel exports exactly this API', async () => {
  const training = await import('..');
  assert.deepEqual(Object.keys(training).sort(), [
    'FLOAT32_MIN_NORMAL', 'buildHistoryFigures', 'chooseThresholdByBalancedAccuracy', 'chooseThresholdByF1', 'computeBinaryMetrics', 'computeClassWeights',
    'computePrecisionRecallCurve', 'createArrayBatches', 'createPix2pixOptimizers', 'evaluateModel', 'flushDenormalWeights', 'hasCheckpoint', 'maskedSoftmaxCrossEntropy', 'predictModel', 'sampleLoss',
    'trainModel', 'trainPix2pix', 'trainPix2pixStep',
  ]);
});

test('trainModel flushes subnormal weights to 0 after each update (flushDenormals), and only those', async () => {
  const build = (): tf.Sequential => {
    const net = tf.sequential();
    net.add(tf.layers.dense({ inputShape: [3], units: 1, activation: 'sigmoid' }));
    net.setWeights([tf.tensor2d([[1e-40], [-3e-39], [0.5]]), tf.tensor1d([1.2e-38])]);
    return net;
  };
  const x = new Float32Array([1, 2, 3, 0, 1, 0]);
  const run = async (flush: boolean): Promise<number[]> => {
    const net = build();
    // A zero learning rate: the update itself changes nothing, so what changes is the flush alone.
    await trainModel(net, createArrayBatches(x, [1, 0], [3]), { numEpochs: 1, optimizer: tf.train.sgd(0), log: false, flushDenormals: flush });
    const w = net.getWeights().flatMap((t) => Array.from(t.dataSync()));
    net.dispose();
    return w;
  };
  const kept = await run(false);
  assert.ok(kept[0] !== 0 && Math.abs(kept[0] - 1e-40) < 1e-44, `subnormal kept without flush: ${kept[0]}`);
  // 1.2e-38 is above FLOAT32_MIN_NORMAL (≈1.1755e-38): normal, so it must survive the flush.
  assert.deepEqual(await run(true), [0, 0, 0.5, Math.fround(1.2e-38)]);
  const net = build();
  flushDenormalWeights(net);
  assert.deepEqual(net.getWeights().flatMap((t) => Array.from(t.dataSync())), [0, 0, 0.5, Math.fround(1.2e-38)]);
  assert.equal(FLOAT32_MIN_NORMAL, 2 ** -126);
  net.dispose();
});

test('weightAveraging ends with the mean of the epoch-end weights, survives a resume and is validated', async () => {
  await tf.setBackend('cpu');
  const train = toyData(96, 11, true);
  const val = toyData(64, 12, true);
  const stream = createArrayBatches(train.x, train.y, [2], { batchSize: 16, shuffle: true, seed: 3 });
  const valData = createArrayBatches(val.x, val.y, [2]);
  const snapshots: number[][] = [];
  const net = logistic(13);
  const before = tf.memory().numTensors;
  const h = await trainModel(net, stream, {
    numEpochs: 5,
    lr: 0.2,
    valData,
    weightAveraging: { fromEpoch: 2 },
    log: false,
    onEpochEnd: () => void snapshots.push(net.getWeights().flatMap((t) => Array.from(t.dataSync()))),
  });
  assert.equal(tf.memory().numTensors, before);
  // Reference: the float64 mean of the weights at the end of epochs 2..5.
  const mean = (snapshots[0] as number[]).map((_, i) => snapshots.slice(1).reduce((s, w) => s + (w[i] as number), 0) / 4);
  const got = net.getWeights().flatMap((t) => Array.from(t.dataSync()));
  got.forEach((v, i) => close(v, mean[i] as number, 1e-6));
  // The epochs moved the weights, so the mean differs from the last epoch's weights.
  assert.ok(got.some((v, i) => Math.abs(v - ((snapshots[4] as number[])[i] as number)) > 1e-3));
  assert.equal(h.average?.fromEpoch, 2);
  assert.equal(h.average?.epochs, 4);
  const ev = await evaluateModel(net, valData(0));
  close(h.average?.valLoss as number, ev.loss, 1e-9);
  close(h.average?.valBalancedAccuracy as number, ev.balancedAccuracy, 1e-12);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-swa-'));
  try {
    const first = logistic(13);
    await trainModel(first, stream, { numEpochs: 3, lr: 0.2, weightAveraging: { fromEpoch: 2 }, log: false, checkpointDir: dir });
    const resumed = logistic(13);
    const h2 = await trainModel(resumed, stream, { numEpochs: 5, lr: 0.2, weightAveraging: { fromEpoch: 2 }, log: false, checkpointDir: dir });
    assert.equal(h2.resumedFromEpoch, 3);
    assert.equal(h2.average?.epochs, 4);
    resumed.getWeights().flatMap((t) => Array.from(t.dataSync())).forEach((v, i) => close(v, got[i] as number, 1e-6));
    // A checkpoint written without averaging cannot silently start the average late.
    const plain = logistic(13);
    await trainModel(plain, stream, { numEpochs: 3, lr: 0.2, log: false, checkpointDir: path.join(dir, 'plain') });
    await assert.rejects(trainModel(plain, stream, { numEpochs: 5, lr: 0.2, weightAveraging: { fromEpoch: 2 }, log: false, checkpointDir: path.join(dir, 'plain') }), /holds no weight average/);
    [first, resumed, plain].forEach((n) => n.dispose());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(trainModel(net, stream, { numEpochs: 3, weightAveraging: { fromEpoch: 4 }, log: false }), /fromEpoch must be an integer in \[1, numEpochs = 3\]/);
  await assert.rejects(trainModel(net, stream, { numEpochs: 3, weightAveraging: { fromEpoch: 0 }, log: false }), /fromEpoch/);
  await assert.rejects(trainModel(net, stream, { numEpochs: 3, valData, earlyStopping: { patience: 2 }, weightAveraging: {}, log: false }), /set earlyStopping to false/);
  net.dispose();
});

test('predictModel flipAverage is the mean of the outputs for each image and its left–right mirror', async () => {
  await tf.setBackend('cpu');
  // A linear "network" on 1×3 one-channel images: out = sigmoid(1·a + 2·b + 4·c), not mirror-symmetric.
  const net = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [1, 3, 1] }), tf.layers.dense({ units: 1, activation: 'sigmoid', useBias: false })] });
  net.setWeights([tf.tensor2d([[1], [2], [4]])]);
  const images = [[0.1, 0.5, -0.3], [1, 0, 0]];
  const batch = (): { xs: tf.Tensor; ys: tf.Tensor }[] => [{ xs: tf.tensor4d(images.flat(), [2, 1, 3, 1]), ys: tf.tensor2d([[1], [0]]) }];
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));
  const expected = images.map(([a, b, c]) => (sig(a + 2 * b + 4 * c) + sig(c + 2 * b + 4 * a)) / 2);
  const before = tf.memory().numTensors;
  const plain = await predictModel(net, batch());
  const flipped = await predictModel(net, batch(), { flipAverage: true });
  assert.equal(tf.memory().numTensors, before);
  images.forEach(([a, b, c], i) => close(plain.scores[i] as number, sig((a as number) + 2 * (b as number) + 4 * (c as number)), 1e-6));
  expected.forEach((e, i) => close(flipped.scores[i] as number, e, 1e-6));
  assert.ok(Math.abs((flipped.scores[1] as number) - (plain.scores[1] as number)) > 0.05);
  const flat = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
  await assert.rejects(predictModel(flat, [{ xs: tf.tensor2d([[1, 2, 3]]), ys: tf.tensor2d([[1]]) }], { flipAverage: true }), /flipAverage needs image batches \[n, h, w, c\], got shape \[1,3\]/);
  [net, flat].forEach((n) => n.dispose());
});
