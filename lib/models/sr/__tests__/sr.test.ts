import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { resizeBicubic, rgbToYcbcr, type Image } from '../../../image';
import { createRng } from '../../../random';
import {
  buildSrNetwork, createSrPatchSampler, evaluateSuperResolution, listSrBenchmark, loadSrModel, prepareSrPair,
  saveSrModel, trainOnPatches, upscaleBicubic, upscaleImage, upscaleLuma, type SrModelCard,
} from '..';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SET5 = path.resolve(ROOT, '..', 'shared', 'datasets', 'set5');

function randomImage(w: number, h: number, c: 1 | 3, seed: number): Image {
  const rng = createRng(seed);
  const data = new Float32Array(w * h * c);
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  return { data, width: w, height: h, channels: c };
}

test('buildSrNetwork: sub-pixel output shape, untrained network reproduces bicubic exactly, no leaks', async () => {
  await tf.setBackend('cpu');
  const net = buildSrNetwork(2, { features: 8, mapping: 4, mappingLayers: 1 });
  assert.deepEqual(net.outputs[0]?.shape, [null, null, null, 4]);
  const lr = randomImage(9, 7, 1, 3);
  const before = tf.memory().numTensors;
  const up = upscaleLuma(net, { data: lr.data, width: 9, height: 7 }, 2);
  assert.equal(tf.memory().numTensors, before);
  const bic = resizeBicubic(lr, 18, 14);
  assert.deepEqual(up.data, bic.data);
  assert.throws(() => buildSrNetwork(5 as 2), /buildSrNetwork: scale must be one of 2, 3, 4, got 5/);
  assert.throws(() => buildSrNetwork(2, { features: 0 }), /options.features must be an integer in \[1, 512\], got 0/);
  net.dispose();
});

test('upscaleLuma: tiled and single-pass results agree (overlap covers the receptive field)', async () => {
  await tf.setBackend('cpu');
  const net = buildSrNetwork(3, { features: 6, mapping: 4, mappingLayers: 2, seed: 1 });
  // give the zero-initialised output layer weights so the network does something
  const ws = net.getWeights();
  net.setWeights(ws.map((w, i) => (i === ws.length - 2 ? tf.randomNormal(w.shape, 0, 0.5, 'float32', 3) : w)));
  const lr = randomImage(37, 29, 1, 4);
  const plane = { data: lr.data, width: 37, height: 29 };
  const whole = upscaleLuma(net, plane, 3, { tileSize: 64 });
  const tiled = upscaleLuma(net, plane, 3, { tileSize: 10, tileOverlap: 8 });
  let max = 0;
  for (let i = 0; i < whole.data.length; i++) max = Math.max(max, Math.abs((whole.data[i] as number) - (tiled.data[i] as number)));
  assert.ok(max < 1e-5, `tiling changed the result by ${max}`);
  const bic = resizeBicubic(lr, 111, 87);
  let diff = 0;
  for (let i = 0; i < bic.data.length; i++) diff = Math.max(diff, Math.abs((bic.data[i] as number) - (whole.data[i] as number)));
  assert.ok(diff > 1e-3, 'a non-zero network must change the bicubic result');
  assert.throws(() => upscaleLuma(net, plane, 2), /the network outputs 9 channels, expected scale² = 4/);
  net.dispose();
});

