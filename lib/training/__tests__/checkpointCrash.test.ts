import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * kill -9 during a checkpoint, made deterministic by the TOUNUM_TEST_CRASH hook (lib/io/crashPoint):
 * the training process SIGKILLs itself half-way through writing a checkpoint file (nothing
 * committed yet) or half-way through the commit (journal written, one file renamed). Afterwards the
 * folder holds one complete checkpoint (the previous one, or the new one once the journal is
 * replayed), the re-run resumes from it, and its final weights are byte-identical to those of an
 * uninterrupted run (the cpu backend is deterministic).
 */

const dist = path.resolve(__dirname, '..', '..');

/** A child script: a small two-layer net trained for `epochs` epochs with a checkpoint after each, weights printed as hex. */
function trainScript(): string {
  return `
const tf = require(${JSON.stringify(require.resolve('@tensorflow/tfjs'))});
const { trainModel, createArrayBatches } = require(${JSON.stringify(path.join(dist, 'training'))});
const { createRng } = require(${JSON.stringify(path.join(dist, 'random'))});
(async () => {
  await tf.setBackend('cpu');
  const [dir, epochs] = [process.argv[2], Number(process.argv[3])];
  const rng = createRng(4);
  const n = 128, x = new Float32Array(2 * n), y = [];
  for (let i = 0; i < n; i++) { x[2 * i] = rng.nextNormal(); x[2 * i + 1] = rng.nextNormal(); y.push(x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0); }
  const net = tf.sequential();
  net.add(tf.layers.dense({ inputShape: [2], units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  net.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  const stream = createArrayBatches(x, y, [2], { batchSize: 16, shuffle: true, seed: 3 });
  const h = await trainModel(net, stream, { numEpochs: epochs, lr: 0.05, log: false, ...(dir === '-' ? {} : { checkpointDir: dir }) });
  const bytes = Buffer.concat(net.getWeights().map((t) => Buffer.from(t.dataSync().buffer)));
  process.stdout.write(JSON.stringify({ resumedFromEpoch: h.resumedFromEpoch, epochs: h.epochs.length, weights: bytes.toString('hex') }));
})();
`;
}

function runTraining(script: string, dir: string, epochs: number, crash?: string): { status: number | null; signal: NodeJS.Signals | null; out: { resumedFromEpoch: number; epochs: number; weights: string } | null; err: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TOUNUM_BACKEND: 'cpu' };
  delete env['TOUNUM_TEST_CRASH'];
  if (crash) env['TOUNUM_TEST_CRASH'] = crash;
  const r = spawnSync(process.execPath, [script, dir, String(epochs)], { encoding: 'utf8', env, cwd: path.resolve(dist, '..') });
  return { status: r.status, signal: r.signal, out: r.status === 0 ? JSON.parse(r.stdout) : null, err: r.stderr };
}

function listAll(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(path.join(d, e.name));
      else out.push(path.relative(dir, path.join(d, e.name)));
    }
  };
  visit(dir);
  return out.sort();
}

