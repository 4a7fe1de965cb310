#!/usr/bin/env node
/* Trains one enhancement U-Net of notebook 05 (issue 7) to undo a controlled degradation (the three
 * trials of the original study: mild blur, stronger blur, blur + noise), on patches of clean photos
 * (kodak24 minus 4 held-out test images, mate-photos resized to ≤ 512 px, a seeded subset of PACS photos).
 * Writes models/enhance-unet/<trial>/{model.json,weights.bin,card.json}.
 * Usage: npx tsc -p . && node scripts/train/enhance-unet.js [options]
 * Options (--help prints them):
 *   --trial mild|strong|noisy  degradation to undo (default mild)
 *   --minutes N                wall-clock training budget (default 25)
 *   --batch N                  batch size (default 8)
 *   --patch N                  patch side in px (default 48)
 *   --lr N                     Adam learning rate, cosine to lr/20 (default 0.001)
 *   --seed N                   seed of the network, sampling, noise and PACS subset (default 0)
 *   --pacs N                   number of PACS photos in the training set (default 300)
 *   --out DIR                  output folder (default models/enhance-unet/<trial>)
 *   --ckpt DIR                 checkpoint folder (default data/cache/enhance-unet/ckpt-<trial>)
 *   --no-resume                delete the checkpoints and start over
 *   --steps N, --checkpoint-every N, --max-images N, --no-eval   short reproducible runs (see --help)
 * Checkpoints (resumable, every 3 min): data/cache/enhance-unet/ckpt-<trial>. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/enhance-unet.js',
  summary: 'Trains one enhancement U-Net of notebook 05 to undo a controlled degradation; writes models/enhance-unet/<trial>/.',
  options: [
    // The keys of ENHANCE_TRIALS (lib/models/unet); checked again against the library below.
    { name: 'trial', type: 'string', choices: ['mild', 'strong', 'noisy'], default: 'mild', description: 'degradation to undo: mild blur, stronger blur, blur + noise' },
    { name: 'minutes', type: 'number', default: 25, description: 'wall-clock training budget in minutes' },
    { name: 'batch', type: 'number', default: 8, description: 'batch size' },
    { name: 'patch', type: 'number', default: 48, description: 'patch side in px' },
    { name: 'lr', type: 'number', default: 1e-3, description: 'Adam learning rate (cosine to lr/20 over the budget)' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of the network, the patch sampling, the noise and the PACS subset' },
    { name: 'pacs', type: 'number', default: 300, description: 'number of PACS photos in the training set' },
    { name: 'out', type: 'string', description: 'output folder (default: models/enhance-unet/<trial>)' },
    { name: 'ckpt', type: 'string', description: 'checkpoint folder (default: data/cache/enhance-unet/ckpt-<trial>)' },
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
const sr = require(path.join(ROOT, 'dist/models/sr'));
const unet = require(path.join(ROOT, 'dist/models/unet'));

const TEST_KODAK = ['kodim03.png', 'kodim08.png', 'kodim13.png', 'kodim23.png'];

async function loadClean(file, maxSide) {
  let img = await readImage(file, { channels: 3 });
  const side = Math.max(img.width, img.height);
  if (side > maxSide) {
    const k = maxSide / side;
    img = resizeBicubic(img, Math.round(img.width * k), Math.round(img.height * k), { quantize: true });
  }
  return img;
}

/** Mean per-channel difference (output − clean), in 8-bit levels: the colour shift. */
function meanShift(a, b) {
  const s = [0, 0, 0];
  for (let i = 0; i < a.data.length; i++) s[i % 3] += a.data[i] - b.data[i];
  return s.map((v) => Math.round((v / (a.data.length / 3)) * 255 * 100) / 100);
}

