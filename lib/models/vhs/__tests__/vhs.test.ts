import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildPix2pixGenerator, createVhsPairSampler, loadVhsModel, pairsToBatch, saveVhsModel, type VhsModelCard } from '..';
import { createImage, type Image } from '../../../image';
import { createRng } from '../../../random';
import { computePsnr } from '../../../metrics';

function photo(w: number, h: number, seed: number): Image {
  const rng = createRng(seed);
  const d = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < 3; k++) d[(y * w + x) * 3 + k] = 0.5 + 0.3 * Math.sin((x + 7 * k) / 6 + seed) * Math.cos(y / 9) + 0.02 * rng.next();
  return createImage(w, h, 3, d);
}

test('pair sampler: seeded, aligned, degraded, tensors in [-1, 1]', () => {
  const images = [photo(80, 70, 1), photo(64, 90, 2)];
  const s = createVhsPairSampler(images, { patchSize: 48 });
  const a = s.samplePair(createRng(3));
  const b = s.samplePair(createRng(3));
  assert.deepEqual(a.degraded.data, b.degraded.data);
  assert.deepEqual([a.clean.width, a.clean.height, a.degraded.width, a.degraded.height], [48, 48, 48, 48]);
  assert.equal(a.record.preset, 'SP');
  assert.deepEqual(a.record.raster, { width: 45, height: 48, scale: 1 });
  const p = computePsnr(a.degraded, a.clean);
  assert.ok(p > 12 && p < 40, `SP pair PSNR ${p}`);
  // The clean patch is a crop of one of the photos.
  const found = images.some((im) => {
    for (let y0 = 0; y0 + 48 <= im.height; y0++) {
      for (let x0 = 0; x0 + 48 <= im.width; x0++) {
        if (Math.abs(im.data[(y0 * im.width + x0) * 3]! - a.clean.data[0]!) < 1e-7 && Math.abs(im.data[((y0 + 10) * im.width + x0 + 10) * 3]! - a.clean.data[(10 * 48 + 10) * 3]!) < 1e-7) return true;
        const xm = x0 + 47;
        if (Math.abs(im.data[(y0 * im.width + xm) * 3]! - a.clean.data[0]!) < 1e-7 && Math.abs(im.data[((y0 + 10) * im.width + xm - 10) * 3]! - a.clean.data[(10 * 48 + 10) * 3]!) < 1e-7) return true;
      }
    }
    return false;
  });
  assert.ok(found);
  const before = tf.memory().numTensors;
  const batch = s.sampleBatch(3, 9);
  assert.deepEqual(batch.inputs.shape, [3, 48, 48, 3]);
  const [mn, mx] = tf.tidy(() => [batch.targets.min().dataSync()[0]!, batch.targets.max().dataSync()[0]!]);
  assert.ok(mn >= -1 && mx <= 1 && mn < 0);
  tf.dispose([batch.inputs, batch.targets]);
  assert.equal(tf.memory().numTensors, before);
});

test('pair sampler: errors name the parameter', () => {
  assert.throws(() => createVhsPairSampler([], {}), /images must be a non-empty array/);
  assert.throws(() => createVhsPairSampler([photo(20, 20, 1)], { patchSize: 32 }), /images\[0\] is 20×20, smaller than options\.patchSize 32/);
  assert.throws(() => createVhsPairSampler([photo(40, 40, 1)], { patchSize: 32, presets: { VHS: 1 } as never }), /unknown preset 'VHS'/);
  assert.throws(() => pairsToBatch([]), /pairs must not be empty/);
});

test('saveVhsModel / loadVhsModel round trip; missing card named', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vhsm-'));
  try {
    const g = buildPix2pixGenerator({ filters: [4, 4], seed: 3 });
    const card = { name: 't', task: 'PAL VHS frame restoration', objective: 'l1', architecture: 'test', generator: { parameters: g.countParams() }, sizeMultiple: 4, range: [-1, 1], data: {}, training: {}, metrics: {}, command: '', backend: '', created: '' } as VhsModelCard;
    await saveVhsModel(g, dir, card);
    const m = await loadVhsModel(dir);
    const img = photo(13, 9, 4);
    const a = m.restore(img);
    const x = tf.tensor4d(img.data, [1, 9, 13, 3]);
    assert.equal(m.card.sizeMultiple, 4);
    assert.deepEqual([a.width, a.height], [13, 9]);
    const ref = restoreRef(g, img);
    for (let i = 0; i < a.data.length; i++) assert.ok(Math.abs(a.data[i]! - ref[i]!) < 1e-5);
    x.dispose();
    m.dispose();
    g.dispose();
    await assert.rejects(loadVhsModel(path.join(dir, 'nope')), /cannot read the model card .*nope.card\.json/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The original generator on the image padded by reflection to 16×12, cropped back. */
function restoreRef(g: tf.LayersModel, img: Image): Float32Array {
  return tf.tidy(() => {
    const t = tf.tensor3d(img.data, [img.height, img.width, 3]).mul(2).sub(1);
    const p = tf.mirrorPad(t as tf.Tensor3D, [[0, 3], [0, 3], [0, 0]], 'reflect');
    const y = (g.predict(p.expandDims(0)) as tf.Tensor).add(1).div(2).clipByValue(0, 1).slice([0, 0, 0, 0], [1, img.height, img.width, 3]);
    return y.dataSync() as Float32Array;
  });
}
