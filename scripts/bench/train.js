#!/usr/bin/env node
// Training-throughput benchmark: one optimiser step of each network the notebooks train, on every
// available TensorFlow.js backend (tensorflow if loadable, wasm with tounum's training kernels,
// wasm as shipped for the U-Net, cpu), with a PyTorch one-thread reference and a two-process
// experiment. Prints a table and writes bench/train.json.
//
// Usage (after `npx tsc -p .`): node scripts/bench/train.js [options]
// Options (--help prints them):
//   --only LIST           comma-separated workloads: unet64, unet128, pix2pix128, cnn128, decoder (default all)
//   --seconds N           measuring time per (backend, workload) after warm-up (default 6)
//   --cpu-cap N           time cap in s of a cpu-backend child (default 90)
//   --cpu-cap-unet64 N    time cap in s of the cpu-backend child for unet64 (default 400)
//   --no-torch            skip the PyTorch reference
//   --no-parallel         skip the two-process experiment
// Each measurement runs in its own child process (fresh backend, hard time cap): `--worker <json>`
// (internal, not parsed by the option parser).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const root = path.resolve(__dirname, '../..');
const { parseScriptArgs } = require('../train/cliArgs');

/** Workloads: batch and size as the issue asks; cpu runs a reduced batch (its step takes minutes). */
const WORKLOADS = {
  unet64: { label: 'U-Net 64×64, batch 8', unit: 'images/s', batch: 8, cpuBatch: 1 },
  unet128: { label: 'U-Net 128×128, batch 8', unit: 'images/s', batch: 8, cpuBatch: 1 },
  pix2pix128: { label: 'pix2pix (U-Net + PatchGAN) 128×128, batch 4', unit: 'images/s', batch: 4, cpuBatch: 1 },
  cnn128: { label: 'CNN classifier 128×128, batch 32', unit: 'images/s', batch: 32, cpuBatch: 2 },
  decoder: { label: 'embedding 5000×256 + GRU 256 + dense 5000, seq 20, batch 64', unit: 'tokens/s', batch: 64, cpuBatch: 8 },
};

const SPEC = {
  usage: 'node scripts/bench/train.js',
  summary: 'Training-throughput benchmark: one optimiser step of each network the notebooks train, on every available TensorFlow.js backend, with a PyTorch one-thread reference; writes bench/train.json.',
  options: [
    { name: 'only', type: 'string', default: Object.keys(WORKLOADS).join(','), description: 'comma-separated workloads to measure' },
    { name: 'seconds', type: 'number', default: 6, description: 'measuring time in s per (backend, workload), after warm-up' },
    { name: 'cpu-cap', type: 'number', default: 90, description: 'time cap in s of a cpu-backend child process' },
    { name: 'cpu-cap-unet64', type: 'number', default: 400, description: 'time cap in s of the cpu-backend child for unet64' },
    { name: 'no-torch', type: 'boolean', description: 'skip the PyTorch one-thread reference' },
    { name: 'no-parallel', type: 'boolean', description: 'skip the two-process experiment' },
  ],
  epilog: 'Internal: `--worker <json>` (first argument) runs one measurement in a child process.',
};

function parseArgs(argv) {
  const o = parseScriptArgs(SPEC, argv, (opts, UsageError) => {
    for (const w of opts.only.split(',')) if (!WORKLOADS[w]) throw new UsageError(`--only: unknown workload "${w}"; allowed: ${Object.keys(WORKLOADS).join(', ')}`);
  });
  return { only: o.only.split(','), seconds: o.seconds, cpuCap: o['cpu-cap'], cpuCapUnet64: o['cpu-cap-unet64'], torch: !o['no-torch'], parallel: !o['no-parallel'] };
}

