#!/usr/bin/env node
/* Trains the shipped photo classifier (issue 6): frozen MobileNetV2-0.35 features + small head.
 * Writes models/photo-classifier/{model.json,weights.bin,card.json}.
 * Usage: npx tsc -p . && node scripts/train/classifier-transfer.js [options]
 * Options (--help prints them):
 *   --epochs N      maximum number of epochs (default 60)
 *   --seed N        training seed (default 0)
 *   --split-seed N  train/val/test split seed (default 42)
 *   --views N       augmented feature views per training image (default 1)
 *   --out DIR       output folder (default models/photo-classifier)
 *   --no-resume     delete the checkpoints and start over
 * Caches: data/cache/photo-classifier/features (encoder outputs), data/cache/photo-classifier/ckpt-transfer (checkpoints). */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, CLASSIFIER_RUN_OPTIONS, checkClassifierRunOptions } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/classifier-transfer.js',
  summary: 'Trains the shipped photo classifier: frozen MobileNetV2-0.35 features + small head; writes model.json, weights.bin and card.json.',
  options: [
    { name: 'epochs', type: 'number', default: 60, description: 'maximum number of epochs' },
    { name: 'seed', type: 'number', default: 0, description: 'training seed' },
    { name: 'split-seed', type: 'number', default: 42, description: 'train/val/test split seed' },
    { name: 'views', type: 'number', default: 1, description: 'augmented feature views per training image (one drawn per epoch)' },
    { name: 'out', type: 'string', description: 'output folder (default: models/photo-classifier)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints (data/cache/photo-classifier/ckpt-transfer) and start over' },
    ...CLASSIFIER_RUN_OPTIONS,
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  checkClassifierRunOptions(o, UsageError);
});

const tf = require('@tensorflow/tfjs');
const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { buildPhotoDataset } = require(path.join(ROOT, 'dist/datasets/buildPhotoDataset'));
const clf = require(path.join(ROOT, 'dist/models/classifier'));
const { computePrecisionRecallCurve, computeBinaryMetrics, chooseThresholdByF1 } = require(path.join(ROOT, 'dist/training'));

(async () => {
  const backend = await selectBackend();
  const splitSeed = opts['split-seed'];
  const seed = opts.seed;
  const numEpochs = opts.epochs;
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'photo-classifier'));
  const cache = path.resolve(opts.cache ?? path.join(ROOT, 'data', 'cache', 'photo-classifier'));
  const batchSize = 32;
  const lr = 1e-3;
  const augmentViews = opts.views;
  const t0 = Date.now();
  const mps = opts['max-per-source'];
  const ds = await buildPhotoDataset({ seed: splitSeed, ...(mps !== undefined ? { maxPerSource: { train: mps, val: Math.ceil(mps / 2), test: Math.ceil(mps / 2) } } : {}) });
  console.log(`[data] train ${ds.train.length}, val ${ds.val.length}, test ${ds.test.length}`);
  const ckpt = opts.ckpt !== undefined ? path.resolve(opts.ckpt) : path.join(cache, 'ckpt-transfer');
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const r = await clf.trainTransferClassifier(ds, { numEpochs, batchSize, lr, seed, augmentViews, cacheDir: path.join(cache, 'features'), checkpointDir: ckpt });
  const valLabels = ds.val.map((it) => it.label);
  const test = clf.evaluateBySource(ds.test, r.testScores, r.threshold);
  const testHalf = computeBinaryMetrics(r.testScores, ds.test.map((it) => it.label), 0.5);
  const ap = computePrecisionRecallCurve(r.testScores, ds.test.map((it) => it.label)).averagePrecision;
  const params = r.head.countParams();
  const card = {
    name: 'photo-classifier',
    task: 'photo (1) vs other document (0): paintings, cartoons, sketches, receipts, text pages, flowcharts, schematics',
    labels: { 0: 'other', 1: 'photo' },
    architecture: {
      encoder: { registryId: clf.MOBILENET_ENCODER_ID, input: '224×224 RGB, area resize (aspect not kept), scaled to [-1, 1]', frozen: true, featureDim: 1280 },
      head: 'dropout 0.3 → dense 64 ReLU (L2 1e-4) → dropout 0.3 → dense 1 sigmoid (L2 1e-4)',
      parameters: params,
    },
    data: { sources: ds.sources.map((s) => s.name), counts: ds.counts, splitSeed, fractions: ds.fractions },
    training: {
      numEpochs: r.history.epochs.length,
      bestEpoch: r.history.bestEpoch,
      stoppedEarly: r.history.stoppedEarly,
      batchSize,
      lr,
      optimizer: 'Adam (β1 0.9, β2 0.999)',
      loss: 'class-weighted binary cross-entropy + L2',
      classWeights: r.classWeights,
      regularisation: 'dropout 0.3, L2 1e-4, early stopping on validation loss (patience 8, best weights restored)',
      augmentation: `${augmentViews} augmented feature views per training image (random crop 80–100 %, flip, brightness ±0.1, contrast ±15 %), one drawn per epoch`,
      backend: backend.name,
      seconds: Math.round(r.history.seconds * 10) / 10,
      featureSeconds: Math.round(r.featureSeconds * 10) / 10,
      command: `node scripts/train/classifier-transfer.js --epochs ${numEpochs} --seed ${seed} --split-seed ${splitSeed} --views ${augmentViews}${mps !== undefined ? ` --max-per-source ${mps}` : ''}`,
      date: new Date().toISOString(),
      tfjs: tf.version.tfjs,
      history: r.history.epochs,
    },
    threshold: { value: r.threshold, chosenBy: "best balanced accuracy (Youden's J) on the validation split, halfway to the next lower score" },
    metrics: {
      test: test.metrics,
      testAtHalf: testHalf,
      testAtF1Threshold: computeBinaryMetrics(r.testScores, ds.test.map((it) => it.label), chooseThresholdByF1(r.valScores, valLabels).threshold),
      val: computeBinaryMetrics(r.valScores, valLabels, r.threshold),
      perSourceTest: test.perSource,
      averagePrecisionTest: ap,
    },
    limitations: [
      'Photos are PACS photos of 7 object classes (dog, elephant, giraffe, guitar, horse, house, person); other subjects (landscapes, documents photographed with a phone) are not represented.',
      'Feature cache: augmentation is limited to the pre-computed views.',
      'Encoder weights come from a Teachable Machine export with no licence file; confirm before redistribution.',
    ],
  };
  await clf.savePhotoClassifier(r.head, card, out);
  console.log(JSON.stringify({ test: test.metrics, perSource: test.perSource, ap, threshold: r.threshold, seconds: (Date.now() - t0) / 1000 }, null, 1));
  r.head.dispose();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