test('createSrPatchSampler: targets are the space-to-depth of the HR residual, consistently augmented', () => {
  const hr = randomImage(41, 40, 3, 5);
  const pair = prepareSrPair(hr, 2);
  assert.equal(pair.lrWidth, 20);
  assert.equal(pair.residual.length, 40 * 40);
  // residual + bicubic(LR luma) = HR luma
  const hrY = rgbToYcbcr(hr).y; // 41 wide: the sampler crops to a multiple of the scale
  const up = resizeBicubic({ data: pair.lrY, width: 20, height: 20, channels: 1 }, 40, 40).data;
  for (let i = 0; i < up.length; i += 17) {
    const r = Math.floor(i / 40);
    assert.ok(Math.abs((up[i] as number) + (pair.residual[i] as number) - (hrY[r * 41 + (i % 40)] as number)) < 1e-6);
  }

  const plain = createSrPatchSampler([pair], 2, { patchSize: 20, augment: false }).sample(1, createRng(1));
  // patch = whole LR image here, so positions are known
  const x = plain.x.dataSync();
  const y = plain.y.dataSync();
  assert.deepEqual(Array.from(x), Array.from(pair.lrY));
  assert.equal(y[3], pair.residual[41]); // LR (0,0), sub-pixel (1,1) → HR (1,1)
  assert.equal(y[(1 * 20 + 2) * 4 + 2], pair.residual[3 * 40 + 4]); // LR (1,2), sub-pixel (1,0) → HR (3,4)
  tf.dispose([plain.x, plain.y]);

  // Augmented: every LR pixel's s×s target block is the block of the same source LR pixel.
  const small = prepareSrPair(randomImage(24, 24, 3, 6), 2);
  const blockOf = new Map<number, string>();
  for (let ly = 0; ly < 12; ly++) for (let lx = 0; lx < 12; lx++) {
    const vals = [0, 1, 2, 3].map((k) => small.residual[(ly * 2 + (k >> 1)) * 24 + lx * 2 + (k & 1)] as number).sort((a, b) => a - b);
    blockOf.set(small.lrY[ly * 12 + lx] as number, vals.join());
  }
  const batch = createSrPatchSampler([small], 2, { patchSize: 6 }).sample(8, createRng(2));
  const bx = batch.x.dataSync();
  const by = batch.y.dataSync();
  for (let i = 0; i < bx.length; i++) assert.equal(Array.from(by.subarray(i * 4, i * 4 + 4)).sort((a, b) => a - b).join(), blockOf.get(bx[i] as number));
  tf.dispose([batch.x, batch.y]);
  assert.throws(() => createSrPatchSampler([small], 2, { patchSize: 13 }), /pairs\[0\] is 12×12 LR pixels, smaller than options.patchSize = 13/);
});