// ---------------------------------------------------------------- worker: one (backend, workload)
async function worker(spec) {
  const tf = require('@tensorflow/tfjs');
  const { selectBackend } = require(path.join(root, 'dist/backend/selectBackend'));
  const { unregisterWasmTrainingKernels, REPLACED_WASM_KERNELS } = require(path.join(root, 'dist/backend/wasm/registerWasmTrainingKernels'));
  const M = require(path.join(root, 'dist/backend/wasm/__tests__/models'));
  const backend = spec.backend === 'wasm-stock' ? 'wasm' : spec.backend;
  await selectBackend({ backend, log: false });
  if (spec.backend === 'wasm-stock') unregisterWasmTrainingKernels(REPLACED_WASM_KERNELS);
  const b = spec.batch;
  const uniform = (shape) => tf.randomUniform(shape, -1, 1, 'float32', 1);
  if (spec.workload === 'ceiling') return ceiling(tf, M, spec);
  let step;
  let perStep;
  if (spec.workload === 'unet64' || spec.workload === 'unet128') {
    const size = spec.workload === 'unet64' ? 64 : 128;
    const g = M.buildUnet(size, 3, [32, 64, 128, 256]);
    const opt = tf.train.adam(2e-4, 0.5);
    const x = uniform([b, size, size, 3]);
    const y = uniform([b, size, size, 3]);
    step = () => {
      const loss = opt.minimize(() => tf.losses.absoluteDifference(y, g.apply(x, { training: true })), true);
      loss.dataSync();
      loss.dispose();
    };
    perStep = b;
  } else if (spec.workload === 'pix2pix128') {
    const g = M.buildUnet(128, 3, [32, 64, 128, 256]);
    const d = M.buildPatchGan(128, 3, [64, 128, 256, 512]);
    const p2p = M.makePix2PixStep(g, d, tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5));
    const src = uniform([b, 128, 128, 3]);
    const tgt = uniform([b, 128, 128, 3]);
    step = () => p2p(src, tgt);
    perStep = b;
  } else if (spec.workload === 'cnn128') {
    const m = M.buildCnnClassifier(128, 10, [32, 64, 128]);
    m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([b, 128, 128, 3], 0, 1, 'float32', 2);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: b }, (_, i) => i % 10), 'int32'), 10);
    step = async () => m.trainOnBatch(x, y);
    perStep = b;
  } else if (spec.workload === 'decoder') {
    const m = M.buildGruDecoder(5000, 256, 256, 20);
    m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
    const t = tf.floor(tf.randomUniform([b, 20], 0, 5000, 'float32', 3));
    const y = tf.floor(tf.randomUniform([b, 20, 1], 0, 5000, 'float32', 4));
    step = async () => m.trainOnBatch(t, y);
    perStep = b * 20;
  } else {
    throw new RangeError(`unknown workload ${spec.workload}`);
  }
  for (let i = 0; i < spec.warmup; i++) await step();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let steps = 0;
  let elapsed = 0;
  while (steps < spec.minSteps || (elapsed < spec.seconds && steps < spec.maxSteps)) {
    await step();
    steps++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const msPerStep = (elapsed * 1000) / steps;
  const c1 = process.cpuUsage(c0);
  const cpuMsPerStep = (c1.user + c1.system) / 1000 / steps;
  return {
    backend: spec.backend, workload: spec.workload, batch: b, steps, msPerStep, throughput: (perStep * 1000) / msPerStep,
    cpuMsPerStep, throughputPerCpuSecond: (perStep * 1000) / cpuMsPerStep,
  };
}

/**
 * The one-core ceiling of the wasm backend for the U-Net at 64×64: the convolution FLOPs of one
 * training step (forward, input gradient except for the first layer, filter gradient), counted from
 * the model's layers, divided by the best rate XNNPACK reaches on this CPU for large stride-1
 * convolutions and a 512³ matrix product (best of 12 runs each). Even if every convolution ran at that
 * peak and nothing else cost anything, the step could not be faster.
 */
function ceiling(tf, M, spec) {
  const g = M.buildUnet(64, 3, [32, 64, 128, 256]);
  let macs = 0;
  let firstMacs = 0;
  for (const layer of g.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Conv2DTranspose') continue;
    const [kh, kw, a, b] = layer.getWeights()[0].shape;
    // Conv2D kernels are [kh, kw, in, out]; Conv2DTranspose kernels are [kh, kw, out, in].
    const positions = cls === 'Conv2D' ? layer.output.shape[1] * layer.output.shape[2] : layer.input.shape[1] * layer.input.shape[2];
    const m = positions * kh * kw * a * b;
    if (macs === 0) firstMacs = m;
    macs += m;
  }
  g.dispose();
  const stepFlopsPerImage = 2 * (3 * macs - firstMacs);
  const best = (fn) => {
    let ms = Infinity;
    for (let i = 0; i < 12; i++) {
      const t = process.hrtime.bigint();
      const y = fn();
      y.dataSync();
      ms = Math.min(ms, Number(process.hrtime.bigint() - t) / 1e6);
      y.dispose();
    }
    return ms;
  };
  const probes = [];
  for (const [n, h, ci, k, co] of [[8, 32, 64, 3, 64], [8, 16, 128, 3, 128], [8, 8, 256, 2, 128], [1, 64, 128, 3, 128]]) {
    const x = tf.randomNormal([n, h, h, ci]);
    const f = tf.randomNormal([k, k, ci, co]);
    const ho = h - k + 1;
    const ms = best(() => tf.conv2d(x, f, 1, 'valid'));
    probes.push({ op: `conv2d ${n}×${h}×${h}×${ci} ${k}×${k}→${co}`, ms, gflops: (2 * n * ho * ho * k * k * ci * co) / ms / 1e6 });
    tf.dispose([x, f]);
  }
  const a = tf.randomNormal([512, 512]);
  const ms = best(() => tf.matMul(a, a));
  probes.push({ op: 'matMul 512×512×512', ms, gflops: (2 * 512 ** 3) / ms / 1e6 });
  a.dispose();
  const peak = Math.max(...probes.map((p) => p.gflops));
  return { backend: spec.backend, workload: 'ceiling', convMacsPerImage: macs, stepFlopsPerImage, probes, peakGflops: peak, ceilingImagesPerSecond: (peak * 1e9) / stepFlopsPerImage };
}

