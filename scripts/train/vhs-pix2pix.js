#!/usr/bin/env node
/* Trains the VHS restoration generator of notebook 04 (issue 5): pix2pix (cGAN + λ·L1, λ = 100,
 * Adam 2e-4, β1 0.5 — Isola et al. 2017) or the L1-only U-Net baseline (same generator, λ·L1 only),
 * on pairs made on the fly from clean photos (PACS photos minus the validation set, mate-photos)
 * by the PAL VHS simulator (presets SP 60 %, LP 20 %, digitised-clean 20 %), 128 px patches at PAL density.
 * Validation: 24 held-out PACS photos (full 227×227), SP preset, seeds 1000 + i.
 * Writes models/vhs-pix2pix/{model.json,weights.bin,card.json,history.json,discriminator/} (pix2pix)
 * or models/vhs-pix2pix/l1-baseline/ (l1).
 * Usage: npx tsc -p . && node scripts/train/vhs-pix2pix.js [options]
 * Options (--help prints them):
 *   --mode pix2pix|l1  objective: cGAN + λ·L1, or the L1-only baseline (default pix2pix)
 *   --minutes N        wall-clock training budget (default 28)
 *   --batch N          batch size (default 2)
 *   --patch N          patch side in px (default 128)
 *   --seed N           seed of the networks, pairs and validation split (default 0)
 *   --out DIR          output folder (default models/vhs-pix2pix, or models/vhs-pix2pix/l1-baseline for l1)
 *   --ckpt DIR         checkpoint folder (default data/cache/vhs-pix2pix/ckpt-<mode>)
 *   --no-resume        delete the checkpoints and start over
 *   --steps N, --checkpoint-every N, --max-images N, --no-eval   short reproducible runs (see --help;
 *                      --no-eval also skips the validation during training)
 * Checkpoints (resumable, every 3 min): data/cache/vhs-pix2pix/ckpt-<mode>. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/vhs-pix2pix.js',
  summary: 'Trains the VHS restoration generator of notebook 04 (pix2pix, or the L1-only U-Net baseline) on simulated PAL VHS pairs.',
  options: [
    { name: 'mode', type: 'string', choices: ['pix2pix', 'l1'], default: 'pix2pix', description: 'objective: cGAN + λ·L1 (pix2pix) or λ·L1 only (l1 baseline)' },
    { name: 'minutes', type: 'number', default: 28, description: 'wall-clock training budget in minutes' },
    { name: 'batch', type: 'number', default: 2, description: 'batch size' },
    { name: 'patch', type: 'number', default: 128, description: 'patch side in px' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of the networks, the training pairs and the validation split' },
    { name: 'out', type: 'string', description: 'output folder (default: models/vhs-pix2pix, or models/vhs-pix2pix/l1-baseline with --mode l1)' },
    { name: 'ckpt', type: 'string', description: 'checkpoint folder (default: data/cache/vhs-pix2pix/ckpt-<mode>)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints and start over' },
    ...TRAINING_RUN_OPTIONS,
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), checkTrainingRunOptions);

const tf = require('@tensorflow/tfjs');
const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { resolveDataset, listImageFiles } = require(path.join(ROOT, 'dist/datasets'));
const { resizeBicubic } = require(path.join(ROOT, 'dist/image'));
const { readImage } = require(path.join(ROOT, 'dist/io'));
const { createRng, shuffle } = require(path.join(ROOT, 'dist/random'));
const { computePsnr, computeSsim } = require(path.join(ROOT, 'dist/metrics'));
const { simulateVhs } = require(path.join(ROOT, 'dist/degrade/vhs'));
const { saveLayersModelToDisk } = require(path.join(ROOT, 'dist/models/io'));
const vhs = require(path.join(ROOT, 'dist/models/vhs'));

const r3 = (v) => Math.round(v * 1000) / 1000;
/** Generator / discriminator sizes: 4× narrower than the paper's (64→512), 5 levels instead of 8 (documented in the card). */
const GEN = { channels: 3, filters: [16, 32, 64, 128, 128], dropout: 0.5, norm: 'batch', residual: true };
const DISC = { channels: 3, filters: [16, 32, 64, 128], norm: 'batch' };
const NUM_VAL = 24;
const PRESETS = { SP: 0.6, LP: 0.2, 'digitised-clean': 0.2 };

