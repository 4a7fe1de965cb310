import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createImage } from '../../image';
import { createRng } from '../../random';
import { augmentImage } from '../augmentImage';
import { buildPhotoDataset } from '../buildPhotoDataset';
import { createPhotoBatches } from '../createPhotoBatches';
import { getDataLocations } from '../findPackageRoot';
import { loadSquareImage } from '../loadSquareImage';
import { PHOTO_SOURCES } from '../photoDatasetSources';
import { splitStratified } from '../splitStratified';

test('splitStratified cuts every stratum 70/15/15, is seeded, and loses or duplicates nothing', () => {
  const items = [...Array.from({ length: 100 }, (_, i) => ({ id: `a${i}`, s: 'a' })), ...Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, s: 'b' }))];
  const split = splitStratified(items, (it) => it.s, { seed: 1 });
  const count = (part: typeof items, s: string): number => part.filter((it) => it.s === s).length;
  assert.deepEqual([count(split.train, 'a'), count(split.val, 'a'), count(split.test, 'a')], [70, 15, 15]);
  assert.deepEqual([count(split.train, 'b'), count(split.val, 'b'), count(split.test, 'b')], [8, 2, 2]);
  const all = [...split.train, ...split.val, ...split.test].map((it) => it.id).sort();
  assert.deepEqual(all, items.map((it) => it.id).sort());
  assert.deepEqual(splitStratified(items, (it) => it.s, { seed: 1 }), split);
  assert.notDeepEqual(splitStratified(items, (it) => it.s, { seed: 2 }).test, split.test);
  assert.throws(() => splitStratified(items, (it) => it.s, { fractions: [0.5, 0.3, 0.3] }), /fractions must be three numbers ≥ 0 summing to 1, got \[0.5,0.3,0.3\]/);
});

test('augmentImage is seeded, keeps size and range, does not mutate, and is the identity when every transform is off', () => {
  const rng0 = createRng(3);
  const data = Float32Array.from({ length: 8 * 6 * 3 }, () => rng0.next());
  const img = createImage(8, 6, 3, data);
  const before = img.data.slice();
  const a = augmentImage(img, createRng(7));
  const b = augmentImage(img, createRng(7));
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(augmentImage(img, createRng(8)).data, a.data);
  assert.deepEqual([a.width, a.height, a.channels], [8, 6, 3]);
  for (const v of a.data) assert.ok(v >= 0 && v <= 1);
  assert.deepEqual(img.data, before);
  const id = augmentImage(img, createRng(1), { minCropScale: 1, flip: false, brightness: 0, contrast: 0 });
  for (let i = 0; i < data.length; i++) assert.ok(Math.abs((id.data[i] as number) - (data[i] as number)) < 1e-6);
  assert.throws(() => augmentImage(img, createRng(1), { minCropScale: 0 }), /minCropScale must be in \(0, 1\], got 0/);
});

const mirrorAvailable = ((): boolean => {
  try {
    return fs.existsSync(getDataLocations('pacs').mirrorDir);
  } catch {
    return false;
  }
})();

test('buildPhotoDataset: real sources, stratified seeded 70/15/15 split, disjoint parts, subsets inside the full split', { skip: !mirrorAvailable && 'dataset mirror not available' }, async () => {
  const ds = await buildPhotoDataset({ seed: 42 });
  const expectedTotals: Record<string, number> = {
    'pacs/photo': 900, 'pacs/art_painting': 350, 'pacs/cartoon': 150, 'pacs/sketch': 350,
    'sroie-receipts': 100, 'tesseract-pages': 12, 'flowcharts-fcinkml': 200, 'fritzing-schematics': 250,
  };
  for (const c of ds.counts) {
    assert.equal(c.train + c.val + c.test, expectedTotals[c.source], c.source);
    assert.equal(c.val, Math.round(0.15 * (expectedTotals[c.source] as number)), c.source);
  }
  assert.deepEqual(ds.counts.map((c) => c.source), PHOTO_SOURCES.map((s) => s.name));
  assert.equal(ds.train.length + ds.val.length + ds.test.length, 2312);
  const files = [...ds.train, ...ds.val, ...ds.test].map((it) => it.file);
  assert.equal(new Set(files).size, files.length);
  for (const it of ds.train) assert.equal(it.label, it.source === 'pacs/photo' ? 1 : 0);
  assert.ok(ds.train.every((it) => fs.existsSync(it.file)));
  const again = await buildPhotoDataset({ seed: 42 });
  assert.deepEqual(again.test.map((it) => it.file), ds.test.map((it) => it.file));
  const small = await buildPhotoDataset({ seed: 42, maxPerSource: { train: 3, val: 1, test: 2 } });
  const fullTest = new Set(ds.test.map((it) => it.file));
  assert.equal(small.test.length, 2 * 8);
  assert.ok(small.test.every((it) => fullTest.has(it.file)), 'a subset test image must be a test image of the full split');
  assert.equal(small.counts.find((c) => c.source === 'tesseract-pages')?.train, 3);
  await assert.rejects(buildPhotoDataset({ maxPerSource: { train: -1 } }), /maxPerSource.train must be an integer ≥ 0, got -1/);
});

test('createPhotoBatches streams [n,s,s,3] tensors in range with labels, caches resized pixels, and leaks nothing', { skip: !mirrorAvailable && 'dataset mirror not available' }, async () => {
  const ds = await buildPhotoDataset({ seed: 42, maxPerSource: { train: 1, val: 0, test: 0 } });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-photo-'));
  try {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    for await (const b of createPhotoBatches(ds.train, { size: 32, batchSize: 3, range: [-1, 1], cacheDir })) {
      assert.deepEqual(b.xs.shape.slice(1), [32, 32, 3]);
      const [min, max] = tf.tidy(() => [b.xs.min().dataSync()[0] as number, b.xs.max().dataSync()[0] as number]);
      assert.ok(min >= -1 && max <= 1 && max > min);
      seen.push(...Array.from(b.ys.dataSync()));
      assert.deepEqual(seen.slice(-b.items.length), b.items.map((it) => it.label));
      b.xs.dispose();
      b.ys.dispose();
    }
    assert.equal(seen.length, 8);
    assert.equal(seen.filter((v) => v === 1).length, 1);
    assert.equal(tf.memory().numTensors, before);
    // The cache returns exactly the 8-bit-quantised pixels of a fresh read.
    const file = (ds.train[0] as { file: string }).file;
    const fresh = await loadSquareImage(file, 32, { cacheDir });
    const cached = await loadSquareImage(file, 32, { cacheDir });
    assert.deepEqual(cached.data, fresh.data);
    const plain = await loadSquareImage(file, 32);
    for (let i = 0; i < plain.data.length; i++) assert.ok(Math.abs((plain.data[i] as number) - (cached.data[i] as number)) <= 0.5 / 255 + 1e-6);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
