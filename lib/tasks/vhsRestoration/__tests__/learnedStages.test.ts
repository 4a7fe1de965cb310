import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createImage, type Image } from '../../../image';
import { createRng } from '../../../random';
import { buildLineShiftNet, buildVhsResidualNet } from '../../../networks';
import { applyVhsResidualNet, computeTrueLineShifts, extractLineWindows, predictLineShifts, sampleLineShiftExamples, sampleVhsRestorationPairs, trainLineShiftEstimator, trainVhsRestoration } from '..';

/** A seeded photo-like picture: blocks with vertical and slanted edges. */
function photo(w: number, h: number, seed: number): Image {
  const rng = createRng(seed);
  const im = createImage(w, h, 3);
  const cols = Array.from({ length: 6 }, () => [rng.next(), rng.next(), rng.next()]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const c = cols[Math.floor((x + 0.5 * y) / 11) % 6] as number[];
    for (let k = 0; k < 3; k++) im.data[3 * (y * w + x) + k] = c[k] as number;
  }
  return im;
}

test('buildLineShiftNet: [n, 7, 64, 2] → [n, 1], 26 545 parameters', () => {
  const net = buildLineShiftNet();
  assert.equal(net.countParams(), 26545);
  const out = tf.tidy(() => net.predict(tf.zeros([3, 7, 64, 2])) as tf.Tensor);
  assert.deepEqual(out.shape, [3, 1]);
  out.dispose();
  net.dispose();
  assert.throws(() => buildLineShiftNet({ lines: 4 }), /options\.lines must be an odd integer/);
});

test('buildVhsResidualNet: 48 003 parameters, identity before training, any size', () => {
  const net = buildVhsResidualNet();
  assert.equal(net.countParams(), 48003);
  assert.ok(net.countParams() <= 100_000);
  const im = photo(40, 24, 1);
  const before = tf.memory().numTensors;
  const out = applyVhsResidualNet(net, im);
  assert.equal(tf.memory().numTensors, before);
  let err = 0;
  for (let i = 0; i < im.data.length; i++) err = Math.max(err, Math.abs((out.data[i] as number) - (im.data[i] as number)));
  assert.ok(err < 2e-3, `identity up to the Y′CbCr round trip, max error ${err}`);
  net.dispose();
});

test('extractLineWindows: same-field neighbours, mirrored at the frame edge, both line ends', () => {
  const im = createImage(8, 6, 1);
  for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) im.data[y * 8 + x] = y / 10 + x / 100;
  const w = extractLineWindows(im, { lines: 3, columns: 2, rows: [0] });
  // centre row 0: rows 2 (mirrored from −2), 0, 2; channel 1 is the line end reversed.
  const at = (k: number, x: number, c: number): number => w[(k * 2 + x) * 2 + c] as number;
  assert.ok(Math.abs(at(0, 0, 0) - (0.2 - 0.5)) < 1e-6);
  assert.ok(Math.abs(at(1, 1, 0) - (0.01 - 0.5)) < 1e-6);
  assert.ok(Math.abs(at(2, 0, 1) - (0.2 + 0.07 - 0.5)) < 1e-6);
  assert.throws(() => extractLineWindows(im, { columns: 9 }), /options\.columns/);
});

test('sampleLineShiftExamples: targets are the simulator\'s time-base shifts, band rows left out', () => {
  const ex = sampleLineShiftExamples([photo(96, 48, 2)], { frames: 2, presets: ['worn'], lines: 3, columns: 16, seed: 3 });
  assert.equal(ex.x.length, ex.count * 3 * 16 * 2);
  // worn: 8 lines per field of band → 16 rows, so 48 − 16 = 32 examples per frame.
  assert.equal(ex.count, 64);
  assert.ok(Math.max(...Array.from(ex.y, Math.abs)) > 1, 'worn shifts of several px');
  const again = sampleLineShiftExamples([photo(96, 48, 2)], { frames: 2, presets: ['worn'], lines: 3, columns: 16, seed: 3 });
  assert.deepEqual(again.y, ex.y);
});

