#!/usr/bin/env node
// Subnormal-weight benchmark: how much slower the wasm backend trains and predicts when part of a
// network's weights are subnormal floats (|w| < 2^-126), as Adam + L2 leaves them after long runs,
// and what trainModel's flushDenormals (on by default) gives back. The network is notebook 02's
// scratch CNN (96×96, batch 32); a seeded fraction of its weights is scaled into the subnormal range.
// Prints a table and writes bench/denormals.json.
//
// Usage (after `npx tsc -p .`): node scripts/bench/denormals.js [options]
// Options (--help prints them):
//   --fraction N  fraction of the weights made subnormal (default 0.5: what the 96-px CNN had after 39 epochs)
//   --steps N     training steps timed per case (default 4)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const { parseScriptArgs } = require('../train/cliArgs');

const SPEC = {
  usage: 'node scripts/bench/denormals.js',
  summary: 'Training and inference speed of the scratch CNN on wasm with part of its weights subnormal, with and without flushDenormals; writes bench/denormals.json.',
  options: [
    { name: 'fraction', type: 'number', default: 0.5, description: 'fraction of the weights made subnormal' },
    { name: 'steps', type: 'number', default: 4, description: 'training steps timed per case' },
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  if (!(o.fraction >= 0 && o.fraction <= 1)) throw new UsageError(`--fraction must be in [0, 1], got ${o.fraction}`);
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new UsageError(`--steps must be an integer ≥ 1, got ${o.steps}`);
});

const tf = require(path.join(root, 'node_modules/@tensorflow/tfjs'));
const { selectBackend } = require(path.join(root, 'dist/backend'));
const { buildScratchCnn } = require(path.join(root, 'dist/models/classifier'));
const { trainModel, FLOAT32_MIN_NORMAL } = require(path.join(root, 'dist/training'));
const { createRng } = require(path.join(root, 'dist/random'));

/** The scratch CNN with `fraction` of its weights scaled by 1e-38 (normal weights of ~1e-2 become ~1e-40). */
function buildWithSubnormals(fraction) {
  const net = buildScratchCnn();
  const rng = createRng(7);
  let subnormal = 0;
  let total = 0;
  net.setWeights(net.getWeights().map((w) => {
    const d = w.dataSync().slice();
    for (let i = 0; i < d.length; i++) {
      if (d[i] === 0) d[i] = 0.01 * (rng.next() - 0.5); // biases start at 0: give them a value too
      if (rng.next() < fraction) d[i] *= 1e-38;
      if (d[i] !== 0 && Math.abs(d[i]) < FLOAT32_MIN_NORMAL) subnormal++;
    }
    total += d.length;
    return tf.tensor(d, w.shape);
  }));
  return { net, subnormal, total };
}

async function measure(fraction, flush, steps) {
  const { net, subnormal, total } = buildWithSubnormals(fraction);
  const x = tf.randomUniform([32, 96, 96, 3], 0, 1, 'float32', 1);
  const y = tf.tensor2d(Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
  const predictMs = () => {
    const t0 = process.hrtime.bigint();
    tf.tidy(() => net.predict(x).dataSync());
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const before = predictMs();
  const batches = (n) => () => (function* () { for (let i = 0; i < n; i++) yield { xs: x.clone(), ys: y.clone() }; })();
  // SGD with learning rate 0: the full forward and backward pass, but no update moves a weight out of (or into)
  // the subnormal range, so only the flush changes them (Adam would nudge every weight with a normal gradient by ≈ lr).
  const fit = (n) => trainModel(net, batches(n), { numEpochs: 1, optimizer: tf.train.sgd(0), log: false, flushDenormals: flush });
  await fit(1); // warm-up
  const t0 = process.hrtime.bigint();
  await fit(steps);
  const stepMs = Number(process.hrtime.bigint() - t0) / 1e6 / steps;
  const after = predictMs();
  tf.dispose([x, y]);
  net.dispose();
  return { fraction, flushDenormals: flush, subnormalWeights: subnormal, weights: total, trainStepMs: stepMs, predictMsBefore: before, predictMsAfterTraining: after };
}

(async () => {
  const backend = await selectBackend({ log: false });
  const loadBefore = os.loadavg();
  const cases = [[0, true], [opts.fraction, false], [opts.fraction, true]];
  const results = [];
  for (const [fraction, flush] of cases) {
    const r = await measure(fraction, flush, opts.steps);
    results.push(r);
    console.error(`[bench] fraction ${fraction}, flush ${flush}: ${r.trainStepMs.toFixed(0)} ms/step`);
  }
  const header = ['subnormal weights', 'flushDenormals', 'train step, batch 32 (ms)', 'predict before training (ms)', 'predict after training (ms)'];
  const rows = results.map((r) => [`${r.subnormalWeights} / ${r.weights}`, String(r.flushDenormals), r.trainStepMs.toFixed(0), r.predictMsBefore.toFixed(0), r.predictMsAfterTraining.toFixed(0)]);
  const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const note = `Backend ${backend.name}; scratch CNN 96×96 (257 k weights), batch 32, ${opts.steps} timed steps after one warm-up. With flushDenormals the first update sets the subnormal weights to 0, so the steps and the prediction after training run at normal speed. Load average before: ${loadBefore.map((v) => v.toFixed(2)).join(' ')} on ${os.cpus().length} cores (shared machine).`;
  console.log(table);
  console.log(`\n- ${note}`);
  const json = { date: new Date().toISOString(), node: process.version, backend: backend.name, options: opts, results, table, note };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/denormals.json'), JSON.stringify(json, null, 2) + '\n');
  console.log('\nwrote bench/denormals.json');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
