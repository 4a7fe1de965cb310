#!/usr/bin/env node
// Denoising benchmark: tounum-lab nonLocalMeans against OpenCV's fastNlMeansDenoisingColored, one
// thread each, on the same seeded noisy images.
//
//   npx tsc -p . && node scripts/bench/denoise.js [options]
// Options (--help prints them):
//   --quick   CI smoke run (see below)
//
// Noise: additive Gaussian, σ ∈ {15, 25, 50} on the 8-bit scale (addGaussianNoise, seeded), clipped
// and rounded to 8 bits (the images are saved as PNG for OpenCV). Protocol: each method picks its best
// h per σ (mean PSNR) on kodak24 — the central 256×256 crop of each of the 24 images, to keep the grid
// affordable — then denoises CBSD68 with it; PSNR and SSIM (lib/metrics, RGB, data range 1) are
// computed on 8-bit outputs for both. Speed: CPU milliseconds per megapixel over the CBSD68 runs
// (process.cpuUsage / time.process_time), both processes running concurrently, single-threaded.
// `--quick` (CI smoke): 2 kodak crops of 128×128, 3 CBSD68 images, 2 h values per method.
// Prints a table and writes bench/denoise.json.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execSync } = require('child_process');
const { parseScriptArgs } = require('../train/cliArgs');

const opts = parseScriptArgs({
  usage: 'node scripts/bench/denoise.js',
  summary: "Denoising benchmark: tounum-lab nonLocalMeans against OpenCV's fastNlMeansDenoisingColored, one thread each, on seeded noisy kodak24/CBSD68 images; writes bench/denoise.json.",
  options: [
    { name: 'quick', type: 'boolean', description: 'CI smoke run: 2 kodak crops of 128×128, 3 CBSD68 images, 2 h values per method' },
  ],
});

const sharp = require('sharp');
const root = path.resolve(__dirname, '..', '..');
const { nonLocalMeans } = require(path.join(root, 'dist', 'denoise'));
const { computePsnr, computeSsim } = require(path.join(root, 'dist', 'metrics'));
const { addGaussianNoise } = require(path.join(root, 'dist', 'degrade'));

const quick = opts.quick === true;
const DATA = path.resolve(root, '..', 'shared', 'datasets');
const SIGMAS = [15, 25, 50];
const OURS_FACTORS = quick ? [0.4, 0.5] : [0.3, 0.35, 0.4, 0.45, 0.5, 0.6];
const CV_FACTORS = quick ? [0.5, 0.6] : [0.4, 0.5, 0.6, 0.7, 0.8, 1.0];
const TUNE_CROP = quick ? 128 : 256;
const PATCH = 7;
const SEARCH = 21;
const WORKER_CHECK = quick ? 1 : 8;

function listPngs(dir, n) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort().slice(0, n).map((f) => path.join(dir, f));
}

