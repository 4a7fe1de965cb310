#!/usr/bin/env node
/* Trains the residual network that ends the VHS restoration chain (restoreVhsChain): photos at their
 * own pixel scale (kodak24, cbsd68, Flickr8k train split, skimage colour samples — never the
 * mate-photos, which hold the VHS test and tuning splits) are simulated whole, every preset in turn,
 * passed through the chain's classical stages (lines, band, dropouts, chroma), and the net learns the
 * rest from patches of (chain output, clean). Validation: the VHS tuning split through the same chain.
 * Writes models/vhs-chain/residual/ (weights + card); checkpoints in <out>/checkpoint.
 * Usage: npx tsc -p . && node scripts/train/vhs-chain.js [options]   (--help lists them) */
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/vhs-chain.js',
  summary: 'Trains the residual network after the classical stages of the VHS restoration chain and measures the chain on the VHS tuning split.',
  options: [
    { name: 'minutes', type: 'number', default: 70, description: 'stop (after a checkpoint) once this many minutes have run; resume by running again' },
    { name: 'flickr', type: 'number', default: 250, description: 'Flickr8k training photos used (the first N of the official train split)' },
    { name: 'width', type: 'number', default: 40, description: 'channels of the hidden convolutions' },
    { name: 'depth', type: 'number', default: 6, description: 'hidden 3×3 convolutions at half resolution' },
    { name: 'batch', type: 'number', default: 16, description: 'patches per step' },
    { name: 'patch', type: 'number', default: 64, description: 'patch side, px (even)' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of the network, the frames and the batches' },
    { name: 'out', type: 'string', description: 'output folder (default: models/vhs-chain/residual)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints and start over' },
    ...TRAINING_RUN_OPTIONS.map((o) => (o.name === 'steps' ? { ...o, default: 6000, description: 'training steps (cosine learning-rate schedule over them)' } : o)),
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), checkTrainingRunOptions);

const { selectBackend } = require(path.join(ROOT, 'dist', 'backend'));
const { readImage } = require(path.join(ROOT, 'dist', 'io'));
const { listImageFiles, resolveDataset } = require(path.join(ROOT, 'dist', 'datasets'));
const { computePsnr } = require(path.join(ROOT, 'dist', 'metrics'));
const vr = require(path.join(ROOT, 'dist', 'tasks', 'vhsRestoration'));
const { saveModelWithCard, loadLayersModelFromDisk } = require(path.join(ROOT, 'dist', 'models', 'io'));

const CLASSICAL = ['lines', 'band', 'dropouts', 'chroma'];
const SKIMAGE_COLOUR = ['astronaut', 'chelsea', 'coffee', 'rocket', 'motorcycle_left', 'motorcycle_right'];

(async () => {
  const backend = await selectBackend();
  const { steps, minutes, seed } = opts;
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'vhs-chain', 'residual'));
  const ckpt = path.join(out, 'checkpoint');
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const lineShiftNet = await loadLayersModelFromDisk(path.join(ROOT, 'models', 'vhs-chain', 'line-shift', 'model.json'));

  // Training photos, in a fixed order.
  const files = [];
  files.push(...listImageFiles((await resolveDataset('kodak24')).dir).sort());
  files.push(...listImageFiles((await resolveDataset('cbsd68')).dir).sort());
  const flickr = (await resolveDataset('flickr8k')).dir;
  const trainList = fs.readFileSync(path.join(flickr, 'text', 'Flickr_8k.trainImages.txt'), 'utf8').split(/\r?\n/).filter(Boolean);
  files.push(...trainList.slice(0, opts.flickr).map((f) => path.join(flickr, 'images', f)));
  const sk = (await resolveDataset('skimage-samples')).dir;
  for (const f of listImageFiles(sk).sort()) if (SKIMAGE_COLOUR.includes(path.parse(f).name)) files.push(f);
  const used = files.slice(0, opts['max-images'] ?? files.length);
  const photos = [];
  for (const f of used) {
    const im = await readImage(f, { channels: 3 });
    if (im.width >= opts.patch && im.height >= opts.patch + 2) photos.push(im);
  }
  const chain = (image) => vr.restoreVhsChain(image, { lineShiftNet }, { stages: CLASSICAL, rowsAreLines: true }).image;
  const t0 = Date.now();
  const pairs = vr.sampleVhsRestorationPairs(photos, chain, { frames: photos.length, seed });
  console.log(`pairs: ${pairs.inputs.length} frames (${photos.length} photos), through the classical chain in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const { net, card } = await vr.trainVhsRestoration(pairs, {
    steps, seed, batchSize: opts.batch, patchSize: opts.patch, lr: 1e-3,
    net: { width: opts.width, depth: opts.depth, scale: 2 },
    checkpointDir: ckpt, maxSeconds: minutes * 60,
    data: `${used.length} photos at their own scale (kodak24, cbsd68, Flickr8k train split first ${opts.flickr}, skimage colour samples ${SKIMAGE_COLOUR.join('/')}), one frame each, presets in turn, band top/bottom at random, through restoreVhsChain stages ${CLASSICAL.join('+')}`,
    command: `node scripts/train/vhs-chain.js --steps ${steps} --minutes ${minutes} --flickr ${opts.flickr} --width ${opts.width} --depth ${opts.depth} --batch ${opts.batch} --patch ${opts.patch} --seed ${seed}${trainingRunFlags({ ...opts, steps: undefined })}`,
  });
  card.backend = backend.name;
  card.chainStagesBefore = CLASSICAL;
  if (!opts['no-eval'] && card.finished) {
    const frames = await vr.sampleVhsTestFrames({ split: 'tuning' });
    const acc = {};
    for (const fr of frames) for (const d of fr.degraded) {
      const a = (acc[d.preset] ??= { n: 0, degraded: 0, classical: 0, chain: 0 });
      const classical = vr.restoreVhsChain(d.image, { lineShiftNet }, { stages: CLASSICAL }).image;
      const full = vr.applyVhsResidualNet(net, classical);
      a.n++;
      a.degraded += computePsnr(d.image, fr.clean, { dataRange: 1 });
      a.classical += computePsnr(classical, fr.clean, { dataRange: 1 });
      a.chain += computePsnr(full, fr.clean, { dataRange: 1 });
    }
    card.validation = {
      split: 'sampleVhsTestFrames tuning (4 mate-photos, 768×576), full-frame RGB PSNR, dB',
      table: Object.entries(acc).map(([preset, a]) => ({ preset, degraded: a.degraded / a.n, classicalStages: a.classical / a.n, chain: a.chain / a.n })),
    };
    console.table(card.validation.table);
  }
  await saveModelWithCard(net, out, card);
  console.log('saved', out, card.finished ? '' : `(stopped after ${card.steps} steps: run again to resume)`);
})().catch((e) => { console.error(e); process.exit(1); });