for (const [crash, what] of [
  ['checkpoint@15', 'while a file of the 3rd checkpoint is half written (before the commit)'],
  ['checkpoint-commit@3', 'in the middle of the 3rd commit (journal written, one rename done)'],
] as const) {
  test(`trainModel killed -9 ${what}: one complete checkpoint is left, the re-run resumes and ends byte-identical to an uninterrupted run`, async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-ckcrash-'));
    try {
      const script = path.join(tmp, 'train.js');
      fs.writeFileSync(script, trainScript());
      const straight = runTraining(script, '-', 5);
      assert.equal(straight.status, 0, straight.err);
      const dir = path.join(tmp, 'ckpt');
      const killed = runTraining(script, dir, 5, crash);
      assert.equal(killed.signal, 'SIGKILL', `the hook killed the run (${killed.status}, ${killed.err})`);
      const left = listAll(dir);
      // What the kill left: the previous checkpoint plus staged temporaries, or a journal to replay. No final file is partial:
      for (const f of left.filter((n) => n.endsWith('.json') && !n.includes('ckpt-tmp'))) JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (crash.startsWith('checkpoint-commit')) assert.ok(left.includes('checkpoint-commit.json'), left.join(' '));
      else assert.ok(left.some((n) => n.endsWith('.ckpt-tmp')) && !left.includes('checkpoint-commit.json'), left.join(' '));
      const resumed = runTraining(script, dir, 5);
      assert.equal(resumed.status, 0, resumed.err);
      // Killed during save 3 before its commit → resumes after epoch 2; during the commit of save 3 → after epoch 3.
      assert.equal(resumed.out?.resumedFromEpoch, crash.startsWith('checkpoint-commit') ? 3 : 2);
      assert.equal(resumed.out?.epochs, 5);
      assert.equal(resumed.out?.weights, straight.out?.weights, 'final weights byte-identical');
      assert.deepEqual(listAll(dir).filter((n) => n.endsWith('.ckpt-tmp') || n.startsWith('checkpoint-commit')), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}

/** A child script: a tiny pix2pix GAN for `steps` steps, a checkpoint after every step, generator and discriminator weights printed as hex. */
function ganScript(): string {
  return `
const tf = require(${JSON.stringify(require.resolve('@tensorflow/tfjs'))});
const { trainPix2pix } = require(${JSON.stringify(path.join(dist, 'training'))});
const { buildPatchGan, buildPix2pixGenerator } = require(${JSON.stringify(path.join(dist, 'models', 'gan'))});
(async () => {
  await tf.setBackend('cpu');
  const [dir, steps] = [process.argv[2], Number(process.argv[3])];
  const g = buildPix2pixGenerator({ filters: [4, 8], dropout: 0, seed: 5 });
  const d = buildPatchGan({ filters: [2, 2, 2, 2], norm: 'none', seed: 6 });
  const sample = (step) => tf.tidy(() => { const y = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 100 + step); return { inputs: y.mul(0.5), targets: y }; });
  const r = await trainPix2pix(g, d, sample, { steps, log: false, ...(dir === '-' ? {} : { checkpointDir: dir, checkpointEverySeconds: 0 }) });
  const hex = (net) => Buffer.concat(net.getWeights().map((t) => Buffer.from(t.dataSync().buffer))).toString('hex');
  process.stdout.write(JSON.stringify({ resumedFromEpoch: r.history.resumedFromStep, epochs: r.stepsDone, weights: hex(g) + ':' + hex(d) }));
})();
`;
}

test('trainPix2pix killed -9 in the middle of a commit (generator renamed, discriminator and state not yet): the re-run resumes from one consistent step and ends byte-identical', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-ckcrash-'));
  try {
    const script = path.join(tmp, 'gan.js');
    fs.writeFileSync(script, ganScript());
    const straight = runTraining(script, '-', 6);
    assert.equal(straight.status, 0, straight.err);
    const dir = path.join(tmp, 'ckpt');
    const killed = runTraining(script, dir, 6, 'checkpoint-commit@3');
    assert.equal(killed.signal, 'SIGKILL', killed.err);
    assert.ok(fs.existsSync(path.join(dir, 'checkpoint-commit.json')));
    const resumed = runTraining(script, dir, 6);
    assert.equal(resumed.status, 0, resumed.err);
    assert.equal(resumed.out?.resumedFromEpoch, 3, 'the committed 3rd checkpoint (step 3) is finished and used');
    assert.equal(resumed.out?.epochs, 6);
    assert.equal(resumed.out?.weights, straight.out?.weights, 'generator and discriminator byte-identical');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/**
 * A child script: a tiny conv net trained by trainOnPatches for `steps` steps with a checkpoint after
 * every step; its sampler draws uniform and normal values (a cached Box–Muller spare, too) from the
 * loop's rng, as the SR and restoration samplers do. Prints the weights as hex.
 */
function patchesScript(backend: string): string {
  return `
const tf = require(${JSON.stringify(require.resolve('@tensorflow/tfjs'))});
const { selectBackend } = require(${JSON.stringify(path.join(dist, 'backend'))});
const { trainOnPatches } = require(${JSON.stringify(path.join(dist, 'models', 'sr', 'trainOnPatches'))});
(async () => {
  await selectBackend({ backend: ${JSON.stringify(backend)}, log: false });
  const [dir, steps] = [process.argv[2], Number(process.argv[3])];
  const net = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
  ] });
  const sample = (n, rng) => {
    const d = new Float32Array(n * 64).map(() => rng.next());
    const noise = new Float32Array(n * 64 + 1).map(() => 0.1 * rng.nextNormal()).subarray(0, n * 64);
    const y = tf.tensor4d(d, [n, 8, 8, 1]);
    return { x: tf.tidy(() => y.add(tf.tensor4d(noise, [n, 8, 8, 1]))), y };
  };
  let resumedAt = 0;
  const log = (m) => { const r = / at step (\\d+) /.exec(m); if (m.includes('resumed from') && r) resumedAt = Number(r[1]); };
  const r = await trainOnPatches(net, sample, { steps, batchSize: 3, lr: 0.01, logEvery: 4, log, ...(dir === '-' ? {} : { checkpointDir: dir, checkpointEverySteps: 1 }) });
  const bytes = Buffer.concat(net.getWeights().map((t) => Buffer.from(t.dataSync().buffer)));
  process.stdout.write(JSON.stringify({ resumedFromEpoch: resumedAt, epochs: r.stepsDone, weights: bytes.toString('hex'), history: r.history.map((h) => h.loss) }));
})();
`;
}

for (const [crash, what, resumedAt] of [
  ['checkpoint@16', 'while a file of the 3rd checkpoint is half written (before the commit)', 2],
  ['checkpoint-commit@3', 'in the middle of the 3rd commit (journal written, one rename done)', 3],
] as const) {
  test(`trainOnPatches (train:sr, train:enhance) killed -9 ${what}: the re-run resumes at step ${resumedAt} with the sampling stream where it was, and ends byte-identical to an uninterrupted run (cpu)`, async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-ckcrash-'));
    try {
      const script = path.join(tmp, 'patches.js');
      fs.writeFileSync(script, patchesScript('cpu'));
      const straight = runTraining(script, '-', 10);
      assert.equal(straight.status, 0, straight.err);
      const dir = path.join(tmp, 'ckpt');
      const killed = runTraining(script, dir, 10, crash);
      assert.equal(killed.signal, 'SIGKILL', `the hook killed the run (${killed.status}, ${killed.err})`);
      const left = listAll(dir);
      if (crash.startsWith('checkpoint-commit')) assert.ok(left.includes('checkpoint-commit.json'), left.join(' '));
      else assert.ok(left.some((n) => n.endsWith('.ckpt-tmp')) && !left.includes('checkpoint-commit.json'), left.join(' '));
      const resumed = runTraining(script, dir, 10);
      assert.equal(resumed.status, 0, resumed.err);
      const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as { stepsDone: number; history: Array<{ step: number }> };
      assert.equal(state.stepsDone, 10, 'the final checkpoint is of step 10');
      assert.equal(resumed.out?.resumedFromEpoch, resumedAt);
      assert.equal(resumed.out?.epochs, 10);
      assert.equal(resumed.out?.weights, straight.out?.weights, 'final weights byte-identical');
      // the logged losses too: the partial sum since the last record is checkpointed with the stream
      assert.deepEqual((resumed.out as unknown as { history: number[] }).history, (straight.out as unknown as { history: number[] }).history);
      assert.deepEqual(listAll(dir).filter((n) => n.endsWith('.ckpt-tmp') || n.startsWith('checkpoint-commit')), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
