#!/usr/bin/env node
/* Comparison table of notebook 04 (issue 5) on the fixed validation set of scripts/train/vhs-pix2pix.js
 * (24 held-out PACS photos, SP preset, seeds 1000 + i): degraded input, classical restoration (non-local
 * means with the estimated noise σ, then unsharp masking with the amount chosen on 8 *training* photos),
 * the L1-only U-Net and pix2pix. Also an "effect budget": the input PSNR with each simulator effect
 * alone and with each effect switched off, which shows where the dB are lost and which losses no
 * pixel-aligned restoration can undo, and an "error location" (band rows, blanked line ends, safe area).
 * Writes models/vhs-pix2pix/comparison.json.
 * Usage: npx tsc -p . && node scripts/train/vhs-evaluate.js [options]
 * Options (--help prints them):
 *   --seed N  seed of the PACS shuffle that picks the validation photos; use the --seed of vhs-pix2pix.js (default 0) */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/vhs-evaluate.js',
  summary: 'Compares degraded input, classical restoration, the L1 U-Net and pix2pix on the VHS validation set, with the effect budget; writes models/vhs-pix2pix/comparison.json.',
  options: [
    { name: 'seed', type: 'number', default: 0, description: 'seed of the PACS shuffle that picks the validation photos (the --seed of vhs-pix2pix.js)' },
  ],
};
const opts = parseScriptArgs(SPEC);

const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { resolveDataset, listImageFiles } = require(path.join(ROOT, 'dist/datasets'));
const { readImage } = require(path.join(ROOT, 'dist/io'));
const { createRng, shuffle } = require(path.join(ROOT, 'dist/random'));
const { computePsnr, computeSsim } = require(path.join(ROOT, 'dist/metrics'));
const { simulateVhs, VHS_EFFECT_ORDER, VHS_PRESETS } = require(path.join(ROOT, 'dist/degrade/vhs'));
const { nonLocalMeans } = require(path.join(ROOT, 'dist/denoise'));
const { unsharpMask } = require(path.join(ROOT, 'dist/filters'));
const vhs = require(path.join(ROOT, 'dist/models/vhs'));

const NUM_VAL = 24;
const AMOUNTS = [0, 0.25, 0.5, 1];
const r3 = (v) => Math.round(v * 1000) / 1000;

function simulate(clean, seed, overrides = {}) {
  return simulateVhs(clean, { preset: 'SP', seed, raster: { width: Math.round((clean.width * 15) / 16), height: clean.height }, outputSize: 'input', overrides }).image;
}

async function degraded(file, seed) {
  const clean = await readImage(file, { channels: 3 });
  return { clean, degraded: simulate(clean, seed) };
}

/**
 * Where the error lies: per-pixel squared error averaged over the validation photos (all of one size),
 * split into the rows of the head-switching band, the line ends that time-base shifts fill with
 * blanking, and the rest (the "safe area"). Region sizes come from the SP preset's own parameters.
 */
function createErrorLocation(width, height) {
  const { headSwitching: hs, timebase: tb } = VHS_PRESETS.SP;
  const bandRows = Math.ceil(2 * hs.linesPerField * hs.strength);
  // Largest line shift of computeTimebaseShifts, in raster px; the output is 16/15 wider than the raster.
  const edgeCols = Math.ceil((tb.jitterLimit * tb.jitterPx + Math.abs(tb.edgeWavePx) + Math.abs(tb.flaggingPx)) * tb.strength * (16 / 15));
  const inBand = (y) => (hs.position === 'top' ? y < bandRows : y >= height - bandRows);
  const regionOf = (x, y) => (inBand(y) ? 'band' : x < edgeCols || x >= width - edgeCols ? 'lineEnds' : 'safe');
  const maps = {};
  return {
    add(method, out, clean) {
      if (out.width !== width || out.height !== height) throw new Error(`vhs-evaluate: validation photos must share one size, got ${out.width}×${out.height}`);
      const m = (maps[method] ??= new Float64Array(width * height));
      for (let p = 0; p < width * height; p++) {
        let e = 0;
        for (let c = 0; c < 3; c++) e += (out.data[3 * p + c] - clean.data[3 * p + c]) ** 2;
        m[p] += e / 3;
      }
    },
    summary(count) {
      const db = (mse) => r3(10 * Math.log10(1 / mse));
      const rows = Object.entries(maps).map(([method, m]) => {
        const acc = { band: [0, 0], lineEnds: [0, 0], safe: [0, 0] };
        let total = 0;
        for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
          const a = acc[regionOf(x, y)];
          a[0] += m[y * width + x] / count;
          a[1] += 1;
          total += m[y * width + x] / count;
        }
        const part = (r) => ({ psnr: db(acc[r][0] / acc[r][1]), pixelShare: r3(acc[r][1] / (width * height)), errorShare: r3(acc[r][0] / total) });
        return { method, psnrOfMeanError: db(total / (width * height)), band: part('band'), lineEnds: part('lineEnds'), safe: part('safe') };
      });
      return {
        regions: { bandRows, bandPosition: hs.position, lineEndColumns: edgeCols, width, height },
        note: `Squared error averaged per pixel over the ${count} validation photos, by region: the ${bandRows} rows of the head-switching band (${hs.linesPerField} lines per field at SP), the ${edgeCols} columns at each line end that the largest time-base shift can fill with blanking, and the rest (safe area). psnrOfMeanError is the PSNR of the mean squared error, slightly below the mean of per-image PSNRs.`,
        rows,
      };
    },
  };
}