test('computeTrueLineShifts scales raster samples to output pixels', () => {
  const record = { raster: { width: 720, height: 10, scale: 1 }, output: { width: 768, height: 10, channels: 3 }, effects: [{ name: 'timebase', params: { strength: 1, jitterPx: 0, edgeWavePx: 0, flaggingPx: 3, flaggingFraction: 1 }, seed: 1 }] } as never;
  const t = computeTrueLineShifts(record, 768);
  assert.ok(Math.abs((t.shifts[0] as number) - 3 * 768 / 720) < 1e-5);
});

async function tinyTrain(dir: string | undefined, stopAfterSteps?: number): Promise<{ net: tf.LayersModel; losses: number[] }> {
  const ex = sampleLineShiftExamples([photo(96, 48, 4)], { frames: 2, presets: ['EP'], lines: 3, columns: 16, seed: 5 });
  const { net, card } = await trainLineShiftEstimator(ex, {
    steps: 40, batchSize: 16, lr: 3e-3, seed: 7, logEvery: 10, log: false, net: { filters: [4, 4, 4], hidden: 8 },
    ...(dir !== undefined ? { checkpointDir: dir } : {}), ...(stopAfterSteps !== undefined ? { stopAfterSteps } : {}),
  });
  return { net, losses: card.history.map((h) => h.loss) };
}

test('trainLineShiftEstimator: a tiny seeded run reduces the loss, leak-free', async () => {
  const before = tf.memory().numTensors;
  const { net, losses } = await tinyTrain(undefined);
  assert.ok((losses[losses.length - 1] as number) < (losses[0] as number), `loss ${losses.join(', ')}`);
  const im = photo(96, 48, 9);
  const s = predictLineShifts(net, im);
  assert.equal(s.length, 48);
  net.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('trainLineShiftEstimator: a resumed run is identical to an uninterrupted one', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lineshift-'));
  try {
    const full = await tinyTrain(undefined);
    const first = await tinyTrain(path.join(tmp, 'ck'), 15);
    first.net.dispose();
    const resumed = await tinyTrain(path.join(tmp, 'ck'));
    const a = full.net.getWeights().map((t) => Array.from(t.dataSync()));
    const b = resumed.net.getWeights().map((t) => Array.from(t.dataSync()));
    assert.deepEqual(b, a);
    full.net.dispose();
    resumed.net.dispose();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('trainVhsRestoration: pairs through a given chain, a tiny run reduces the L1 loss, leak-free', async () => {
  const pairs = sampleVhsRestorationPairs([photo(64, 48, 11)], (im) => im, { frames: 2, presets: ['SP'], seed: 1 });
  assert.equal(pairs.inputs.length, 2);
  assert.equal(pairs.inputs[0]?.width, 64);
  const before = tf.memory().numTensors;
  const { net, card } = await trainVhsRestoration(pairs, { steps: 30, batchSize: 4, patchSize: 16, lr: 3e-3, net: { width: 8, depth: 1 }, log: false });
  const h = card.history;
  assert.ok((h[h.length - 1]?.loss as number) < (h[0]?.loss as number), JSON.stringify(h.map((r) => r.loss)));
  net.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => sampleVhsRestorationPairs([photo(64, 48, 1)], (im) => ({ ...im, width: 1 }) as Image, { frames: 1 }), /chain|data/);
});

test('trainLineShiftEstimator: tensor count stable over 200 steps (with validation and checkpoints)', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lineshift-stable-'));
  try {
    const ex = sampleLineShiftExamples([photo(96, 48, 4)], { frames: 2, presets: ['EP'], lines: 3, columns: 16, seed: 5 });
    const val = sampleLineShiftExamples([photo(96, 48, 6)], { frames: 1, presets: ['EP'], lines: 3, columns: 16, seed: 6 });
    const counts: number[] = [];
    const { net } = await trainLineShiftEstimator(ex, {
      steps: 200, batchSize: 8, seed: 7, logEvery: 1, validateEvery: 25, checkpointDir: path.join(tmp, 'ck'), checkpointEverySteps: 20,
      net: { filters: [4, 4, 4], hidden: 8 }, val, log: () => counts.push(tf.memory().numTensors),
    });
    assert.equal(counts.length, 200);
    const settled = counts.slice(20);
    assert.equal(Math.max(...settled), Math.min(...settled), `tensor count varies over steps 21–200 (first ${counts.slice(0, 8).join(', ')}, last ${counts.slice(-3).join(', ')})`);
    net.dispose();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
