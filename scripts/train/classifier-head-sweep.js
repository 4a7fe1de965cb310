#!/usr/bin/env node
/* Small model-selection sweep for the transfer head on cached features (selection by validation loss only;
 * test numbers are printed for the record, not used to choose). Needs the feature cache of classifier-transfer.js.
 * Usage: npx tsc -p . && node scripts/train/classifier-head-sweep.js
 * Options: none besides --help (the configurations, split seed 42 and training seed 0 are fixed below). */
'use strict';
const path = require('path');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

parseScriptArgs({
  usage: 'node scripts/train/classifier-head-sweep.js',
  summary: 'Model-selection sweep for the transfer head on cached features (selection by validation loss only). Needs the feature cache of classifier-transfer.js.',
  options: [],
});

const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { buildPhotoDataset } = require(path.join(ROOT, 'dist/datasets/buildPhotoDataset'));
const clf = require(path.join(ROOT, 'dist/models/classifier'));
const { computeBinaryMetrics } = require(path.join(ROOT, 'dist/training'));

(async () => {
  await selectBackend({ log: false });
  const ds = await buildPhotoDataset({ seed: 42 });
  const encoder = await clf.loadMobileNetEncoder();
  const cacheDir = path.join(ROOT, 'data', 'cache', 'photo-classifier', 'features');
  const configs = [
    { head: { hiddenUnits: 64, dropout: 0.3, l2: 1e-4 } },
    { head: { hiddenUnits: 0, dropout: 0, l2: 1e-3 } },
    { head: { hiddenUnits: 0, dropout: 0.3, l2: 1e-4 } },
    { head: { hiddenUnits: 64, dropout: 0.5, l2: 1e-3 } },
    { head: { hiddenUnits: 256, dropout: 0.5, l2: 1e-4 } },
    { head: { hiddenUnits: 128, dropout: 0.5, l2: 1e-3 }, lr: 3e-4 },
  ];
  const rows = [];
  for (const c of configs) {
    const r = await clf.trainTransferClassifier(ds, { encoder, augmentViews: 1, cacheDir, seed: 0, log: false, numEpochs: 80, ...c });
    const bestVal = Math.min(...r.history.epochs.map((e) => e.valLoss));
    const t = computeBinaryMetrics(r.testScores, ds.test.map((it) => it.label), r.threshold);
    const h = computeBinaryMetrics(r.testScores, ds.test.map((it) => it.label), 0.5);
    const row = { config: JSON.stringify(c), epochs: r.history.epochs.length, bestValLoss: +bestVal.toFixed(4), threshold: +r.threshold.toFixed(3), testBalAcc: +t.balancedAccuracy.toFixed(4), testBalAccAtHalf: +h.balancedAccuracy.toFixed(4) };
    rows.push(row);
    console.log(JSON.stringify(row));
    r.head.dispose();
  }
  console.table(rows);
  encoder.dispose();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
