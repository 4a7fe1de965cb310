#!/usr/bin/env node
/* Trains the learned line-shift regressor of the VHS restoration chain on cbsd68 photos at their own
 * scale, then compares its RMS residual shift per preset with the classical estimateLineShifts on the
 * VHS test split. Writes models/vhs-chain/line-shift/ (weights + card); checkpoints in <out>/checkpoint.
 * Usage: npx tsc -p . && node scripts/train/vhs-line-shift.js [options]   (--help lists them) */
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/vhs-line-shift.js',
  summary: 'Trains the per-line shift regressor of the VHS restoration chain (cbsd68 photos at their own scale) and compares it with the classical estimator on the VHS test split.',
  options: [
    { name: 'minutes', type: 'number', default: 10, description: 'stop (after a checkpoint) once this many minutes have run; resume by running again' },
    { name: 'frames', type: 'number', default: 60, description: 'simulated frames per training run (every preset in turn)' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of the network, the frames and the batches' },
    { name: 'out', type: 'string', description: 'output folder (default: models/vhs-chain/line-shift)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints and start over' },
    ...TRAINING_RUN_OPTIONS.map((o) => (o.name === 'steps' ? { ...o, default: 1500, description: 'training steps (cosine learning-rate schedule over them)' } : o)),
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), checkTrainingRunOptions);

const { selectBackend } = require(path.join(ROOT, 'dist', 'backend'));
const { readImage } = require(path.join(ROOT, 'dist', 'io'));
const { listImageFiles, resolveDataset } = require(path.join(ROOT, 'dist', 'datasets'));
const vr = require(path.join(ROOT, 'dist', 'tasks', 'vhsRestoration'));
const { saveModelWithCard } = require(path.join(ROOT, 'dist', 'models', 'io'));

(async () => {
  const backend = await selectBackend();
  const { steps, minutes, frames, seed } = opts;
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'vhs-chain', 'line-shift'));
  const ckpt = path.join(out, 'checkpoint');
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const dir = (await resolveDataset('cbsd68')).dir;
  const files = listImageFiles(dir).sort();
  const trainFiles = files.slice(0, Math.min(60, opts['max-images'] ?? 60));
  const valFiles = opts['no-eval'] ? [] : files.slice(60);
  const photos = [];
  for (const f of trainFiles) photos.push(await readImage(f, { channels: 3 }));
  const valPhotos = [];
  for (const f of valFiles) valPhotos.push(await readImage(f, { channels: 3 }));
  const train = vr.sampleLineShiftExamples(photos, { frames, rowStep: 2, seed });
  const val = valPhotos.length > 0 ? vr.sampleLineShiftExamples(valPhotos, { frames: 10, rowStep: 4, seed: seed + 1 }) : undefined;
  console.log(`examples: train ${train.count}${val ? `, val ${val.count}` : ''}`);
  const { net, card } = await vr.trainLineShiftEstimator(train, {
    steps, seed, ...(val ? { val } : {}), checkpointDir: ckpt, maxSeconds: minutes * 60,
    ...(opts['checkpoint-every'] !== undefined ? { checkpointEverySteps: opts['checkpoint-every'] } : {}),
    data: `cbsd68 photos 1-${trainFiles.length} (sorted names), ${frames} frames at their own scale, every preset in turn, band top/bottom at random, every 2nd row outside the band; validation: ${val ? 'cbsd68 61-68, 10 frames' : 'none (--no-eval)'}`,
    command: `node scripts/train/vhs-line-shift.js --steps ${steps} --minutes ${minutes} --frames ${frames} --seed ${seed}${trainingRunFlags({ ...opts, steps: undefined })}`,
  });
  card.backend = backend.name;
  if (!opts['no-eval']) {
    // Comparison on the test split: RMS of (estimate − truth) over rows outside the band, per preset.
    const test = await vr.sampleVhsTestFrames({});
    const acc = {};
    for (const fr of test) for (const d of fr.degraded) {
      const truth = vr.computeTrueLineShifts(d.record, d.image.width, d.image.height);
      const learned = vr.predictLineShifts(net, d.image);
      const classical = vr.estimateLineShifts(d.image);
      const a = (acc[d.preset] ??= { n: 0, learned: 0, classical: 0, none: 0 });
      for (let r = 0; r < truth.shifts.length; r++) {
        if (truth.band[r]) continue;
        const t = truth.shifts[r];
        a.n++; a.none += t * t; a.learned += (learned[r] - t) ** 2; a.classical += (classical[r] - t) ** 2;
      }
    }
    const table = Object.entries(acc).map(([preset, a]) => ({ preset, rmsTrue: Math.sqrt(a.none / a.n), rmsLearned: Math.sqrt(a.learned / a.n), rmsClassical: Math.sqrt(a.classical / a.n) }));
    console.table(table);
    card.testComparison = { split: 'sampleVhsTestFrames test (8 mate-photos, 768×576), rows outside the head-switching band', classicalFunction: 'estimateLineShifts (defaults)', table };
  }
  await saveModelWithCard(net, out, card);
  console.log('saved', out);
})().catch((e) => { console.error(e); process.exit(1); });