async function loadRgb(file, crop) {
  let img = sharp(file).removeAlpha();
  if (crop) {
    const meta = await sharp(file).metadata();
    img = img.extract({ left: (meta.width - crop) >> 1, top: (meta.height - crop) >> 1, width: crop, height: crop });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${file}: expected RGB, got ${info.channels} channels`);
  return { data: Float32Array.from(data, (v) => v / 255), width: info.width, height: info.height, channels: 3 };
}

function quantise(image) {
  const data = Float32Array.from(image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);
  return { ...image, data };
}

async function savePng(image, file) {
  const bytes = Buffer.from(Uint8Array.from(image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
  await sharp(bytes, { raw: { width: image.width, height: image.height, channels: image.channels } }).png().toFile(file);
}

function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function runPython(manifest, result) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [path.join(__dirname, 'denoise_opencv.py'), manifest, result], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => process.stderr.write(d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`denoise_opencv.py exited with ${code}`))));
  });
}

async function main() {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-bench-denoise-'));
  const kodak = listPngs(path.join(DATA, 'kodak24'), quick ? 2 : 24);
  const cbsd = listPngs(path.join(DATA, 'cbsd68'), quick ? 3 : 68);
  const manifest = { tune: [], eval: [], factors: CV_FACTORS, patch: PATCH, search: SEARCH };
  const tune = {};
  const evalSet = {};
  for (const sigma of SIGMAS) {
    tune[sigma] = [];
    evalSet[sigma] = [];
    for (const [i, file] of kodak.entries()) {
      const clean = await loadRgb(file, TUNE_CROP);
      const noisy = quantise(addGaussianNoise(clean, sigma / 255, { seed: 100000 + 1000 * sigma + i }));
      const base = path.join(tmp, `kodak-${sigma}-${path.basename(file, '.png')}`);
      await savePng(clean, `${base}-clean.png`);
      await savePng(noisy, `${base}-noisy.png`);
      tune[sigma].push({ clean, noisy });
      manifest.tune.push({ sigma, clean: `${base}-clean.png`, noisy: `${base}-noisy.png` });
    }
    for (const [i, file] of cbsd.entries()) {
      const clean = await loadRgb(file);
      const noisy = quantise(addGaussianNoise(clean, sigma / 255, { seed: 200000 + 1000 * sigma + i }));
      const base = path.join(tmp, `cbsd-${sigma}-${path.basename(file, '.png')}`);
      await savePng(noisy, `${base}-noisy.png`);
      evalSet[sigma].push({ name: path.basename(file), clean, noisy, cvOut: `${base}-opencv.png` });
      manifest.eval.push({ sigma, noisy: `${base}-noisy.png`, out: `${base}-opencv.png` });
    }
  }
  const manifestPath = path.join(tmp, 'manifest.json');
  const cvResultPath = path.join(tmp, 'opencv.json');
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  const python = runPython(manifestPath, cvResultPath);

  const ours = {};
  for (const sigma of SIGMAS) {
    const s = sigma / 255;
    const grid = [];
    for (const f of OURS_FACTORS) {
      const psnr = mean(tune[sigma].map(({ clean, noisy }) => computePsnr(quantise(nonLocalMeans(noisy, { sigma: s, h: f * s })), clean)));
      grid.push({ hFactor: f, psnr });
      process.stderr.write(`ours   tune sigma=${sigma} h=${f}*sigma: ${psnr.toFixed(3)} dB\n`);
    }
    const best = grid.reduce((a, b) => (b.psnr > a.psnr ? b : a));
    const rows = [];
    for (const item of evalSet[sigma]) {
      const cpu = process.cpuUsage();
      const wall = process.hrtime.bigint();
      const out = nonLocalMeans(item.noisy, { sigma: s, h: best.hFactor * s });
      const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
      const used = process.cpuUsage(cpu);
      item.ours = out;
      const q = quantise(out);
      rows.push({
        name: item.name,
        pixels: out.width * out.height,
        cpuMs: (used.user + used.system) / 1000,
        wallMs,
        psnr: computePsnr(q, item.clean),
        ssim: computeSsim(q, item.clean),
        noisyPsnr: computePsnr(item.noisy, item.clean),
      });
    }
    ours[sigma] = { grid, best, rows };
  }

  // Two threads: wall time on a few images, and the output must be identical to one thread.
  const workerRows = [];
  for (const item of evalSet[25].slice(0, WORKER_CHECK)) {
    const wall = process.hrtime.bigint();
    const out = nonLocalMeans(item.noisy, { sigma: 25 / 255, h: ours[25].best.hFactor * (25 / 255), workers: 2 });
    const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
    const identical = out.data.every((v, i) => v === item.ours.data[i]);
    workerRows.push({ name: item.name, pixels: out.width * out.height, wallMs, identical });
  }

  await python;
  const cv = JSON.parse(fs.readFileSync(cvResultPath, 'utf8'));
  const opencv = {};
  for (const sigma of SIGMAS) {
    const rows = [];
    for (const item of evalSet[sigma]) {
      const r = cv.eval.find((e) => e.out === item.cvOut);
      const out = await loadRgb(item.cvOut);
      rows.push({
        name: item.name,
        pixels: r.pixels,
        cpuMs: r.cpuMs,
        psnr: computePsnr(out, item.clean),
        ssim: computeSsim(out, item.clean),
      });
    }
    opencv[sigma] = { grid: cv.tuning[String(sigma)].grid, best: cv.tuning[String(sigma)].best, rows };
  }

  const summarise = (m) => {
    const mp = m.rows.reduce((a, r) => a + r.pixels, 0) / 1e6;
    return {
      hFactor: m.best.hFactor,
      tunePsnr: m.best.psnr,
      psnr: mean(m.rows.map((r) => r.psnr)),
      ssim: mean(m.rows.map((r) => r.ssim)),
      cpuMsPerMp: m.rows.reduce((a, r) => a + r.cpuMs, 0) / mp,
    };
  };
  const summary = SIGMAS.map((sigma) => {
    const o = summarise(ours[sigma]);
    const c = summarise(opencv[sigma]);
    return {
      sigma,
      noisyPsnr: mean(ours[sigma].rows.map((r) => r.noisyPsnr)),
      ours: o,
      opencv: c,
      psnrGain: o.psnr - c.psnr,
      timeRatio: o.cpuMsPerMp / c.cpuMsPerMp,
    };
  });
  const wMp = workerRows.reduce((a, r) => a + r.pixels, 0) / 1e6;
  const oneThreadWall = ours[25].rows.slice(0, WORKER_CHECK).reduce((a, r) => a + r.wallMs, 0) / wMp;
  const workers = {
    images: workerRows.length,
    wallMsPerMp1: oneThreadWall,
    wallMsPerMp2: workerRows.reduce((a, r) => a + r.wallMs, 0) / wMp,
    identical: workerRows.every((r) => r.identical),
  };

  const pad = (s, n) => String(s).padStart(n);
  console.log(`\nDenoising, CBSD68 (${cbsd.length} images), h tuned on kodak24 (${kodak.length} × ${TUNE_CROP}² crops); patch ${PATCH}, search ${SEARCH}, one thread`);
  console.log(`${'σ'.padEnd(4)}${'method'.padEnd(26)}${pad('h/σ', 6)}${pad('PSNR', 9)}${pad('SSIM', 8)}${pad('CPU ms/MP', 11)}`);
  for (const s of summary) {
    console.log(`${String(s.sigma).padEnd(4)}${'noisy input'.padEnd(26)}${pad('', 6)}${pad(s.noisyPsnr.toFixed(2), 9)}`);
    for (const [label, m] of [['tounum nonLocalMeans', s.ours], ['OpenCV fastNlMeansColored', s.opencv]]) {
      console.log(`${''.padEnd(4)}${label.padEnd(26)}${pad(m.hFactor.toFixed(2), 6)}${pad(m.psnr.toFixed(2), 9)}${pad(m.ssim.toFixed(4), 8)}${pad(m.cpuMsPerMp.toFixed(0), 11)}`);
    }
    console.log(`${''.padEnd(4)}→ PSNR gain ${s.psnrGain >= 0 ? '+' : ''}${s.psnrGain.toFixed(2)} dB, time ratio ours/OpenCV ${s.timeRatio.toFixed(2)}×`);
  }
  console.log(`2 workers (${workers.images} images, σ 25): wall ${workers.wallMsPerMp2.toFixed(0)} ms/MP vs ${workers.wallMsPerMp1.toFixed(0)} with 1; identical output: ${workers.identical}`);

  let uptime = '';
  try {
    uptime = execSync('uptime').toString().trim();
  } catch {
    uptime = `loadavg ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`;
  }
  console.log(`load: ${uptime}`);
  const report = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    opencv: cv.opencv,
    cpu: os.cpus()[0]?.model,
    uptime,
    protocol: {
      sigmas: SIGMAS,
      noise: 'addGaussianNoise(σ/255, seeded), clipped, rounded to 8 bits',
      tune: `kodak24 central ${TUNE_CROP}×${TUNE_CROP} crops (${kodak.length}), best mean PSNR over the h grid`,
      eval: `CBSD68 (${cbsd.length}), metrics on 8-bit outputs, RGB, data range 1`,
      timing: 'CPU ms per megapixel, one thread each, both processes running concurrently',
      patch: PATCH,
      search: SEARCH,
      oursFactors: OURS_FACTORS,
      opencvFactors: CV_FACTORS,
    },
    summary,
    workers,
    tuning: Object.fromEntries(SIGMAS.map((s) => [s, { ours: ours[s].grid, opencv: opencv[s].grid }])),
    perImage: Object.fromEntries(SIGMAS.map((s) => [s, { ours: ours[s].rows, opencv: opencv[s].rows }])),
    elapsedS: (Date.now() - t0) / 1000,
  };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'denoise.json'), JSON.stringify(report, null, 1));
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`wrote bench/denoise.json (${report.elapsedS.toFixed(0)} s)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
