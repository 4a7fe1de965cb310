import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodeFloat16 } from '../../../io/float16';
import { createRng } from '../../../random/createRng';
import type { Flickr8kItem } from '../../../datasets/readFlickr8kCaptions';
import { shardName, type CaptionFeatureCacheMeta } from '../CaptionFeatureCache';
import { trainCaptioner, type TrainCaptionerOptions, type TrainCaptionerResult } from '../trainCaptioner';
import type { CaptionerEpochRecord } from '../CaptionerCard';

const R = 4;
const FD = 6;

/** Captions of the two kinds of synthetic "image" (features are a per-kind pattern plus noise). */
const CAPTIONS = [
  ['A dog runs on the grass .', 'A brown dog is running on grass .'],
  ['A cat sits on a red sofa .', 'The cat is sitting on the sofa .'],
];

/** A feature cache written directly in the documented layout (no encoder, no image), and items shaped like Flickr8k's. */
function syntheticData(dir: string): { train: Flickr8kItem[]; val: Flickr8kItem[]; featureDir: string } {
  const rng = createRng(17);
  const ids = Array.from({ length: 10 }, (_, i) => `img${i}.jpg`);
  const pattern = [0, 1].map(() => Array.from({ length: R * FD }, () => rng.nextNormal()));
  const values = new Float32Array(ids.length * R * FD);
  ids.forEach((_, i) => {
    for (let k = 0; k < R * FD; k++) values[i * R * FD + k] = Math.max(0, (pattern[i % 2] as number[])[k] as number) + 0.2 * rng.nextNormal();
  });
  const featureDir = path.join(dir, 'features');
  fs.mkdirSync(featureDir);
  const shardSize = 4;
  const meta: CaptionFeatureCacheMeta = { format: 'tounum-caption-features', version: 1, encoder: 'mobilenetv2-035-224', regions: R, featureDim: FD, dtype: 'float16', shardSize, ids };
  fs.writeFileSync(path.join(featureDir, 'meta.json'), JSON.stringify(meta));
  for (let s = 0; s * shardSize < ids.length; s++) {
    const h = encodeFloat16(values.subarray(s * shardSize * R * FD, Math.min(ids.length, (s + 1) * shardSize) * R * FD));
    fs.writeFileSync(path.join(featureDir, shardName(s)), new Uint8Array(h.buffer));
  }
  const item = (i: number, split: 'train' | 'dev'): Flickr8kItem => ({ image: path.join(dir, 'images', ids[i] as string), id: ids[i] as string, split, captions: CAPTIONS[i % 2] as string[] });
  return { train: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => item(i, 'train')), val: [8, 9].map((i) => item(i, 'dev')), featureDir };
}

/** The options every run shares (JSON-serialisable: the killed run gets them through a file). 16 captions, 4 steps per epoch. */
const OPTIONS = {
  decoder: { projDim: 5, embedDim: 4, hiddenDim: 6, attentionDim: 3, dropout: 0.3 },
  batchSize: 4,
  lr: 0.01,
  minCount: 1,
  maxLength: 8,
  seed: 3,
  checkpointEverySteps: 1,
  progressEverySteps: 1,
} satisfies TrainCaptionerOptions;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-traincap-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs trainCaptioner and checks that the only tensors left are the returned decoder's weights. */
async function run(train: Flickr8kItem[], val: Flickr8kItem[], featureDir: string, options: TrainCaptionerOptions): Promise<TrainCaptionerResult> {
  const before = tf.memory().numTensors;
  const r = await trainCaptioner(train, val, featureDir, options);
  assert.equal(tf.memory().numTensors, before + r.net.weights.size, 'no tensor left but the returned decoder');
  return r;
}

async function weightsOf(r: TrainCaptionerResult): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of r.net.weights) out[k] = Array.from(await v.data());
  return out;
}

/** An epoch record without its timings. */
const untimed = (h: CaptionerEpochRecord[]): Omit<CaptionerEpochRecord, 'seconds' | 'tokensPerSecond'>[] => h.map(({ seconds: _s, tokensPerSecond: _t, ...rest }) => rest);

/**
 * What a checkpoint folder holds, for comparison: the weight files byte for byte, and the Adam state's
 * index without its names (the decoder's variables are unnamed, so the slots carry engine-made ids).
 */
function files(dir: string): unknown[] {
  const read = (f: string): Buffer => fs.readFileSync(path.join(dir, f));
  const opt = JSON.parse(read('optimizer.json').toString('utf8')) as { tensors: { name: string }[] };
  return [...['last.bin', 'last.json', 'optimizer.bin', 'best.bin', 'best.json', 'decoder.json'].map(read), opt.tensors.map(({ name: _n, ...t }) => t)];
}

