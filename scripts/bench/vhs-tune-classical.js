#!/usr/bin/env node
/* Tunes the classical VHS baseline (NLM hFactor × unsharp amount) on the VHS *tuning* split
 * (lib/tasks/vhsRestoration VHS_TUNING_PHOTOS, never the test split): the pair with the best mean
 * full-frame PSNR gain over all presets. Prints the grid and writes bench/vhs-classical-tuning.json.
 * Usage: npm run build && node scripts/bench/vhs-tune-classical.js [--photos N] */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { sampleVhsTestFrames } = require(path.join(ROOT, 'dist/tasks/vhsRestoration'));
const { nonLocalMeans } = require(path.join(ROOT, 'dist/denoise'));
const { unsharpMask } = require(path.join(ROOT, 'dist/filters'));
const { computePsnr } = require(path.join(ROOT, 'dist/metrics'));

const argi = process.argv.indexOf('--photos');
const photos = argi > 0 ? Number(process.argv[argi + 1]) : 2;
const H = [0.3, 0.45, 0.6, 0.8];
const A = [0, 0.25, 0.5, 1];
(async () => {
  const frames = await sampleVhsTestFrames({ split: 'tuning', maxPhotos: photos });
  const gains = {};
  for (const f of frames) for (const d of f.degraded) {
    const base = computePsnr(d.image, f.clean);
    for (const h of H) {
      const den = nonLocalMeans(d.image, { hFactor: h });
      for (const a of A) {
        const out = a === 0 ? den : unsharpMask(den, { amount: a });
        const k = `${h}/${a}`;
        (gains[k] ??= {})[d.preset] ??= [];
        gains[k][d.preset].push(computePsnr(out, f.clean) - base);
      }
    }
    console.log(`${f.id} ${d.preset} done`);
  }
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const table = Object.entries(gains).map(([k, per]) => {
    const [h, a] = k.split('/').map(Number);
    const byPreset = Object.fromEntries(Object.entries(per).map(([p, xs]) => [p, Math.round(mean(xs) * 1000) / 1000]));
    return { hFactor: h, amount: a, meanGain: Math.round(mean(Object.values(byPreset)) * 1000) / 1000, byPreset };
  }).sort((x, y) => y.meanGain - x.meanGain);
  for (const r of table) console.log(r.hFactor, r.amount, r.meanGain, JSON.stringify(r.byPreset));
  fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/vhs-classical-tuning.json'), JSON.stringify({ split: 'tuning', photos: frames.map((f) => f.id), best: table[0], table }, null, 2) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
