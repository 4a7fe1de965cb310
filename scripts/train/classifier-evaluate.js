#!/usr/bin/env node
/* Re-evaluates a saved photo classifier on the validation and test splits and rewrites the threshold and
 * metrics of its card (threshold: Youden's J on validation). Checks that a shipped model matches its card.
 * A scratch CNN whose card has inference.testTimeFlip is scored with the mirror average.
 * Usage: npx tsc -p . && node scripts/train/classifier-evaluate.js [options]
 * Options (--help prints them):
 *   --kind transfer|scratch  which model (default transfer)
 *   --dir DIR                model folder (default models/photo-classifier, or models/photo-classifier/scratch-cnn for scratch)
 *   --dry-run                print the metrics without rewriting card.json */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/classifier-evaluate.js',
  summary: "Re-evaluates a saved photo classifier on the validation and test splits and rewrites its card's threshold and metrics.",
  options: [
    { name: 'kind', type: 'string', choices: ['transfer', 'scratch'], default: 'transfer', description: 'which model: the shipped transfer model or the CNN from scratch' },
    { name: 'dir', type: 'string', description: 'model folder (default: models/photo-classifier, or models/photo-classifier/scratch-cnn with --kind scratch)' },
    { name: 'dry-run', type: 'boolean', description: 'print the metrics without rewriting card.json' },
  ],
};
const opts = parseScriptArgs(SPEC);

const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { buildPhotoDataset, createPhotoBatches } = require(path.join(ROOT, 'dist/datasets'));
const clf = require(path.join(ROOT, 'dist/models/classifier'));
const { predictModel, computeBinaryMetrics, computePrecisionRecallCurve, chooseThresholdByBalancedAccuracy, chooseThresholdByF1 } = require(path.join(ROOT, 'dist/training'));

(async () => {
  await selectBackend({ log: false });
  const kind = opts.kind;
  const dir = path.resolve(opts.dir ?? path.join(ROOT, 'models', 'photo-classifier', kind === 'scratch' ? 'scratch-cnn' : ''));
  const card = JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8'));
  const ds = await buildPhotoDataset({ seed: card.data.splitSeed });
  let valScores;
  let testScores;
  if (kind === 'scratch') {
    const net = await clf.loadLayersModelFromDisk(dir);
    const size = net.inputs[0].shape[1];
    const cacheDir = path.join(ROOT, 'data', 'cache', 'photo-classifier', 'images');
    // Score as the card says the model is used: with the mirror average when card.inference.testTimeFlip.
    const flip = { flipAverage: card.inference?.testTimeFlip === true };
    valScores = (await predictModel(net, createPhotoBatches(ds.val, { size, batchSize: 64, cacheDir }), flip)).scores;
    testScores = (await predictModel(net, createPhotoBatches(ds.test, { size, batchSize: 64, cacheDir }), flip)).scores;
    net.dispose();
  } else {
    const model = await clf.loadPhotoClassifier({ dir });
    const cacheDir = path.join(ROOT, 'data', 'cache', 'photo-classifier', 'features');
    const score = async (items) => {
      const x = await clf.extractFeatures(model.encoder, items.map((it) => it.file), { cacheDir });
      const tf = require('@tensorflow/tfjs');
      const out = tf.tidy(() => model.head.predict(tf.tensor2d(x, [items.length, 1280])));
      const s = Float32Array.from(await out.data());
      out.dispose();
      return s;
    };
    valScores = await score(ds.val);
    testScores = await score(ds.test);
    model.dispose();
  }
  const valLabels = ds.val.map((it) => it.label);
  const testLabels = ds.test.map((it) => it.label);
  const threshold = chooseThresholdByBalancedAccuracy(valScores, valLabels).threshold;
  const test = clf.evaluateBySource(ds.test, testScores, threshold);
  card.threshold = { value: threshold, chosenBy: "best balanced accuracy (Youden's J) on the validation split, halfway to the next lower score" };
  card.metrics = {
    test: test.metrics,
    testAtHalf: computeBinaryMetrics(testScores, testLabels, 0.5),
    testAtF1Threshold: computeBinaryMetrics(testScores, testLabels, chooseThresholdByF1(valScores, valLabels).threshold),
    val: computeBinaryMetrics(valScores, valLabels, threshold),
    perSourceTest: test.perSource,
    averagePrecisionTest: computePrecisionRecallCurve(testScores, testLabels).averagePrecision,
  };
  if (!opts['dry-run']) fs.writeFileSync(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  console.log(JSON.stringify({ threshold, test: test.metrics, atHalf: card.metrics.testAtHalf.balancedAccuracy, atF1: card.metrics.testAtF1Threshold.balancedAccuracy, perSource: test.perSource.map((r) => `${r.source} ${r.correct}/${r.count}`) }, null, 1));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