test('trainCaptioner: 2 epochs in one run = 1 epoch then a second call with numEpochs 2 on the same checkpointDir (weights, Adam state, history); only the net is left', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const { train, val, featureDir } = syntheticData(dir);
    const a = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: path.join(dir, 'a') });
    assert.equal(a.card.training.epochs, 2);
    assert.equal(a.card.architecture.params, a.net.countParams());
    assert.deepEqual(a.vocab.words.slice(0, 4), ['<pad>', '<start>', '<end>', '<unk>']);
    assert.equal(a.card.vocabulary.size, a.vocab.words.length);
    assert.equal(a.net.config.vocabSize, a.vocab.words.length);
    assert.deepEqual({ regions: a.net.config.regions, featureDim: a.net.config.featureDim }, { regions: R, featureDim: FD }, 'from the cache');
    for (const h of a.card.training.history) assert.ok(h.loss > 0 && Number.isFinite(h.loss) && h.valLoss > 0 && h.valBleu4 >= 0 && h.valBleu4 <= 1);
    assert.ok((a.card.training.history[1] as CaptionerEpochRecord).loss < (a.card.training.history[0] as CaptionerEpochRecord).loss, 'it learns');
    assert.deepEqual(a.card.training.history.map((h) => h.lr), [0.01, 0.01 * 0.8]);
    const aWeights = await weightsOf(a);
    a.net.dispose();

    const bDir = path.join(dir, 'b');
    const b1 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 1, checkpointDir: bDir });
    assert.equal(b1.card.training.epochs, 1);
    b1.net.dispose();
    const epochs: number[] = [];
    const b2 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: bDir, onProgress: (p) => epochs.push(p.epoch) });
    assert.deepEqual([...new Set(epochs)], [2], 'the second call trains epoch 2 only');
    assert.deepEqual(untimed(b2.card.training.history), untimed(a.card.training.history));
    assert.equal(b2.card.training.bestEpoch, a.card.training.bestEpoch);
    assert.deepEqual(await weightsOf(b2), aWeights, 'the returned (best-epoch) weights are identical');
    assert.deepEqual(files(bDir), files(path.join(dir, 'a')), 'last weights, Adam state and best weights are byte-identical');
    b2.net.dispose();

    // A third call with the same numEpochs has nothing left to do and returns the same decoder.
    const b3 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: bDir, onProgress: () => assert.fail('no step expected') });
    assert.deepEqual(await weightsOf(b3), aWeights);
    b3.net.dispose();
  }));