/** The fixed validation set: held-out PACS photos, SP preset, seed 1000 + i, at PAL density, pixel-aligned. */
async function loadValidation(files) {
  const val = [];
  for (let i = 0; i < files.length; i++) {
    const clean = await readImage(files[i], { channels: 3 });
    const { image: degraded } = simulateVhs(clean, { preset: 'SP', seed: 1000 + i, raster: { width: Math.round((clean.width * 15) / 16), height: clean.height }, outputSize: 'input' });
    val.push({ name: path.relative(path.dirname(path.dirname(files[i])), files[i]), clean, degraded });
  }
  return val;
}

async function main() {
  const backend = await selectBackend();
  const mode = opts.mode; // pix2pix | l1 (checked by the parser)
  const minutes = opts.minutes;
  const batchSize = opts.batch;
  const patchSize = opts.patch;
  const seed = opts.seed;
  const out = path.resolve(opts.out ?? (mode === 'pix2pix' ? vhs.defaultVhsModelDir('pix2pix') : vhs.defaultVhsModelDir('l1')));
  const ckpt = path.resolve(opts.ckpt ?? path.join(ROOT, 'data', 'cache', 'vhs-pix2pix', `ckpt-${mode}`));
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const t0 = Date.now();

  const pacs = await resolveDataset('pacs');
  const mate = await resolveDataset('mate-photos');
  const pacsFiles = shuffle(listImageFiles(path.join(pacs.dir, 'photo'), { recursive: true }), createRng(seed));
  const valFiles = pacsFiles.slice(0, NUM_VAL);
  const maxImages = opts['max-images'] ?? Infinity;
  const trainFiles = pacsFiles.slice(NUM_VAL, NUM_VAL + maxImages);
  const images = [];
  for (const f of trainFiles) images.push(await readImage(f, { channels: 3 }));
  for (const f of listImageFiles(mate.dir).slice(0, Math.max(0, maxImages - trainFiles.length))) {
    let im = await readImage(f, { channels: 3 });
    const k = 512 / Math.max(im.width, im.height);
    if (k < 1) im = resizeBicubic(im, Math.round(im.width * k), Math.round(im.height * k));
    im = { ...im, data: im.data.map((v) => Math.min(1, Math.max(0, v))) };
    images.push(im);
  }
  const val = opts['no-eval'] ? [] : await loadValidation(valFiles);
  console.log(`[${mode}] ${images.length} clean photos (${trainFiles.length} PACS + mate-photos), ${val.length} validation, loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const sampler = vhs.createVhsPairSampler(images, { patchSize, presets: PRESETS });
  const generator = vhs.buildPix2pixGenerator({ ...GEN, seed });
  const discriminator = mode === 'pix2pix' ? vhs.buildPatchGan({ ...DISC, seed: seed + 1 }) : null;
  const sizeMultiple = vhs.generatorSizeMultiple(GEN.filters);
  const validate = (g) => {
    let p = 0, s = 0;
    for (const v of val) {
      const r = vhs.restoreFrame(v.degraded, g, { sizeMultiple, tile: 256, overlap: 32 });
      p += computePsnr(r, v.clean);
      s += computeSsim(r, v.clean);
    }
    return { valPsnr: p / val.length, valSsim: s / val.length };
  };
  const result = await vhs.trainPix2pix(generator, discriminator, (step) => sampler.sampleBatch(batchSize, seed * 1_000_003 + step), {
    mode, seed, ...(opts.steps !== undefined ? { steps: opts.steps } : { maxSeconds: minutes * 60 }), logEvery: 10, validateEvery: 50,
    ...(opts['no-eval'] ? {} : { validate }), checkpointDir: ckpt, checkpointEverySeconds: 180,
    ...(opts['checkpoint-every'] !== undefined ? { checkpointEverySteps: opts['checkpoint-every'] } : {}),
  });
  console.log(`[${mode}] trained ${result.stepsDone} steps in ${result.seconds.toFixed(0)} s`);

  const rows = val.map((v) => {
    const r = vhs.restoreFrame(v.degraded, generator, { sizeMultiple });
    return { name: v.name, inputPsnr: r3(computePsnr(v.degraded, v.clean)), psnr: r3(computePsnr(r, v.clean)), inputSsim: r3(computeSsim(v.degraded, v.clean)), ssim: r3(computeSsim(r, v.clean)) };
  });
  const mean = (k) => r3(rows.reduce((s, r) => s + r[k], 0) / rows.length);
  const metrics = opts['no-eval'] ? { skipped: 'run with --no-eval' } : { validation: `${val.length} held-out PACS photos, SP preset, seeds 1000…${999 + val.length}`, inputPsnr: mean('inputPsnr'), psnr: mean('psnr'), inputSsim: mean('inputSsim'), ssim: mean('ssim'), images: rows };
  if (!opts['no-eval']) console.log(`[${mode}] validation PSNR ${metrics.inputPsnr} → ${metrics.psnr} dB, SSIM ${metrics.inputSsim} → ${metrics.ssim}`);
  const card = {
    name: mode === 'pix2pix' ? 'vhs-pix2pix' : 'vhs-pix2pix/l1-baseline',
    task: 'PAL VHS frame restoration',
    objective: mode,
    architecture: `pix2pix U-Net generator (Isola et al. 2017) narrowed for CPU training: encoder ${GEN.filters.join('-')} (paper 64-128-256-512×5), 4×4 stride-2 convs, BatchNorm, LeakyReLU 0.2; decoder with skips, dropout 0.5 on the 3 deepest blocks (training only); residual output (input + correction) instead of tanh` +
      (mode === 'pix2pix' ? `; 70×70 PatchGAN ${DISC.filters.join('-')} (paper 64-128-256-512)` : ''),
    generator: { ...GEN, seed, parameters: generator.countParams() },
    ...(discriminator ? { discriminator: { ...DISC, seed: seed + 1, parameters: discriminator.countParams(), receptiveField: vhs.PATCHGAN_RECEPTIVE_FIELD } } : {}),
    sizeMultiple,
    range: [-1, 1],
    data: {
      train: { pacsPhotos: trainFiles.length, matePhotos: images.length - trainFiles.length, preparation: 'mate-photos resized to ≤ 512 px (bicubic); random 128 px crops, horizontal flips' },
      degradation: { simulator: 'simulateVhs (lib/degrade/vhs)', presets: PRESETS, raster: `${Math.round((patchSize * 15) / 16)}×${patchSize} BT.601 samples (PAL density), outputSize 'input'`, seeds: `seed·1000003 + step` },
      validation: opts['no-eval'] ? 'skipped (--no-eval)' : metrics.validation,
    },
    training: { mode, seed, steps: result.stepsDone, batchSize, patchSize, optimizer: 'Adam', lr: 2e-4, beta1: 0.5, lambdaL1: 100, seconds: Math.round(result.seconds), minutesBudget: minutes },
    metrics,
    command: `node scripts/train/vhs-pix2pix.js --mode ${mode} --minutes ${minutes} --batch ${batchSize} --patch ${patchSize} --seed ${seed}${trainingRunFlags(opts)}`,
    backend: `${backend.name} (${tf.version.tfjs}), single thread, shared 2-core machine`,
    created: new Date().toISOString(),
  };
  await vhs.saveVhsModel(generator, out, card);
  fs.writeFileSync(path.join(out, 'history.json'), JSON.stringify(result.history) + '\n');
  if (discriminator) await saveLayersModelToDisk(discriminator, path.join(out, 'discriminator'));
  console.log(`[${mode}] saved ${out}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e) => { console.error(e); process.exit(1); });
