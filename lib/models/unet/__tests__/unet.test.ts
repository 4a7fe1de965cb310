import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Image } from '../../../image';
import { gaussianBlur } from '../../../filters';
import { createRng } from '../../../random';
import { buildUnet, createRestorationSampler, degradeImage, ENHANCE_TRIALS, loadEnhanceModel, restoreImage, saveEnhanceModel } from '..';

function randomImage(w: number, h: number, c: 1 | 3, seed: number): Image {
  const rng = createRng(seed);
  return { data: new Float32Array(w * h * c).map(() => rng.next()), width: w, height: h, channels: c };
}

test('buildUnet: same-size output, identity before training (residual), parameter count', async () => {
  await tf.setBackend('cpu');
  const net = buildUnet();
  assert.deepEqual(net.outputs[0]?.shape, [null, null, null, 3]);
  // 3·16·9+16 + 16·16·9+16 + 16·32·9+32 + 32·32·9+32 + 32·64·9+64 + 64·64·9+64 (encoder)
  // + 64·32·4+32 + 64·32·9+32 + 32·32·9+32 + 32·16·4+16 + 32·16·9+16 + 16·16·9+16 + 16·3+3 (decoder, out)
  assert.equal(net.countParams(), 117_075);
  const img = randomImage(20, 12, 3, 1);
  const before = tf.memory().numTensors;
  const out = restoreImage(net, img);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(out.width, 20);
  let max = 0;
  for (let i = 0; i < out.data.length; i++) max = Math.max(max, Math.abs((out.data[i] as number) - (img.data[i] as number)));
  assert.ok(max < 1e-6, `untrained residual U-Net changed the image by ${max}`);
  assert.throws(() => buildUnet({ filters: [8] }), /options.filters must be ≥ 2 integers/);
  assert.throws(() => buildUnet({ channels: 2 as 3 }), /options.channels must be 1 or 3, got 2/);
  net.dispose();
});

test('restoreImage: tiles with enough overlap give the single-pass result; odd sizes are padded', async () => {
  await tf.setBackend('cpu');
  const net = buildUnet({ filters: [4, 8], residual: false, seed: 3 });
  const img = randomImage(45, 38, 3, 2);
  const copy = img.data.slice();
  const whole = restoreImage(net, img, 2, { tileSize: 64 });
  const tiled = restoreImage(net, img, 2, { tileSize: 16, tileOverlap: 16 });
  assert.deepEqual(img.data, copy);
  let max = 0;
  for (let i = 0; i < whole.data.length; i++) max = Math.max(max, Math.abs((whole.data[i] as number) - (tiled.data[i] as number)));
  assert.ok(max < 1e-5, `tiling changed the result by ${max}`);
  assert.throws(() => restoreImage(net, randomImage(8, 8, 1, 3)), /the network takes 3 channels, the image has 1/);
  assert.throws(() => restoreImage(net, img, 2, { tileSize: 4 }), /options.tileSize must be an integer ≥ 16, got 4/);
  net.dispose();
});

test('degradeImage: blur equals filters/gaussianBlur, noise has the requested σ, input unchanged', () => {
  const img = randomImage(64, 64, 3, 4);
  const copy = img.data.slice();
  const blurred = degradeImage(img, { blurSigma: 1.5 }, createRng(1));
  assert.deepEqual(blurred.data, gaussianBlur(img, 1.5).data);
  const grey: Image = { data: new Float32Array(128 * 128).fill(0.5), width: 128, height: 128, channels: 1 };
  const noisy = degradeImage(grey, { blurSigma: 0, noiseSigma: 20 / 255 }, createRng(2));
  let s2 = 0;
  for (const v of noisy.data) s2 += (v - 0.5) ** 2;
  const sigma = Math.sqrt(s2 / noisy.data.length) * 255;
  assert.ok(Math.abs(sigma - 20) < 0.5, `noise σ = ${sigma}`);
  assert.deepEqual(img.data, copy);
  assert.deepEqual(ENHANCE_TRIALS.noisy, { blurSigma: 1, noiseSigma: 15 / 255 });
  assert.throws(() => degradeImage(img, { blurSigma: -1 }, createRng(1)), /degradation.blurSigma must be in \[0, 20\] pixels, got -1/);
});

test('createRestorationSampler: x is the blurred (+noisy) version of y at the same place', () => {
  const img = randomImage(40, 40, 3, 5);
  const s = createRestorationSampler([img], { blurSigma: 1 }, { patchSize: 40, augment: false });
  const { x, y } = s.sample(1, createRng(1));
  assert.deepEqual(Array.from(y.dataSync()), Array.from(img.data));
  assert.deepEqual(Array.from(x.dataSync()), Array.from(gaussianBlur(img, 1).data));
  tf.dispose([x, y]);
  const n = createRestorationSampler([img], { blurSigma: 1, noiseSigma: 0.05 }, { patchSize: 8 });
  const a = n.sample(2, createRng(7));
  const b = n.sample(2, createRng(7));
  assert.deepEqual(a.x.dataSync(), b.x.dataSync(), 'same rng state, same batch');
  tf.dispose([a.x, a.y, b.x, b.y]);
  assert.throws(() => createRestorationSampler([img], { blurSigma: 1 }, { patchSize: 41 }), /images\[0\] is 40×40, smaller than options.patchSize = 41/);
  assert.throws(() => createRestorationSampler([], { blurSigma: 1 }), /images must be a non-empty array/);
});

test('saveEnhanceModel / loadEnhanceModel round trip', async () => {
  await tf.setBackend('cpu');
  const net = buildUnet({ filters: [4, 8], seed: 1 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unet-'));
  try {
    await saveEnhanceModel(net, dir, { name: 't', task: 'image enhancement (deblur / denoise)', degradation: { blurSigma: 1, noiseSigma: 0 }, architecture: '', parameters: net.countParams(), sizeMultiple: 2, data: {}, training: {}, metrics: {}, command: '', backend: 'cpu', created: '' });
    const m = await loadEnhanceModel(dir);
    const img = randomImage(10, 6, 3, 6);
    assert.deepEqual(m.restore(img).data, restoreImage(net, img, 2).data);
    m.dispose();
    await assert.rejects(loadEnhanceModel(path.join(dir, 'missing')), /cannot read the model card/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  net.dispose();
});