test('trainCaptioner: a run killed mid-epoch resumes from its last step checkpoint to exactly the uninterrupted weights', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const { train, val, featureDir } = syntheticData(dir);
    const a = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: path.join(dir, 'a') });
    const aWeights = await weightsOf(a);
    a.net.dispose();

    // The killed run is a separate process that exits in the progress callback of epoch 2, step 3:
    // after the checkpoint of step 2, before the one of step 3.
    const cDir = path.join(dir, 'c');
    const job = path.join(dir, 'job.json');
    fs.writeFileSync(job, JSON.stringify({ train, val, featureDir, options: { ...OPTIONS, numEpochs: 2, checkpointDir: cDir } }));
    const script = [
      `const fs = require('fs');`,
      `const tf = require(${JSON.stringify(require.resolve('@tensorflow/tfjs'))});`,
      `const { trainCaptioner } = require(${JSON.stringify(path.resolve(__dirname, '..', 'trainCaptioner.js'))});`,
      `const job = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));`,
      `tf.setBackend('cpu').then(() => trainCaptioner(job.train, job.val, job.featureDir, { ...job.options, onProgress: (p) => { if (p.epoch === 2 && p.step === 3) process.exit(3); } }))`,
      `  .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
    ].join('\n');
    const res = spawnSync(process.execPath, ['-e', script, job], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(res.status, 3, `the child should exit in step 3 of epoch 2: ${res.stderr}`);
    const state = JSON.parse(fs.readFileSync(path.join(cDir, 'state.json'), 'utf8')) as { epoch: number; step: number; history: unknown[] };
    assert.deepEqual({ epoch: state.epoch, step: state.step, epochsDone: state.history.length }, { epoch: 1, step: 2, epochsDone: 1 });

    const steps: string[] = [];
    const c = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: cDir, onProgress: (p) => steps.push(`${p.epoch}.${p.step}`) });
    assert.deepEqual(steps, ['2.3', '2.4'], 'resumes at step 3 of epoch 2');
    assert.deepEqual(untimed(c.card.training.history), untimed(a.card.training.history));
    assert.deepEqual(await weightsOf(c), aWeights);
    assert.deepEqual(files(cDir), files(path.join(dir, 'a')));
    c.net.dispose();
  }));

test('trainCaptioner: an epoch cut by maxStepsPerEpoch counts as finished — a later call goes on with the next epoch, not the rest of the cut one', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const { train, val, featureDir } = syntheticData(dir);
    const dDir = path.join(dir, 'd');
    const steps1: string[] = [];
    const d1 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 1, maxStepsPerEpoch: 2, checkpointDir: dDir, onProgress: (p) => steps1.push(`${p.epoch}.${p.step}/${p.steps}`) });
    assert.deepEqual(steps1, ['1.1/2', '1.2/2']);
    const state = JSON.parse(fs.readFileSync(path.join(dDir, 'state.json'), 'utf8')) as { epoch: number; step: number };
    assert.deepEqual({ epoch: state.epoch, step: state.step }, { epoch: 1, step: 0 });
    const cut = untimed(d1.card.training.history);
    d1.net.dispose();
    const steps2: string[] = [];
    const d2 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: dDir, onProgress: (p) => steps2.push(`${p.epoch}.${p.step}/${p.steps}`) });
    assert.deepEqual(steps2, ['2.1/4', '2.2/4', '2.3/4', '2.4/4'], 'epoch 1 is not completed afterwards');
    assert.deepEqual(untimed(d2.card.training.history).slice(0, 1), cut);
    assert.equal(d2.card.training.history.length, 2);
    const dLast = fs.readFileSync(path.join(dDir, 'last.bin'));
    d2.net.dispose();
    // So it is not the uninterrupted run.
    const a = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 2, checkpointDir: path.join(dir, 'a') });
    assert.notDeepEqual(fs.readFileSync(path.join(dir, 'a', 'last.bin')), dLast);
    a.net.dispose();
  }));

test('trainCaptioner: without checkpointDir nothing is written and the same seed gives the same decoder; errors name the option', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const { train, val, featureDir } = syntheticData(dir);
    const listing = fs.readdirSync(dir).sort();
    const e1 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 1, maxStepsPerEpoch: 2 });
    const w1 = await weightsOf(e1);
    e1.net.dispose();
    const e2 = await run(train, val, featureDir, { ...OPTIONS, numEpochs: 1, maxStepsPerEpoch: 2 });
    assert.deepEqual(await weightsOf(e2), w1);
    e2.net.dispose();
    assert.deepEqual(fs.readdirSync(dir).sort(), listing);

    const before = tf.memory().numTensors;
    await assert.rejects(trainCaptioner(train, val, featureDir, { numEpochs: 0 }), { name: 'RangeError', message: 'trainCaptioner: options.numEpochs must be a positive integer, got 0' });
    await assert.rejects(trainCaptioner(train, val, featureDir, { batchSize: 2.5 }), { name: 'RangeError', message: 'trainCaptioner: options.batchSize must be a positive integer, got 2.5' });
    await assert.rejects(trainCaptioner(train, val, featureDir, { lr: 0 }), { name: 'RangeError', message: 'trainCaptioner: options.lr must be > 0, got 0' });
    await assert.rejects(trainCaptioner(train, val, featureDir, { lrDecay: 1.5 }), { name: 'RangeError', message: 'trainCaptioner: options.lrDecay must be in (0, 1], got 1.5' });
    await assert.rejects(trainCaptioner(train, val, featureDir, { clipNorm: -1 }), { name: 'RangeError', message: 'trainCaptioner: options.clipNorm must be > 0, got -1' });
    await assert.rejects(trainCaptioner(train, [], featureDir), { name: 'RangeError', message: 'trainCaptioner: train and val must be non-empty' });
    const stranger = { ...(train[0] as Flickr8kItem), id: 'not-cached.jpg' };
    await assert.rejects(trainCaptioner([stranger], val, featureDir, OPTIONS), { message: 'trainCaptioner: image not-cached.jpg is not in the feature cache' });
    await assert.rejects(trainCaptioner(train, val, path.join(dir, 'nowhere'), OPTIONS), { message: /openCaptionFeatureCache: .*meta\.json cannot be read/ });
    assert.equal(tf.memory().numTensors, before);
  }));

test('trainCaptioner: tensor count stable over 200 steps (50 epochs × 4, validation and a checkpoint every 10 steps)', async () => {
  await withDir(async (dir) => {
    const { train, val, featureDir } = syntheticData(dir);
    const counts: number[] = [];
    const r = await trainCaptioner(train, val, featureDir, {
      ...OPTIONS, numEpochs: 50, checkpointEverySteps: 10, checkpointDir: path.join(dir, 'ckpt'),
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    assert.equal(counts.length, 200);
    const settled = counts.slice(20);
    assert.equal(Math.max(...settled), Math.min(...settled), `tensor count varies over steps 21–200 (first ${counts.slice(0, 8).join(', ')}, last ${counts.slice(-3).join(', ')})`);
    r.net.dispose();
  });
});