// ---------------------------------------------------------------- parent
function runChild(spec, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, '--worker', JSON.stringify(spec)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{"backend"'));
      if (line) return resolve(JSON.parse(line));
      resolve({ ...spec, error: signal === 'SIGKILL' ? `timed out after ${Math.round(timeoutMs / 1000)} s (one step takes longer)` : (err.trim().split('\n').slice(-1)[0] || `exit ${code}`) });
    });
  });
}

function tensorflowAvailable() {
  const res = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], { cwd: root, encoding: 'utf8' });
  return res.status === 0 ? { ok: true } : { ok: false, reason: '@tensorflow/tfjs-node is not installed' };
}

function torchReference(only, seconds) {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: 'PyTorch not importable by /usr/bin/python3; column skipped' };
  const res = spawnSync('/usr/bin/python3', [path.join(__dirname, 'train_torch.py'), '--only', only.join(','), '--seconds', String(seconds)], { encoding: 'utf8', timeout: 900000 });
  const line = (res.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { error: `train_torch.py failed: ${(res.stderr || '').trim().split('\n').pop()}` };
  }
}

const fmt = (r) => (r === undefined ? '—' : r.error ? 'n/a' : r.throughput >= 100 ? r.throughput.toFixed(0) : r.throughput >= 1 ? r.throughput.toFixed(1) : r.throughput.toPrecision(2));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const loadBefore = os.loadavg();
  const results = [];
  const tfAvail = tensorflowAvailable();
  const backends = [...(tfAvail.ok ? ['tensorflow'] : []), 'wasm', 'wasm-stock', 'cpu'];
  for (const workload of args.only) {
    const w = WORKLOADS[workload];
    for (const backend of backends) {
      // The stock wasm kernels are only measured on the U-Net at 64×64 (the before/after of this work).
      if (backend === 'wasm-stock' && workload !== 'unet64') continue;
      const cpu = backend === 'cpu';
      const spec = {
        backend, workload, batch: cpu ? w.cpuBatch : w.batch,
        warmup: cpu ? 0 : 2, minSteps: cpu ? 1 : 3, maxSteps: cpu ? 1 : 50, seconds: args.seconds,
      };
      process.stderr.write(`train.js: ${workload} on ${backend} (batch ${spec.batch}) … `);
      // The U-Net at 64×64 carries the headline wasm/cpu ratio, so its cpu step gets a longer cap.
      const r = await runChild(spec, cpu ? (workload === 'unet64' ? args.cpuCapUnet64 : args.cpuCap) * 1000 : 600000);
      process.stderr.write(r.error ? `${r.error}\n` : `${r.throughput.toFixed(2)} ${w.unit}\n`);
      results.push(r);
    }
  }

  let ceil = null;
  if (args.only.includes('unet64')) {
    process.stderr.write('train.js: wasm one-core ceiling for the U-Net 64×64 (peak XNNPACK rate, step FLOPs) … ');
    ceil = await runChild({ backend: 'wasm', workload: 'ceiling' }, 600000);
    process.stderr.write(ceil.error ? `${ceil.error}\n` : `${ceil.ceilingImagesPerSecond.toFixed(1)} images/s at ${ceil.peakGflops.toFixed(1)} GFLOP/s\n`);
  }

  let parallel = null;
  if (args.parallel && args.only.includes('unet64')) {
    // Data parallelism upper bound: two processes, each on half the batch, at the same time
    // (a real data-parallel step would add one gradient all-reduce per step).
    process.stderr.write('train.js: 2 concurrent wasm processes, U-Net 64×64, batch 4 each … ');
    const spec = { backend: 'wasm', workload: 'unet64', batch: 4, warmup: 2, minSteps: 3, maxSteps: 50, seconds: args.seconds };
    const single = await runChild(spec, 600000);
    const pair = await Promise.all([runChild(spec, 600000), runChild(spec, 600000)]);
    parallel = { singleHalfBatch: single, concurrent: pair, aggregate: pair.reduce((s, r) => s + (r.throughput || 0), 0) };
    process.stderr.write(`${parallel.aggregate.toFixed(2)} images/s aggregate\n`);
  }

  let torch = null;
  if (args.torch) {
    process.stderr.write('train.js: PyTorch reference (one thread) … ');
    torch = torchReference(args.only, args.seconds);
    process.stderr.write(torch.error ? `${torch.error}\n` : 'done\n');
  }
  const loadAfter = os.loadavg();

  const get = (b, wl) => results.find((r) => r.backend === b && r.workload === wl);
  const header = ['workload', 'unit', ...(tfAvail.ok ? ['tensorflow'] : []), 'wasm', 'wasm (stock kernels)', 'cpu †', 'wasm / cpu', 'PyTorch 1 thread', 'wasm / PyTorch', 'wasm per CPU-s ‡', 'PyTorch per CPU-s ‡'];
  const rows = args.only.map((wl) => {
    const w = WORKLOADS[wl];
    const wasm = get('wasm', wl);
    const cpu = get('cpu', wl);
    const pt = torch && !torch.error ? torch[wl] : undefined;
    return [
      w.label, w.unit, ...(tfAvail.ok ? [fmt(get('tensorflow', wl))] : []), fmt(wasm), fmt(get('wasm-stock', wl)),
      cpu && cpu.error ? `> cap (${cpu.error})` : fmt(cpu),
      wasm && cpu && !wasm.error && !cpu.error ? `${(wasm.throughput / cpu.throughput).toFixed(0)}×` : '—',
      pt ? fmt(pt) : '—',
      wasm && pt && !wasm.error ? `${(wasm.throughput / pt.throughput).toFixed(2)}` : '—',
      wasm && !wasm.error ? fmt({ throughput: wasm.throughputPerCpuSecond }) : '—',
      pt && pt.throughputPerCpuSecond ? fmt({ throughput: pt.throughputPerCpuSecond }) : '—',
    ];
  });
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const notes = [
    `† cpu: one step at a reduced batch (${args.only.map((wl) => `${wl} ${WORKLOADS[wl].cpuBatch}`).join(', ')}), no warm-up, capped at ${args.cpuCapUnet64} s for unet64 and ${args.cpuCap} s for the others; its throughput is per image/token, so comparable.`,
    `wasm: ${backends.includes('tensorflow') ? '' : 'tensorflow backend not available (' + tfAvail.reason + '); '}tfjs-backend-wasm with SIMD, one thread (no wasm threads in Node); 2 warm-up steps, then ≥3 steps / ${args.seconds} s.`,
    `wasm (stock kernels): the same, with tounum's kernels only for the ops wasm lacks (its own Conv2DBackpropInput, Tile, Sum, Mean kept).`,
    torch && torch.error ? `PyTorch: ${torch.error}` : `PyTorch ${torch ? torch._meta.torch : ''}: torch.set_num_threads(1), scripts/bench/train_torch.py.`,
    `‡ throughput per second of process CPU time (user + system): what one idle core would give, less the cache and memory-bandwidth contention that remains on a loaded machine.`,
    `Load average (1/5/15 min) before: ${loadBefore.map((v) => v.toFixed(2)).join(' ')}; after: ${loadAfter.map((v) => v.toFixed(2)).join(' ')} on ${os.cpus().length} cores (shared machine).`,
  ];
  if (ceil && !ceil.error) {
    notes.push(`Ceiling on one core: the U-Net 64×64 training step costs ${(ceil.stepFlopsPerImage / 1e6).toFixed(0)} MFLOP of convolutions per image (forward, input and filter gradients, counted from its layers); the best rate XNNPACK reaches on this CPU through tfjs-backend-wasm is ${ceil.peakGflops.toFixed(1)} GFLOP/s (${ceil.probes.map((p) => `${p.op}: ${p.gflops.toFixed(1)}`).join('; ')}), so no wasm step can exceed ${ceil.ceilingImagesPerSecond.toFixed(1)} images/s there, even with every other op free.`);
  }
  if (parallel) {
    notes.push(`Two concurrent wasm processes, U-Net 64×64 batch 4 each: ${parallel.aggregate.toFixed(1)} images/s aggregate vs ${fmt(parallel.singleHalfBatch)} for one process alone at batch 4 (upper bound for 2-worker data parallelism; gradient all-reduce not included).`);
  }
  console.log(table);
  console.log('');
  for (const n of notes) console.log(`- ${n}`);
  const json = { date: started.toISOString(), node: process.version, cores: os.cpus().length, loadBefore, loadAfter, workloads: WORKLOADS, results, ceiling: ceil, parallel, torch, table, notes };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/train.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote bench/train.json`);
}

if (process.argv[2] === '--worker') {
  worker(JSON.parse(process.argv[3])).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
