#!/usr/bin/env node
// Trains the learned line-shift regressor (issue 19 item 2) on cbsd68 photos at their own scale and
// compares its RMS residual shift per preset with the classical estimateLineShifts on the VHS test split.
// Usage: node scripts/train/vhs-line-shift.js [--steps 1500] [--minutes 10] [--frames 60] [--seed 0]
const path = require('node:path');
const fs = require('node:fs');
const lib = path.resolve(__dirname, '..', '..', 'dist');
const { selectBackend } = require(path.join(lib, 'backend'));
const { readImage, } = require(path.join(lib, 'io'));
const { listImageFiles, resolveDataset } = require(path.join(lib, 'datasets'));
const vr = require(path.join(lib, 'tasks', 'vhsRestoration'));
const { saveModelWithCard } = require(path.join(lib, 'models', 'io'));
const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? def : Number(process.argv[i + 1]); };
(async () => {
  const backend = await selectBackend();
  const steps = arg('steps', 1500), minutes = arg('minutes', 10), frames = arg('frames', 60), seed = arg('seed', 0);
  const dir = (await resolveDataset('cbsd68')).dir;
  const files = listImageFiles(dir).sort();
  const photos = [];
  for (const f of files) photos.push(await readImage(f, { channels: 3 }));
  const train = vr.sampleLineShiftExamples(photos.slice(0, 60), { frames, rowStep: 2, seed });
  const val = vr.sampleLineShiftExamples(photos.slice(60), { frames: 10, rowStep: 4, seed: seed + 1 });
  console.log(`examples: train ${train.count}, val ${val.count}`);
  const out = path.resolve(__dirname, '..', '..', 'models', 'vhs-chain', 'line-shift');
  const { net, card } = await vr.trainLineShiftEstimator(train, {
    steps, seed, val, checkpointDir: path.join(out, 'checkpoint'), maxSeconds: minutes * 60,
    data: `cbsd68 photos 1-60 (sorted names), ${frames} frames at their own scale, every preset in turn, band top/bottom at random, every 2nd row outside the band; validation: cbsd68 61-68, 10 frames`,
    command: `node scripts/train/vhs-line-shift.js ${process.argv.slice(2).join(' ')}`,
  });
  card.backend = backend.name;
  // Comparison on the test split: RMS of (estimate − truth) over rows outside the band, per preset.
  const test = await vr.sampleVhsTestFrames({});
  const acc = {};
  for (const fr of test) for (const d of fr.degraded) {
    const truth = vr.computeTrueLineShifts(d.record, d.image.width, d.image.height);
    const learned = vr.predictLineShifts(net, d.image);
    const classical = vr.estimateLineShifts ? vr.estimateLineShifts(d.image) : null;
    const a = (acc[d.preset] ??= { n: 0, learned: 0, classical: 0, none: 0 });
    for (let r = 0; r < truth.shifts.length; r++) {
      if (truth.band[r]) continue;
      const t = truth.shifts[r];
      a.n++; a.none += t * t; a.learned += (learned[r] - t) ** 2;
      if (classical) a.classical += (classical[r] - t) ** 2;
    }
  }
  const table = Object.entries(acc).map(([preset, a]) => ({ preset, rmsTrue: Math.sqrt(a.none / a.n), rmsLearned: Math.sqrt(a.learned / a.n), rmsClassical: Math.sqrt(a.classical / a.n) }));
  console.table(table);
  card.testComparison = { split: 'sampleVhsTestFrames test (8 mate-photos, 768×576), rows outside the head-switching band', classicalFunction: 'estimateLineShifts (defaults)', table };
  await saveModelWithCard(net, out, card);
  console.log('saved', out);
})().catch((e) => { console.error(e); process.exit(1); });