test('trainOnPatches lowers the loss, checkpoints and resumes', async () => {
  await tf.setBackend('cpu');
  // sharp diagonal stripes: bicubic blurs them, so there is a learnable residual (random noise has none)
  const stripes = new Float32Array(48 * 48 * 3);
  for (let i = 0; i < 48 * 48; i++) stripes.fill(((i % 48) + 2 * Math.floor(i / 48)) % 7 < 3 ? 0.9 : 0.1, i * 3, i * 3 + 3);
  const pairs = [prepareSrPair({ data: stripes, width: 48, height: 48, channels: 3 }, 2)];
  const sampler = createSrPatchSampler(pairs, 2, { patchSize: 8 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-ckpt-'));
  try {
    const net = buildSrNetwork(2, { features: 8, mapping: 8, mappingLayers: 1 });
    const before = tf.memory().numTensors;
    const r1 = await trainOnPatches(net, (n, rng) => sampler.sample(n, rng), { steps: 40, batchSize: 4, lr: 3e-3, logEvery: 10, checkpointDir: dir, log: false });
    assert.equal(r1.stepsDone, 40);
    assert.ok(r1.finished);
    assert.equal(tf.memory().numTensors, before);
    const first = r1.history[0]?.loss as number;
    const last = r1.history[r1.history.length - 1]?.loss as number;
    assert.ok(last < first, `loss did not decrease: ${first} → ${last}`);
    assert.ok(fs.existsSync(path.join(dir, 'state.json')));
    // resume: a fresh network picks up the saved weights and step count
    const again = buildSrNetwork(2, { features: 8, mapping: 8, mappingLayers: 1, seed: 9 });
    const r2 = await trainOnPatches(again, (n, rng) => sampler.sample(n, rng), { steps: 45, batchSize: 4, lr: 3e-3, logEvery: 5, checkpointDir: dir, log: false });
    assert.equal(r2.stepsDone, 45);
    assert.equal(r2.history.filter((h) => h.step <= 40).length, r1.history.length);
    const other = buildSrNetwork(2, { features: 4, mapping: 8, mappingLayers: 1 });
    await assert.rejects(trainOnPatches(other, (n, rng) => sampler.sample(n, rng), { steps: 50, checkpointDir: dir, log: false }), /different architecture/);
    await assert.rejects(trainOnPatches(other, (n, rng) => sampler.sample(n, rng), { steps: 0 }), /options.steps must be a positive integer, got 0/);
    [net, again, other].forEach((n) => n.dispose());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('upscaleImage: colour and grey, any size; save/load round trip', async () => {
  await tf.setBackend('cpu');
  const net = buildSrNetwork(2, { features: 4, mapping: 4, mappingLayers: 1 });
  const rgb = randomImage(13, 11, 3, 8);
  const copy = rgb.data.slice();
  const out = upscaleImage(net, rgb, 2);
  assert.deepEqual(rgb.data, copy);
  assert.equal(out.width, 26);
  assert.equal(out.channels, 3);
  // untrained = bicubic in YCbCr, i.e. bicubic in RGB up to clipping
  const bic = resizeBicubic(rgb, 26, 22);
  let max = 0;
  for (let i = 0; i < out.data.length; i++) {
    const b = Math.min(1, Math.max(0, bic.data[i] as number));
    max = Math.max(max, Math.abs((out.data[i] as number) - b));
  }
  assert.ok(max < 0.02, `untrained upscale differs from bicubic by ${max}`);
  const grey = upscaleImage(net, randomImage(6, 5, 1, 9), 2);
  assert.equal(grey.channels, 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-model-'));
  try {
    const card: SrModelCard = { name: 'test', task: 'super-resolution', scale: 2, architecture: 'tiny', parameters: net.countParams(), data: {}, training: {}, metrics: {}, command: '', backend: 'cpu', created: '' };
    await saveSrModel(net, dir, card);
    const model = await loadSrModel(dir);
    assert.equal(model.scale, 2);
    assert.deepEqual(model.upscale(rgb).data, out.data);
    model.dispose();
    await assert.rejects(saveSrModel(net, dir, { ...card, scale: 4 }), /outputs 4 channels, a ×4 model needs 16/);
    await assert.rejects(loadSrModel(path.join(dir, 'nope')), /cannot read the model card/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  net.dispose();
});

test('evaluateSuperResolution: bicubic on Set5 ×2 gives the published 33.66 dB', { skip: !fs.existsSync(SET5) && 'Set5 mirror absent' }, async () => {
  const pairs = await listSrBenchmark('set5', 2);
  assert.deepEqual(pairs.map((p) => p.name), ['baby', 'bird', 'butterfly', 'head', 'woman']);
  const e = await evaluateSuperResolution((lr) => upscaleBicubic(lr, 2), pairs, 2);
  assert.equal(e.psnr, e.bicubicPsnr);
  assert.ok(Math.abs(e.bicubicPsnr - 33.66) < 0.03, `bicubic Set5 ×2 = ${e.bicubicPsnr}`);
  assert.ok(Math.abs(e.bicubicSsim - 0.9299) < 0.002, `bicubic Set5 ×2 SSIM = ${e.bicubicSsim}`);
  await assert.rejects(evaluateSuperResolution((lr) => lr, pairs.slice(0, 1), 2), /upscale\(baby\) gave 256×256×3, expected 512×512×3/);
});

test('the shipped models load and beat bicubic on Set5', { skip: (!fs.existsSync(path.join(ROOT, 'models', 'sr-x2', 'card.json')) || !fs.existsSync(SET5)) && 'shipped model or Set5 absent' }, async () => {
  await tf.setBackend('cpu');
  const model = await loadSrModel(2);
  const pairs = (await listSrBenchmark('set5', 2)).filter((p) => p.name === 'bird');
  const e = await evaluateSuperResolution((lr) => model.upscale(lr), pairs, 2);
  assert.ok(e.psnr > e.bicubicPsnr + 1, `bird ×2: ${e.psnr} vs bicubic ${e.bicubicPsnr}`);
  model.dispose();
});