(async () => {
  const backend = await selectBackend();
  const trial = opts.trial;
  const degradation = unet.ENHANCE_TRIALS[trial];
  if (!degradation) throw new Error(`--trial must be one of ${Object.keys(unet.ENHANCE_TRIALS).join(', ')}`);
  const minutes = opts.minutes;
  const batchSize = opts.batch;
  const patchSize = opts.patch;
  const lr = opts.lr;
  const seed = opts.seed;
  const numPacs = opts.pacs;
  const filters = [16, 32, 64];
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'enhance-unet', trial));
  const ckpt = path.resolve(opts.ckpt ?? path.join(ROOT, 'data', 'cache', 'enhance-unet', `ckpt-${trial}`));
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const t0 = Date.now();

  const kodak = await resolveDataset('kodak24');
  const mate = await resolveDataset('mate-photos');
  const pacs = await resolveDataset('pacs');
  const files = {
    kodak24: listImageFiles(kodak.dir).filter((f) => !TEST_KODAK.includes(path.basename(f))),
    'mate-photos': listImageFiles(mate.dir),
    pacs: shuffle(listImageFiles(path.join(pacs.dir, 'photo'), { recursive: true }), createRng(seed)).slice(0, numPacs),
  };
  const images = [];
  const counts = {};
  let budget = opts['max-images'] ?? Infinity;
  for (const [source, list] of Object.entries(files)) {
    const kept = list.slice(0, Math.max(0, Math.min(list.length, budget)));
    budget -= kept.length;
    counts[source] = kept.length;
    for (const f of kept) images.push(await loadClean(f, 512));
  }
  const test = [];
  for (const f of listImageFiles(kodak.dir).filter((f) => TEST_KODAK.includes(path.basename(f)))) test.push({ name: path.basename(f), clean: await readImage(f, { channels: 3 }) });
  console.log(`[unet] ${images.length} clean images ${JSON.stringify(counts)} loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  // Fixed degraded validation crops (centre 128 px of the test images), noise seeded.
  const valRng = createRng(seed + 7);
  const crop = (im, c) => {
    const x0 = (im.width - c) >> 1, y0 = (im.height - c) >> 1, data = new Float32Array(c * c * 3);
    for (let y = 0; y < c; y++) data.set(im.data.subarray(((y0 + y) * im.width + x0) * 3, ((y0 + y) * im.width + x0 + c) * 3), y * c * 3);
    return { data, width: c, height: c, channels: 3 };
  };
  const val = test.map((t) => { const clean = crop(t.clean, 128); return { clean, degraded: unet.degradeImage(clean, degradation, valRng) }; });
  const validate = (net) => {
    let p = 0, p0 = 0;
    for (const v of val) { p += computePsnr(unet.restoreImage(net, v.degraded), v.clean); p0 += computePsnr(v.degraded, v.clean); }
    return { valPsnr: Math.round((p / val.length) * 1000) / 1000, valInputPsnr: Math.round((p0 / val.length) * 1000) / 1000 };
  };

  const sampler = unet.createRestorationSampler(images, degradation, { patchSize });
  const net = unet.buildUnet({ channels: 3, filters, residual: true, seed });
  const result = await sr.trainOnPatches(net, (n, rng) => sampler.sample(n, rng), {
    ...(opts.steps !== undefined ? { steps: opts.steps } : { steps: 1_000_000, scheduleBy: 'seconds', maxSeconds: minutes * 60 }),
    batchSize, lr, seed, logEvery: 20, validateEvery: 100, checkpointDir: ckpt, checkpointEverySeconds: 180, validate,
    ...(opts['checkpoint-every'] !== undefined ? { checkpointEverySteps: opts['checkpoint-every'] } : {}),
  });
  console.log(`[unet] trained ${result.stepsDone} steps in ${result.seconds.toFixed(0)} s`);

  // Cross-evaluation: this model on every trial's degradation, full held-out images.
  const r3 = (v) => Math.round(v * 1000) / 1000;
  const metrics = { testImages: TEST_KODAK, byDegradation: {} };
  for (const [name, d] of opts['no-eval'] ? [] : Object.entries(unet.ENHANCE_TRIALS)) {
    const rng = createRng(seed + 11);
    const rows = test.map((t) => {
      const degraded = unet.degradeImage(t.clean, d, rng);
      const restored = unet.restoreImage(net, degraded);
      return {
        name: t.name,
        inputPsnr: r3(computePsnr(degraded, t.clean)), psnr: r3(computePsnr(restored, t.clean)),
        inputSsim: r3(computeSsim(degraded, t.clean)), ssim: r3(computeSsim(restored, t.clean)),
        colourShift: meanShift(restored, t.clean),
      };
    });
    const mean = (k) => r3(rows.reduce((s, r) => s + r[k], 0) / rows.length);
    metrics.byDegradation[name] = { degradation: d, inputPsnr: mean('inputPsnr'), psnr: mean('psnr'), inputSsim: mean('inputSsim'), ssim: mean('ssim'), images: rows };
    console.log(`[unet] ${trial} model on ${name}: PSNR ${mean('inputPsnr')} → ${mean('psnr')} dB, SSIM ${mean('inputSsim')} → ${mean('ssim')}`);
  }
  const card = {
    name: `enhance-unet/${trial}`,
    task: 'image enhancement (deblur / denoise)',
    degradation,
    architecture: `residual U-Net, RGB in/out, levels ${filters.join('-')}: [conv3×3 ReLU]×2 per level, maxpool 2, transposed conv 2×2 up, skip concatenation, conv1×1 out added to the input`,
    parameters: net.countParams(),
    sizeMultiple: 2 ** (filters.length - 1),
    data: { train: counts, preparation: 'images larger than 512 px resized to 512 px (long side, MATLAB bicubic); blur once per image, fresh Gaussian noise per patch', test: `kodak24 ${TEST_KODAK.join(', ')} (held out)` },
    training: { seed, steps: result.stepsDone, batchSize, patchSize, augmentation: '8 flips/rotations', optimizer: 'Adam', lr, lrSchedule: opts.steps !== undefined ? `cosine to lr/20 over ${opts.steps} steps` : `cosine to lr/20 over ${minutes} min of wall-clock time`, loss: 'mse (RGB)', seconds: Math.round(result.seconds), history: result.history },
    metrics: opts['no-eval'] ? { skipped: 'run with --no-eval' } : metrics,
    command: `node scripts/train/enhance-unet.js --trial ${trial} --minutes ${minutes} --batch ${batchSize} --patch ${patchSize} --lr ${lr} --seed ${seed} --pacs ${numPacs}${trainingRunFlags(opts)}`,
    backend: `${backend.name} (${tf.version.tfjs}), single thread`,
    created: new Date().toISOString(),
  };
  await unet.saveEnhanceModel(net, out, card);
  console.log(`[unet] saved ${out}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
})().catch((e) => { console.error(e); process.exit(1); });
