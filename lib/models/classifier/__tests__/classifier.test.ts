import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getDataLocations } from '../../../datasets/findPackageRoot';
import type { PhotoItem } from '../../../datasets/buildPhotoDataset';
import * as classifier from '..';
import { buildScratchCnn, buildTransferHead, evaluateBySource, extractFeatures, loadLayersModelFromDisk, loadMobileNetEncoder, saveLayersModelToDisk } from '..';

test('the models/classifier barrel exports exactly this API', () => {
  assert.deepEqual(Object.keys(classifier).sort(), [
    'MOBILENET_ENCODER_ID', 'buildScratchCnn', 'buildTransferHead', 'defaultPhotoClassifierDir', 'evaluateBySource', 'extractFeatures',
    'fileSystemLoader', 'fileSystemSaver', 'loadLayersModelFromDisk', 'loadMobileNetEncoder', 'loadPhotoClassifier',
    'saveLayersModelToDisk', 'savePhotoClassifier', 'trainScratchClassifier', 'trainTransferClassifier',
  ]);
});

test('buildScratchCnn: VGG-style blocks, documented parameter count, sigmoid output, validation', () => {
  const net = buildScratchCnn();
  // defaults = the shipped recipe: conv 3·3·3·32+32 + 3·3·32·64+64 + 3·3·64·128+128 + 3·3·128·128+128, dense 128·128+128, out 128+1
  assert.equal(net.countParams(), 896 + 18496 + 73856 + 147584 + 16512 + 129);
  assert.deepEqual(net.outputs[0]?.shape, [null, 1]);
  assert.deepEqual(net.inputs[0]?.shape, [null, 96, 96, 3]);
  assert.deepEqual(net.layers.filter((l) => l.getClassName() === 'MaxPooling2D').map((l) => (l.outputShape as (number | null)[])[1]), [48, 24, 12, 6]);
  const small = buildScratchCnn({ inputSize: 64, filters: [16, 32, 64], denseUnits: 64 });
  assert.equal(small.countParams(), 448 + 4640 + 18496 + 4160 + 65);
  small.dispose();
  const y = tf.tidy(() => (net.predict(tf.zeros([2, 96, 96, 3])) as tf.Tensor).dataSync());
  for (const v of y) assert.ok(v > 0 && v < 1);
  const twin = buildScratchCnn();
  assert.deepEqual(twin.getWeights().map((t) => Array.from(t.dataSync())), net.getWeights().map((t) => Array.from(t.dataSync())), 'same seed, same initial weights');
  assert.throws(() => buildScratchCnn({ filters: [8, 8, 8, 8], inputSize: 8 }), /4 pooling blocks need options.inputSize ≥ 16, got 8/);
  assert.throws(() => buildScratchCnn({ dropout: 1 }), /options.dropout must be in \[0, 1\), got 1/);
  net.dispose();
  twin.dispose();
});

test('buildTransferHead has 1280·64 + 64 + 64 + 1 parameters; hiddenUnits 0 is logistic regression', () => {
  const head = buildTransferHead();
  assert.equal(head.countParams(), 82049);
  const lin = buildTransferHead({ hiddenUnits: 0, dropout: 0 });
  assert.equal(lin.countParams(), 1281);
  assert.throws(() => buildTransferHead({ l2: -1 }), /options.l2 must be ≥ 0, got -1/);
  head.dispose();
  lin.dispose();
});

test('saveLayersModelToDisk / loadLayersModelFromDisk round-trip weights and predictions', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-model-'));
  try {
    const net = buildTransferHead({ inputDim: 5, hiddenUnits: 3, seed: 4 });
    await saveLayersModelToDisk(net, dir);
    assert.ok(fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'weights.bin')));
    const back = await loadLayersModelFromDisk(dir);
    const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.5, -1]]);
    assert.deepEqual((back.predict(x) as tf.Tensor).dataSync(), (net.predict(x) as tf.Tensor).dataSync());
    await assert.rejects(loadLayersModelFromDisk(path.join(dir, 'nope')), /cannot load model .*nope\/model.json/);
    tf.dispose([x]);
    net.dispose();
    back.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('evaluateBySource: overall metrics and per-source accuracy', () => {
  const items: PhotoItem[] = [
    { file: 'a', source: 'pacs/photo', label: 1 },
    { file: 'b', source: 'pacs/photo', label: 1 },
    { file: 'c', source: 'pacs/art_painting', label: 0 },
    { file: 'd', source: 'pacs/art_painting', label: 0 },
    { file: 'e', source: 'sroie-receipts', label: 0 },
  ];
  const e = evaluateBySource(items, [0.9, 0.4, 0.7, 0.2, 0.01], 0.5);
  assert.deepEqual([e.metrics.tp, e.metrics.fn, e.metrics.fp, e.metrics.tn], [1, 1, 1, 2]);
  assert.deepEqual(e.perSource.map((r) => [r.source, r.count, r.correct, r.accuracy]), [
    ['pacs/photo', 2, 1, 0.5],
    ['pacs/art_painting', 2, 1, 0.5],
    ['sroie-receipts', 1, 1, 1],
  ]);
  assert.throws(() => evaluateBySource(items, [0.5]), /items \(5\) and scores \(1\) must have the same length/);
});

const encoderAvailable = fs.existsSync(getDataLocations('mobilenetv2-035-224').mirrorDir) || fs.existsSync(getDataLocations('mobilenetv2-035-224').localDir);
const pacsDir = getDataLocations('pacs').mirrorDir;

test('loadMobileNetEncoder: frozen 1280-d encoder; extractFeatures caches exactly what it computes', { skip: !encoderAvailable && 'encoder not available' }, async () => {
  const enc = await loadMobileNetEncoder();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-feat-'));
  try {
    assert.equal(enc.net.trainable, false);
    assert.deepEqual(enc.net.outputs[0]?.shape, [null, 1280]);
    const files = [path.join(pacsDir, 'photo', 'dog', fs.readdirSync(path.join(pacsDir, 'photo', 'dog'))[0] as string), path.join(pacsDir, 'sketch', 'dog', fs.readdirSync(path.join(pacsDir, 'sketch', 'dog'))[0] as string)];
    const before = tf.memory().numTensors;
    const f = await extractFeatures(enc, files, { cacheDir });
    assert.equal(tf.memory().numTensors, before);
    assert.equal(f.length, 2 * 1280);
    // ReLU6 then average pooling: every feature lies in [0, 6]; a photo and a sketch differ.
    for (const v of f) assert.ok(v >= 0 && v <= 6);
    let diff = 0;
    for (let i = 0; i < 1280; i++) diff += Math.abs((f[i] as number) - (f[1280 + i] as number));
    assert.ok(diff > 1);
    const again = await extractFeatures(enc, files, { cacheDir });
    assert.deepEqual(again, f);
    const aug = await extractFeatures(enc, files, { view: 1, seed: 3 });
    assert.notDeepEqual(aug, f);
    await assert.rejects(extractFeatures(enc, files, { view: -1 }), /options.view must be an integer ≥ 0, got -1/);
  } finally {
    enc.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
