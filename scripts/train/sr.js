#!/usr/bin/env node
/* Trains the super-resolution network of notebook 05 (issue 7) on patches of clean photos
 * (kodak24 minus a validation hold-out, mate-photos resized to ≤ 1024 px, a seeded subset of PACS photos);
 * never on Set5/Set14, which are only evaluated at the end.
 * Writes models/sr-x<scale>/{model.json,weights.bin,card.json} and the training history.
 * Usage: npx tsc -p . && node scripts/train/sr.js [options]
 * Options (--help prints them):
 *   --scale 2|3|4     upscaling factor (default 2)
 *   --minutes N       wall-clock training budget (default 27)
 *   --batch N         batch size (default 16)
 *   --patch N         LR patch side in px (default 32 for ×2, 24 otherwise)
 *   --lr N            Adam learning rate, cosine to lr/20 (default 0.001)
 *   --seed N          seed of the network, sampling and PACS subset (default 0)
 *   --pacs N          number of PACS photos in the training set (default 300)
 *   --loss mse|l1     pixel loss (default mse)
 *   --out DIR         output folder (default models/sr-x<scale>)
 *   --ckpt DIR        checkpoint folder (default data/cache/sr/ckpt-x<scale>)
 *   --no-resume       delete the checkpoints and start over
 *   --steps N         train exactly N steps, lr schedule over steps (reproducible; overrides --minutes)
 *   --checkpoint-every N   also checkpoint every N steps
 *   --max-images N    use at most N training images (smoke runs, tests)
 *   --no-eval         skip the Set5/Set14 evaluation
 * Checkpoints (resumable, every 3 min): data/cache/sr/ckpt-x<scale>. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags } = require('./cliArgs');

const SCALES = [2, 3, 4]; // SR_SCALES of lib/models/sr
const SPEC = {
  usage: 'node scripts/train/sr.js',
  summary: 'Trains the super-resolution network of notebook 05 on patches of clean photos, then evaluates it on Set5/Set14; writes models/sr-x<scale>/.',
  options: [
    { name: 'scale', type: 'number', default: 2, description: `upscaling factor: ${SCALES.join(', ')}` },
    { name: 'minutes', type: 'number', default: 27, description: 'wall-clock training budget in minutes' },
    { name: 'batch', type: 'number', default: 16, description: 'batch size' },
    { name: 'patch', type: 'number', description: 'LR patch side in px (default: 32 for --scale 2, 24 otherwise)' },
    { name: 'lr', type: 'number', default: 1e-3, description: 'Adam learning rate (cosine to lr/20 over the budget)' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of the network, the patch sampling and the PACS subset' },
    { name: 'pacs', type: 'number', default: 300, description: 'number of PACS photos in the training set' },
    { name: 'loss', type: 'string', choices: ['mse', 'l1'], default: 'mse', description: 'pixel loss' },
    { name: 'out', type: 'string', description: 'output folder (default: models/sr-x<scale>)' },
    { name: 'ckpt', type: 'string', description: 'checkpoint folder (default: data/cache/sr/ckpt-x<scale>)' },
    { name: 'no-resume', type: 'boolean', description: 'delete the checkpoints and start over' },
    ...TRAINING_RUN_OPTIONS,
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  checkTrainingRunOptions(o, UsageError);
  if (!SCALES.includes(o.scale)) throw new UsageError(`--scale must be one of ${SCALES.join(', ')}; got "${o.scale}"`);
});

const tf = require('@tensorflow/tfjs');
const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { resolveDataset, listImageFiles } = require(path.join(ROOT, 'dist/datasets'));
const { resizeBicubic } = require(path.join(ROOT, 'dist/image'));
const { readImage } = require(path.join(ROOT, 'dist/io'));
const { createRng, shuffle } = require(path.join(ROOT, 'dist/random'));
const sr = require(path.join(ROOT, 'dist/models/sr'));

const VAL_KODAK = ['kodim03.png', 'kodim08.png', 'kodim13.png', 'kodim23.png'];

async function trainingImages(numPacs, seed) {
  const kodak = await resolveDataset('kodak24');
  const mate = await resolveDataset('mate-photos');
  const pacs = await resolveDataset('pacs');
  const pacsPhotos = shuffle(listImageFiles(path.join(pacs.dir, 'photo'), { recursive: true }), createRng(seed)).slice(0, numPacs);
  const kodakFiles = listImageFiles(kodak.dir);
  return {
    train: { kodak24: kodakFiles.filter((f) => !VAL_KODAK.includes(path.basename(f))), 'mate-photos': listImageFiles(mate.dir), pacs: pacsPhotos },
    val: kodakFiles.filter((f) => VAL_KODAK.includes(path.basename(f))),
  };
}

async function loadHr(file, maxSide) {
  let img = await readImage(file, { channels: 3 });
  const side = Math.max(img.width, img.height);
  if (side > maxSide) {
    const k = maxSide / side;
    img = resizeBicubic(img, Math.round(img.width * k), Math.round(img.height * k), { quantize: true });
  }
  return img;
}

(async () => {
  const backend = await selectBackend();
  const scale = opts.scale;
  const minutes = opts.minutes;
  const batchSize = opts.batch;
  const patchSize = opts.patch ?? (scale === 2 ? 32 : 24);
  const lr = opts.lr;
  const seed = opts.seed;
  const numPacs = opts.pacs;
  const loss = opts.loss;
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', `sr-x${scale}`));
  const ckpt = path.resolve(opts.ckpt ?? path.join(ROOT, 'data', 'cache', 'sr', `ckpt-x${scale}`));
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const t0 = Date.now();

  const files = await trainingImages(numPacs, seed);
  const pairs = [];
  const counts = {};
  let budget = opts['max-images'] ?? Infinity;
  for (const [source, list] of Object.entries(files.train)) {
    counts[source] = 0;
    for (const f of list) {
      if (budget <= 0) break;
      budget--;
      const hr = await loadHr(f, 1024);
      if (Math.floor(hr.width / scale) < patchSize || Math.floor(hr.height / scale) < patchSize) continue;
      pairs.push(sr.prepareSrPair(hr, scale));
      counts[source]++;
    }
  }
  console.log(`[sr] ${pairs.length} training images ${JSON.stringify(counts)} prepared in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const valPairs = [];
  for (const f of files.val) {
    const hr = await readImage(f, { channels: 3 });
    // centre 192×192 crop keeps validation cheap
    const c = 192, x0 = (hr.width - c) >> 1, y0 = (hr.height - c) >> 1;
    const data = new Float32Array(c * c * 3);
    for (let y = 0; y < c; y++) data.set(hr.data.subarray(((y0 + y) * hr.width + x0) * 3, ((y0 + y) * hr.width + x0 + c) * 3), y * c * 3);
    valPairs.push(sr.prepareSrPair({ data, width: c, height: c, channels: 3 }, scale));
  }
  const validate = (net) => {
    let se = 0, seBic = 0, n = 0;
    for (const p of valPairs) {
      const up = sr.upscaleLuma(net, { data: p.lrY, width: p.lrWidth, height: p.lrHeight }, scale).data;
      const bic = resizeBicubic({ data: p.lrY, width: p.lrWidth, height: p.lrHeight, channels: 1 }, p.lrWidth * scale, p.lrHeight * scale).data;
      const W = p.lrWidth * scale, H = p.lrHeight * scale;
      for (let y = scale; y < H - scale; y++) for (let x = scale; x < W - scale; x++) {
        const i = y * W + x;
        const hrY = bic[i] + p.residual[i];
        const q = Math.round(Math.min(1, Math.max(0, up[i])) * 255) / 255;
        se += (q - hrY) ** 2; seBic += (bic[i] - hrY) ** 2; n++;
      }
    }
    return { valPsnr: Math.round(1000 * 10 * Math.log10(n / se)) / 1000, valBicubicPsnr: Math.round(1000 * 10 * Math.log10(n / seBic)) / 1000 };
  };
  const sampler = sr.createSrPatchSampler(pairs, scale, { patchSize });
  const netOptions = { features: 64, mapping: 32, mappingLayers: 3, seed };
  const net = sr.buildSrNetwork(scale, netOptions);
  const result = await sr.trainOnPatches(net, (n, rng) => sampler.sample(n, rng), {
    ...(opts.steps !== undefined ? { steps: opts.steps } : { steps: 1_000_000, scheduleBy: 'seconds', maxSeconds: minutes * 60 }),
    batchSize, lr, loss, seed, logEvery: 25, validateEvery: 200, checkpointDir: ckpt, checkpointEverySeconds: 180, validate,
    ...(opts['checkpoint-every'] !== undefined ? { checkpointEverySteps: opts['checkpoint-every'] } : {}),
  });
  console.log(`[sr] trained ${result.stepsDone} steps in ${result.seconds.toFixed(0)} s`);

  const evals = {};
  for (const id of opts['no-eval'] ? [] : ['set5', 'set14']) {
    const e = await sr.evaluateSuperResolution((lr) => sr.upscaleImage(net, lr, scale), await sr.listSrBenchmark(id, scale), scale);
    evals[id] = e;
    console.log(`[sr] ${id} ×${scale}: PSNR ${e.psnr.toFixed(3)} dB SSIM ${e.ssim.toFixed(4)} (bicubic ${e.bicubicPsnr.toFixed(3)} / ${e.bicubicSsim.toFixed(4)})`);
  }
  const r3 = (v) => Math.round(v * 1000) / 1000;
  const r4 = (v) => Math.round(v * 10000) / 10000;
  const metrics = {};
  for (const [id, e] of Object.entries(evals)) {
    metrics[id] = {
      protocol: `PSNR/SSIM on Y (BT.601, MATLAB rgb2ycbcr), ${scale} px border crop, 8-bit output, LR files as distributed (SelfExSR, MATLAB imresize)`,
      psnr: r3(e.psnr), ssim: r4(e.ssim), bicubicPsnr: r3(e.bicubicPsnr), bicubicSsim: r4(e.bicubicSsim),
      images: e.images.map((i) => ({ name: i.name, psnr: r3(i.psnr), ssim: r4(i.ssim), bicubicPsnr: r3(i.bicubicPsnr), bicubicSsim: r4(i.bicubicSsim) })),
    };
  }
  const card = {
    name: `sr-x${scale}`,
    task: 'super-resolution',
    scale,
    architecture: `ESPCN-style on the Y channel with a residual over bicubic: conv5×5(${netOptions.features}) ReLU → ${netOptions.mappingLayers} × conv3×3(${netOptions.mapping}) ReLU → conv3×3(${scale * scale}) → depth-to-space ×${scale}, + MATLAB-bicubic upscale of the LR luma; Cb/Cr bicubic`,
    parameters: net.countParams(),
    data: {
      train: counts, trainImages: pairs.length,
      preparation: 'HR cropped to a multiple of the scale; LR = MATLAB imresize bicubic (antialiased, uint8 rounding after each pass); Y = MATLAB rgb2ycbcr; images larger than 1024 px first resized to 1024 px (long side)',
      pacsSubset: `${numPacs} photos, seed ${seed}`,
      validation: `kodak24 ${VAL_KODAK.join(', ')} (centre 192×192 crops), held out`,
      neverTrainedOn: ['set5', 'set14'],
    },
    training: {
      seed, steps: result.stepsDone, batchSize, patchSize: `${patchSize} LR / ${patchSize * scale} HR px`, augmentation: '8 flips/rotations',
      optimizer: 'Adam', lr, lrSchedule: opts.steps !== undefined ? `cosine to lr/20 over ${opts.steps} steps` : `cosine to lr/20 over ${minutes} min of wall-clock time`, loss,
      seconds: Math.round(result.seconds), history: result.history,
    },
    metrics: opts['no-eval'] ? { skipped: 'run with --no-eval' } : metrics,
    command: `node scripts/train/sr.js --scale ${scale} --minutes ${minutes} --batch ${batchSize} --patch ${patchSize} --lr ${lr} --seed ${seed} --pacs ${numPacs} --loss ${loss}${trainingRunFlags(opts)}`,
    backend: `${backend.name} (${tf.version.tfjs}), single thread`,
    created: new Date().toISOString(),
  };
  await sr.saveSrModel(net, out, card);
  console.log(`[sr] saved ${out} (${fs.statSync(path.join(out, 'weights.bin')).size} bytes of weights); total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
})().catch((e) => { console.error(e); process.exit(1); });
