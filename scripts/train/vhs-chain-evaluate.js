#!/usr/bin/env node
/* Measures the VHS restoration chain on the fixed VHS test split (8 mate-photos × 5 presets, never used
 * for training or tuning): full-frame PSNR/SSIM of every restorer per preset, the gain of each stage
 * (stages added one at a time), line realignment RMS, dropout precision/recall, band detection, and
 * per-stage time. Writes models/vhs-chain/evaluation.json and prints the tables.
 * Usage: npx tsc -p . && node scripts/train/vhs-chain-evaluate.js [--smoke] [--no-pix2pix] */
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/vhs-chain-evaluate.js',
  summary: 'Measures the VHS restoration chain, stage by stage, against the classical baseline and the pix2pix generator on the VHS test split.',
  options: [
    { name: 'smoke', type: 'boolean', description: 'the first 2 frames only (no file written unless --out is given)' },
    { name: 'no-pix2pix', type: 'boolean', description: 'leave out the pix2pix generator (the slowest row)' },
    { name: 'model', type: 'string', description: 'chain folder (default: models/vhs-chain)' },
    { name: 'out', type: 'string', description: 'JSON output (default: <model>/evaluation.json)' },
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2));

const { selectBackend } = require(path.join(ROOT, 'dist', 'backend'));
const { computePsnr, computeSsim } = require(path.join(ROOT, 'dist', 'metrics'));
const vr = require(path.join(ROOT, 'dist', 'tasks', 'vhsRestoration'));
const { loadVhsModel, defaultVhsModelDir } = require(path.join(ROOT, 'dist', 'models', 'vhs', 'vhsModel'));
const { simulateHeadSwitchingWithBand } = require(path.join(ROOT, 'dist', 'degrade', 'vhs', 'simulateHeadSwitching'));
const { createYuvFrame } = require(path.join(ROOT, 'dist', 'degrade', 'vhs', 'YuvFrame'));

const mean = (a) => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
const r3 = (x) => Math.round(x * 1000) / 1000;

