#!/usr/bin/env node
/* Trains the CNN from scratch of notebook 02 (issue 6) on the photo-vs-other data, streaming batches from disk.
 * Writes models/photo-classifier/scratch-cnn/{model.json,weights.bin,card.json}.
 * Usage: npx tsc -p . && node scripts/train/classifier-scratch.js [options]
 * Options (--help prints them):
 *   --epochs N        maximum number of epochs (default 25)
 *   --size PX         input side in px (default 96)
 *   --filters LIST    comma-separated filters of the conv blocks (default 32,64,128,128)
 *   --dense N         units of the hidden dense layer (default 128)
 *   --lr N            Adam learning rate (default 0.002)
 *   --patience N      early-stopping patience in epochs (default 5)
 *   --average-from N  stochastic weight averaging: run all --epochs at a constant --lr, no early stopping,
 *                     and keep the mean of the weights of epochs N..end (use with --init)
 *   --flip-tta        score validation and test as the mean of P(photo) over each image and its mirror
 *   --seed N          training seed (default 0)
 *   --split-seed N    train/val/test split seed (default 42)
 *   --init MODEL_DIR  continue from the weights and card of a previous run (e.g. a second stage at a lower lr)
 *   --out DIR         output folder (default models/photo-classifier/scratch-cnn)
 *   --no-resume       delete the checkpoints of this configuration and start over
 * Caches: data/cache/photo-classifier/images (resized pixels),
 * data/cache/photo-classifier/ckpt-scratch-<size>-<filters>[-lr<lr> with --init] (checkpoints). */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, CLASSIFIER_RUN_OPTIONS, checkClassifierRunOptions } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/classifier-scratch.js',
  summary: 'Trains the photo-vs-other CNN from scratch of notebook 02, streaming batches from disk; writes model.json, weights.bin and card.json.',
  options: [
    { name: 'epochs', type: 'number', default: 25, description: 'maximum number of epochs' },
    { name: 'size', type: 'number', default: 96, description: 'input side in px' },
    { name: 'filters', type: 'string', default: '32,64,128,128', description: 'comma-separated filters of the conv blocks, one block each' },
    { name: 'dense', type: 'number', default: 128, description: 'units of the hidden dense layer' },
    { name: 'lr', type: 'number', default: 2e-3, description: 'Adam learning rate' },
    { name: 'patience', type: 'number', default: 5, description: 'early-stopping patience in epochs (validation loss)' },
    { name: 'average-from', type: 'number', description: 'stochastic weight averaging: no early stopping, the model is the mean of the weights at the end of epochs N..--epochs (use with --init)' },
    { name: 'flip-tta', type: 'boolean', description: 'test-time flip: score validation and test as the mean of P(photo) over each image and its left-right mirror (the threshold is chosen on those validation scores)' },
    { name: 'seed', type: 'number', default: 0, description: 'training seed' },
    { name: 'split-seed', type: 'number', default: 42, description: 'train/val/test split seed' },
    { name: 'init', type: 'string', description: 'model folder of a previous run to continue from (weights and card), e.g. a second stage at a lower --lr' },
    { name: 'out', type: 'string', description: 'output folder (default: models/photo-classifier/scratch-cnn)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints of this configuration and start over' },
    ...CLASSIFIER_RUN_OPTIONS,
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  checkClassifierRunOptions(o, UsageError);
  if (!/^\d+(,\d+)*$/.test(o.filters) || o.filters.split(',').some((f) => Number(f) < 1)) {
    throw new UsageError(`--filters needs a comma-separated list of positive integers, got "${o.filters}"`);
  }
  const from = o['average-from'];
  if (from !== undefined && (!Number.isInteger(from) || from < 1 || from > o.epochs)) throw new UsageError(`--average-from needs an integer in [1, --epochs = ${o.epochs}], got ${from}`);
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
  const size = opts.size;
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'photo-classifier', 'scratch-cnn'));
  const cache = path.resolve(opts.cache ?? path.join(ROOT, 'data', 'cache', 'photo-classifier'));
  const batchSize = 32;
  const lr = opts.lr;
  // --init DIR: continue from the weights (and card) of a previous run, e.g. a second stage at a lower learning rate.
  const init = opts.init;
  const prevCard = init ? JSON.parse(fs.readFileSync(path.join(init, 'card.json'), 'utf8')) : null;
  const patience = opts.patience;
  const t0 = Date.now();
  const mps = opts['max-per-source'];
  const ds = await buildPhotoDataset({ seed: splitSeed, ...(mps !== undefined ? { maxPerSource: { train: mps, val: Math.ceil(mps / 2), test: Math.ceil(mps / 2) } } : {}) });
  const averageFrom = opts['average-from'];
  const ckpt = opts.ckpt !== undefined ? path.resolve(opts.ckpt) : path.join(cache, `ckpt-scratch-${size}-${opts.filters.replace(/,/g, '-')}${init ? `-lr${lr}` : ''}${averageFrom !== undefined ? `-swa${averageFrom}` : ''}`);
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const filters = opts.filters.split(',').map(Number);
  const denseUnits = opts.dense;
  const cnn = { inputSize: size, filters, denseUnits };
  const net = init ? await clf.loadLayersModelFromDisk(init) : undefined;
  const r = await clf.trainScratchClassifier(ds, { cnn, ...(net ? { net } : {}), numEpochs, batchSize, lr, seed, cacheDir: path.join(cache, 'images'), checkpointDir: ckpt, ...(averageFrom !== undefined ? { weightAveraging: { fromEpoch: averageFrom } } : { earlyStopping: { patience } }), testTimeFlip: Boolean(opts['flip-tta']) });
  const prevEpochs = prevCard ? prevCard.training.history : [];
  const history = [...prevEpochs, ...r.history.epochs.map((e) => ({ ...e, epoch: e.epoch + prevEpochs.length }))];
  const command = `node scripts/train/classifier-scratch.js --epochs ${numEpochs} --size ${size} --filters ${filters.join(',')} --dense ${denseUnits} --seed ${seed} --split-seed ${splitSeed} --lr ${lr} ${averageFrom !== undefined ? `--average-from ${averageFrom}` : `--patience ${patience}`}${opts['flip-tta'] ? ' --flip-tta' : ''}${init ? ` --init ${path.relative(ROOT, init)}` : ''}${opts.out ? ` --out ${path.relative(ROOT, out)}` : ''}${mps !== undefined ? ` --max-per-source ${mps}` : ''}`;
  const labels = (items) => items.map((it) => it.label);
  const test = clf.evaluateBySource(ds.test, r.testScores, r.threshold);
  const card = {
    name: 'photo-classifier/scratch-cnn',
    task: 'photo (1) vs other document (0) — CNN trained from scratch (teaching baseline; the CLI uses the transfer model)',
    architecture: { input: `${size}×${size} RGB in [0, 1], area resize`, layers: `${filters.length} × [conv3×3 ReLU + maxpool2] (${filters.join(', ')}) → GAP → dropout 0.3 → dense ${denseUnits} ReLU → dropout 0.3 → dense 1 sigmoid; L2 1e-4 on kernels`, parameters: r.net.countParams(), options: cnn },
    data: { sources: ds.sources.map((s) => s.name), counts: ds.counts, splitSeed, fractions: ds.fractions },
    training: {
      numEpochs: history.length, bestEpoch: r.history.bestEpoch + prevEpochs.length, stoppedEarly: r.history.stoppedEarly, batchSize, lr,
      stages: [...(prevCard ? prevCard.training.stages ?? [{ command: prevCard.training.command, epochs: prevEpochs.length, lr: prevCard.training.lr, seconds: prevCard.training.seconds, bestEpoch: prevCard.training.bestEpoch }] : []),
        { command, epochs: r.history.epochs.length, maxEpochs: numEpochs, lr, ...(averageFrom !== undefined ? { averageFrom, average: r.history.average } : { patience }), seconds: Math.round(r.history.seconds * 10) / 10, bestEpoch: r.history.bestEpoch + prevEpochs.length }],
      optimizer: 'Adam', loss: 'class-weighted binary cross-entropy + L2', classWeights: r.classWeights,
      augmentation: 'random crop 80–100 %, flip, brightness ±0.1, contrast ±15 % (training only)',
      backend: backend.name, seconds: Math.round((r.history.seconds + (prevCard ? prevCard.training.seconds : 0)) * 10) / 10, resumedFromEpoch: r.history.resumedFromEpoch,
      command: prevCard ? `${prevCard.training.command} && ${command}` : command,
      date: new Date().toISOString(), tfjs: tf.version.tfjs, history,
    },
    ...(opts['flip-tta'] ? { inference: { testTimeFlip: true } } : {}),
    threshold: { value: r.threshold, chosenBy: "best balanced accuracy (Youden's J) on the validation split, halfway to the next lower score" },
    metrics: {
      test: test.metrics,
      testAtHalf: computeBinaryMetrics(r.testScores, labels(ds.test), 0.5),
      testAtF1Threshold: computeBinaryMetrics(r.testScores, labels(ds.test), chooseThresholdByF1(r.valScores, labels(ds.val)).threshold),
      val: computeBinaryMetrics(r.valScores, labels(ds.val), r.threshold),
      perSourceTest: test.perSource,
      averagePrecisionTest: computePrecisionRecallCurve(r.testScores, labels(ds.test)).averagePrecision,
    },
  };
  await clf.saveLayersModelToDisk(r.net, out);
  fs.writeFileSync(path.join(out, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  console.log(JSON.stringify({ test: test.metrics, perSource: test.perSource, threshold: r.threshold, seconds: (Date.now() - t0) / 1000 }, null, 1));
  r.net.dispose();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
