#!/usr/bin/env node
/* Re-evaluates a saved photo classifier on the validation and test splits and rewrites the threshold and
 * metrics of its card (threshold: Youden's J on validation). Checks that a shipped model matches its card.
 * A scratch CNN whose card has inference.testTimeFlip is scored with the mirror average.
 * Usage: npx tsc -p . && node scripts/train/classifier-evaluate.js [options]
 * Options (--help prints them):
 *   --kind transfer|scratch  which model (default transfer)
 *   --dir DIR                model folder (default models/photo-classifier, or models/photo-classifier/scratch-cnn for scratch)
 *   --dry-run                print the metrics without rewriting card.json
 *   --flip auto|on|off       scratch CNN: mirror average as the card says (auto), always or never
 *   --val-only               score the validation split only and print its cross-entropy and balanced accuracy
 *                            (for choosing between candidates without looking at test; never writes the card) */
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
    { name: 'flip', type: 'string', choices: ['auto', 'on', 'off'], default: 'auto', description: "scratch CNN: score with the mirror average as the card's inference.testTimeFlip says (auto), always (on) or never (off)" },
    { name: 'val-only', type: 'boolean', description: 'score the validation split only, print its cross-entropy and balanced accuracy, never write the card (to choose between candidates without the test split)' },
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
    const flip = { flipAverage: opts.flip === 'auto' ? card.inference?.testTimeFlip === true : opts.flip === 'on' };
    valScores = (await predictModel(net, createPhotoBatches(ds.val, { size, batchSize: 64, cacheDir }), flip)).scores;
    if (!opts['val-only']) testScores = (await predictModel(net, createPhotoBatches(ds.test, { size, batchSize: 64, cacheDir }), flip)).scores;
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
    if (!opts['val-only']) testScores = await score(ds.test);
    model.dispose();
  }
  const valLabels = ds.val.map((it) => it.label);
  const testLabels = ds.test.map((it) => it.label);
  const threshold = chooseThresholdByBalancedAccuracy(valScores, valLabels).threshold;
  if (opts['val-only']) {
    // Mean unweighted binary cross-entropy with Keras's clipping, as trainModel's validation loss.
    const eps = 1e-7;
    const crossEntropy = valLabels.reduce((s, y, i) => {
      const p = Math.min(1 - eps, Math.max(eps, valScores[i]));
      return s - (y === 1 ? Math.log(p) : Math.log(1 - p));
    }, 0) / valLabels.length;
    const val = computeBinaryMetrics(valScores, valLabels, threshold);
    console.log(JSON.stringify({ dir: path.relative(ROOT, dir) || '.', split: 'val', valCrossEntropy: crossEntropy, threshold, valBalancedAccuracy: val.balancedAccuracy, valAtHalf: computeBinaryMetrics(valScores, valLabels, 0.5).balancedAccuracy }, null, 1));
    return;
  }
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