(async () => {
  const backend = await selectBackend({ log: false });
  const dir = path.resolve(opts.model ?? vr.defaultVhsChainDir());
  const model = await vr.loadVhsRestorationModel(dir);
  if (model.residualNet === null) throw new Error(`${dir} has no residual/ network`);
  const pix2pix = opts['no-pix2pix'] ? null : await loadVhsModel(defaultVhsModelDir());
  let frames = await vr.sampleVhsTestFrames({ split: 'test' });
  if (opts.smoke) frames = frames.slice(0, 2);
  const stageSets = [['lines'], ['lines', 'band'], ['lines', 'band', 'dropouts'], ['lines', 'band', 'dropouts', 'chroma'], ['lines', 'band', 'dropouts', 'chroma', 'residual']];
  const rows = [];
  const lineAcc = {}, dropAcc = {}, bandAcc = {}, timeAcc = {};
  const t0 = Date.now();
  for (const fr of frames) for (const d of fr.degraded) {
    const q = (im) => ({ psnr: computePsnr(im, fr.clean, { dataRange: 1 }), ssim: computeSsim(im, fr.clean, { dataRange: 1 }) });
    const row = { frame: fr.id, preset: d.preset, degraded: q(d.image) };
    // Stages added one at a time; the last is the whole chain.
    for (const st of stageSets) {
      const r = model.restore(d.image, { stages: st });
      row[st.join('+')] = q(r.image);
      if (st.length === 5) {
        row.chain = row[st.join('+')];
        const ta = (timeAcc[d.preset] ??= {});
        for (const t of r.timings) (ta[t.stage] ??= []).push(t.ms);
        (ta.total ??= []).push(r.timings.reduce((s, t) => s + t.ms, 0));
        row.estimates = r.estimates;
      }
    }
    row.classicalNlm = q(vr.restoreVhsClassical(d.image));
    if (pix2pix !== null) row.pix2pix = q(pix2pix.restore(d.image, { tile: 256, overlap: 32, pal: 'off' }));
    // Line realignment against the simulator's shifts (rows outside the band), as the chain applies it.
    const truth = vr.computeTrueLineShifts(d.record, d.image.width, d.image.height);
    const learned = vr.predictLineShifts(model.lineShiftNet, d.image);
    const applied = row.estimates.realigned ? learned : new Float32Array(learned.length);
    const classical = vr.estimateLineShifts(d.image);
    const la = (lineAcc[d.preset] ??= { n: 0, none: 0, learned: 0, chain: 0, classical: 0 });
    for (let r = 0; r < truth.shifts.length; r++) {
      if (truth.band[r]) continue;
      const t = truth.shifts[r];
      la.n++; la.none += t * t; la.learned += (learned[r] - t) ** 2; la.chain += (applied[r] - t) ** 2; la.classical += (classical[r] - t) ** 2;
    }
    // Dropouts: pixel precision / recall of the chain's detector (as the chain runs it) against the simulator's mask.
    const band = vr.detectHeadSwitchingBand(d.image);
    const tmask = vr.computeTrueDropoutMask(d.record).mask;
    const { mask } = vr.detectDropouts(d.image, { excludeRows: band.end > band.start ? [{ start: band.start, end: band.end }] : [] });
    const da = (dropAcc[d.preset] ??= { tp: 0, fp: 0, fn: 0 });
    for (let i = 0; i < mask.length; i++) { if (mask[i] && tmask[i]) da.tp++; else if (mask[i]) da.fp++; else if (tmask[i]) da.fn++; }
    // Band rows against the simulator's.
    const hs = d.record.effects.find((e) => e.name === 'headSwitching');
    const rw = d.record.raster;
    const tb = hs && hs.params.strength !== 0 ? simulateHeadSwitchingWithBand(createYuvFrame(rw.width, rw.height, rw.scale), { ...hs.params, seed: hs.seed }).band : { start: 0, end: 0 };
    const ba = (bandAcc[d.preset] ??= { frames: 0, found: 0, trueRows: 0, foundRows: 0, hitRows: 0 });
    ba.frames++;
    if (band.end > band.start) ba.found++;
    ba.trueRows += tb.end - tb.start; ba.foundRows += band.end - band.start;
    ba.hitRows += Math.max(0, Math.min(tb.end, band.end) - Math.max(tb.start, band.start));
    rows.push(row);
    process.stderr.write(`\r${rows.length}/${frames.length * 5} frames, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  process.stderr.write('\n');
  const presets = [...new Set(rows.map((r) => r.preset))];
  const methods = ['degraded', 'classicalNlm', ...(pix2pix ? ['pix2pix'] : []), ...stageSets.map((s) => s.join('+'))];
  const summary = presets.map((p) => {
    const rs = rows.filter((r) => r.preset === p);
    const o = { preset: p };
    for (const m of methods) o[m] = { psnr: r3(mean(rs.map((r) => r[m].psnr))), ssim: r3(mean(rs.map((r) => r[m].ssim))) };
    o.gainChain = r3(o[stageSets[4].join('+')].psnr - o.degraded.psnr);
    o.chainOverClassical = r3(o[stageSets[4].join('+')].psnr - o.classicalNlm.psnr);
    return o;
  });
  const lines = presets.map((p) => { const a = lineAcc[p]; return { preset: p, rmsTrue: r3(Math.sqrt(a.none / a.n)), rmsLearned: r3(Math.sqrt(a.learned / a.n)), rmsAsApplied: r3(Math.sqrt(a.chain / a.n)), rmsClassical: r3(Math.sqrt(a.classical / a.n)) }; });
  const dropouts = presets.map((p) => { const a = dropAcc[p]; return { preset: p, precision: r3(a.tp / Math.max(1, a.tp + a.fp)), recall: r3(a.tp / Math.max(1, a.tp + a.fn)), truePixels: a.tp + a.fn, foundPixels: a.tp + a.fp }; });
  const bands = presets.map((p) => { const a = bandAcc[p]; return { preset: p, framesWithBandFound: `${a.found}/${a.frames}`, rowPrecision: r3(a.hitRows / Math.max(1, a.foundRows)), rowRecall: r3(a.hitRows / Math.max(1, a.trueRows)) }; });
  const timings = presets.map((p) => Object.fromEntries([['preset', p], ...Object.entries(timeAcc[p]).map(([k, v]) => [k, Math.round(mean(v))])]));
  console.log('PSNR dB (SSIM) per preset, test split, full frame:');
  console.table(summary.map((o) => Object.fromEntries([['preset', o.preset], ...methods.map((m) => [m, `${o[m].psnr.toFixed(2)} (${o[m].ssim.toFixed(3)})`]), ['gain', o.gainChain], ['vs NLM', o.chainOverClassical]])));
  console.log('line realignment, RMS px (rows outside the band):'); console.table(lines);
  console.log('dropouts, pixels:'); console.table(dropouts);
  console.log('head-switching band rows:'); console.table(bands);
  console.log('chain time per 768×576 frame, ms:'); console.table(timings);
  const result = {
    split: 'sampleVhsTestFrames test: 8 mate-photos (Aqua, Blinds, Dune, FreshFlower, GreenMeadow, LadyBird, RainDrops, TwoWings), area-downscaled and cropped to 768×576, band bottom/top alternating, seeds 1900 + 100·frame + preset',
    metric: 'full-frame RGB PSNR (dB, data range 1) and SSIM (skimage-compatible), mean over frames',
    backend: backend.name, created: new Date().toISOString(), frames: frames.length,
    methods: { degraded: 'the degraded input', classicalNlm: 'restoreVhsClassical: NLM (h = 0.8 σ̂) + unsharp amount 0, tuned on the tuning split', pix2pix: 'the shipped models/vhs-pix2pix generator', chain: 'restoreVhsChain stages as named' },
    summary, lines, dropouts, bands, timings, rows,
  };
  const out = opts.out ?? (opts.smoke ? null : path.join(dir, 'evaluation.json'));
  if (out) { fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n'); console.log('wrote', out); }
  model.dispose(); pix2pix?.dispose();
})().catch((e) => { console.error(e); process.exit(1); });
