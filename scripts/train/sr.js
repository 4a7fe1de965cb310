#!/usr/bin/env node
/* Trains the super-resolution network of notebook 05 (issue 7) on patches of clean photos
 * (kodak24 minus a validation hold-out, mate-photos resized to ≤ 1024 px, a seeded subset of PACS photos);
 * never on Set5/Set14, which are only evaluated at the end.
 * Writes models/sr-x<scale>/{model.json,weights.bin,card.json} and the training history.
 * Usage: npx tsc -p . && node scripts/train/sr.js --scale 2 [--minutes 27] [--batch 16] [--patch 32] [--lr 1e-3] [--seed 0] [--pacs 300] [--no-resume]
 * Checkpoints (resumable, every 3 min): data/cache/sr/ckpt-x<scale>. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const tf = require('@tensorflow/tfjs');
const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { resolveDataset, listImageFiles } = require(path.join(ROOT, 'dist/datasets'));
const { readImage } = require(path.join(ROOT, 'dist/io'));
const { createRng, shuffle } = require(path.join(ROOT, 'dist/random'));
const sr = require(path.join(ROOT, 'dist/models/sr'));

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

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
    img = sr.resizeBicubic(img, Math.round(img.width * k), Math.round(img.height * k), { quantize: true });
  }
  return img;
}

(async () => {
  const backend = await selectBackend();
  const scale = Number(arg('scale', 2));
  const minutes = Number(arg('minutes', 27));
  const batchSize = Number(arg('batch', 16));
  const patchSize = Number(arg('patch', scale === 2 ? 32 : 24));
  const lr = Number(arg('lr', 1e-3));
  const seed = Number(arg('seed', 0));
  const numPacs = Number(arg('pacs', 300));
  const loss = arg('loss', 'mse');
  const out = path.resolve(arg('out', path.join(ROOT, 'models', `sr-x${scale}`)));
  const ckpt = path.resolve(arg('ckpt', path.join(ROOT, 'data', 'cache', 'sr', `ckpt-x${scale}`)));
  if (process.argv.includes('--no-resume')) fs.rmSync(ckpt, { recursive: true, force: true });
  const t0 = Date.now();

  const files = await trainingImages(numPacs, seed);
  const pairs = [];
  const counts = {};
  for (const [source, list] of Object.entries(files.train)) {
    counts[source] = 0;
    for (const f of list) {
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
      const bic = sr.resizeBicubic({ data: p.lrY, width: p.lrWidth, height: p.lrHeight, channels: 1 }, p.lrWidth * scale, p.lrHeight * scale).data;
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
    steps: 1_000_000, batchSize, lr, loss, seed, scheduleBy: 'seconds', maxSeconds: minutes * 60,
    logEvery: 25, validateEvery: 200, checkpointDir: ckpt, checkpointEverySeconds: 180, validate,
  });
  console.log(`[sr] trained ${result.stepsDone} steps in ${result.seconds.toFixed(0)} s`);

  const evals = {};
  for (const id of ['set5', 'set14']) {
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
      optimizer: 'Adam', lr, lrSchedule: `cosine to lr/20 over ${minutes} min of wall-clock time`, loss,
      seconds: Math.round(result.seconds), history: result.history,
    },
    metrics,
    command: `node scripts/train/sr.js --scale ${scale} --minutes ${minutes} --batch ${batchSize} --patch ${patchSize} --lr ${lr} --seed ${seed} --pacs ${numPacs} --loss ${loss}`,
    backend: `${backend.name} (${tf.version.tfjs}), single thread`,
    created: new Date().toISOString(),
  };
  await sr.saveSrModel(net, out, card);
  console.log(`[sr] saved ${out} (${fs.statSync(path.join(out, 'weights.bin')).size} bytes of weights); total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
})().catch((e) => { console.error(e); process.exit(1); });