/**
 * Mean input PSNR over the validation photos with every effect off (the PAL raster round trip only),
 * each effect alone, each effect switched off, and all on: where the SP preset loses its dB.
 */
async function effectBudget(files) {
  const cleans = [];
  for (let i = 0; i < NUM_VAL; i++) cleans.push(await readImage(files[i], { channels: 3 }));
  const meanPsnr = (overrides) => r3(cleans.reduce((s, c, i) => s + computePsnr(simulate(c, 1000 + i, overrides), c), 0) / NUM_VAL);
  const none = Object.fromEntries(VHS_EFFECT_ORDER.map((e) => [e, false]));
  const rows = VHS_EFFECT_ORDER.map((effect) => {
    const { [effect]: _on, ...othersOff } = none;
    return { effect, alone: meanPsnr(othersOff), without: meanPsnr({ [effect]: false }) };
  });
  return { allEffects: meanPsnr({}), rasterOnly: meanPsnr(none), rows };
}

(async () => {
  await selectBackend({ log: false });
  const seed = opts.seed;
  const pacs = await resolveDataset('pacs');
  const files = shuffle(listImageFiles(path.join(pacs.dir, 'photo'), { recursive: true }), createRng(seed));
  // Classical parameters chosen on training photos (never on the validation set).
  const tune = [];
  for (let i = 0; i < 8; i++) tune.push(await degraded(files[NUM_VAL + i], 5000 + i));
  const tuneScores = AMOUNTS.map((amount) => ({ amount, psnr: 0 }));
  for (const t of tune) {
    const nlm = nonLocalMeans(t.degraded);
    for (const s of tuneScores) s.psnr += computePsnr(s.amount > 0 ? unsharpMask(nlm, { radius: 1, amount: s.amount }) : nlm, t.clean) / tune.length;
  }
  const best = tuneScores.reduce((a, b) => (b.psnr > a.psnr ? b : a));
  console.log(`[eval] classical: unsharp amount ${best.amount} (tuning PSNR ${tuneScores.map((s) => `${s.amount}: ${s.psnr.toFixed(2)}`).join(', ')})`);
  const classical = (img) => {
    const nlm = nonLocalMeans(img);
    return best.amount > 0 ? unsharpMask(nlm, { radius: 1, amount: best.amount }) : nlm;
  };
  const pix = await vhs.loadVhsModel(vhs.defaultVhsModelDir('pix2pix'));
  const l1 = await vhs.loadVhsModel(vhs.defaultVhsModelDir('l1'));
  const methods = { degraded: (d) => d, classical, 'l1-unet': (d) => l1.restore(d), pix2pix: (d) => pix.restore(d) };
  const perImage = [];
  let where = null;
  for (let i = 0; i < NUM_VAL; i++) {
    const v = await degraded(files[i], 1000 + i);
    const row = { name: path.basename(files[i]) };
    where ??= createErrorLocation(v.clean.width, v.clean.height);
    for (const [m, f] of Object.entries(methods)) {
      const out = f(v.degraded);
      row[m] = { psnr: r3(computePsnr(out, v.clean)), ssim: r3(computeSsim(out, v.clean)) };
      where.add(m, out, v.clean);
    }
    perImage.push(row);
    console.log(`[eval] ${i + 1}/${NUM_VAL} ${row.name} ${Object.keys(methods).map((m) => `${m} ${row[m].psnr}`).join(' ')}`);
  }
  const rows = Object.keys(methods).map((m) => ({
    method: m,
    psnr: r3(perImage.reduce((s, r) => s + r[m].psnr, 0) / NUM_VAL),
    ssim: r3(perImage.reduce((s, r) => s + r[m].ssim, 0) / NUM_VAL),
  }));
  const budget = await effectBudget(files);
  console.table(budget.rows);
  const out = {
    effectBudget: {
      ...budget,
      note: 'Mean input PSNR (dB) of the validation photos, SP preset, same seeds. rasterOnly: every effect off (the 15/16 PAL-density resampling and Y′UV round trip only); alone: only that effect on; without: SP with only that effect off. Effects whose "alone" value is low and that destroy picture content (headSwitching replaces rows, timebase shifts lines) bound what a pixel-aligned restoration can reach.',
    },
    validation: `${NUM_VAL} held-out PACS photos (227×227, split seed ${seed}), SP preset, simulator seeds 1000…${999 + NUM_VAL}, PAL density, pixel-aligned`,
    classical: { method: 'nonLocalMeans (σ estimated, h = 0.45σ, 7×7 patches, 21×21 search) then unsharpMask radius 1', amount: best.amount, tuning: tuneScores.map((s) => ({ amount: s.amount, psnr: r3(s.psnr) })), tunedOn: '8 training photos, seeds 5000…5007' },
    rows,
    errorLocation: where.summary(NUM_VAL),
    perImage,
    created: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(vhs.defaultVhsModelDir('pix2pix'), 'comparison.json'), JSON.stringify(out, null, 1) + '\n');
  console.table(rows);
  pix.dispose();
  l1.dispose();
})().catch((e) => { console.error(e); process.exit(1); });
