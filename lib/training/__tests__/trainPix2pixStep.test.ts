import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildPatchGan, buildPix2pixGenerator } from '../../models/gan';
import { createPix2pixOptimizers, trainPix2pixStep } from '../trainPix2pixStep';
import { trainPix2pix } from '../trainPix2pix';

/** A fixed tiny batch: targets are a smooth pattern, inputs the same pattern darkened and shifted. */
function tinyBatch(): { inputs: tf.Tensor4D; targets: tf.Tensor4D } {
  return tf.tidy(() => {
    const y = tf.randomUniform([2, 16, 16, 3], -0.8, 0.8, 'float32', 11) as tf.Tensor4D;
    return { inputs: y.mul(0.5).sub(0.2) as tf.Tensor4D, targets: y };
  });
}

test('trainPix2pixStep (pix2pix): L1 falls on a tiny batch, losses sane, no tensor leak', () => {
  const g = buildPix2pixGenerator({ filters: [8, 16, 16], dropout: 0, seed: 1 });
  const d = buildPatchGan({ filters: [4, 8, 8, 8], seed: 2 });
  const batch = tinyBatch();
  const opt = createPix2pixOptimizers({ lr: 2e-3 });
  trainPix2pixStep(g, d, opt, batch); // creates the Adam slots
  const before = tf.memory().numTensors;
  const first = trainPix2pixStep(g, d, opt, batch);
  let last = first;
  for (let i = 0; i < 15; i++) last = trainPix2pixStep(g, d, opt, batch);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(last.gL1 < 0.85 * first.gL1, `L1 ${first.gL1} → ${last.gL1}`);
  for (const l of [first, last]) {
    assert.ok(l.dLoss > 0 && Number.isFinite(l.dLoss));
    assert.ok(l.dReal > 0 && l.dReal < 1 && l.dFake > 0 && l.dFake < 1);
    assert.ok(Math.abs(l.gTotal - (l.gGan + 100 * l.gL1)) < 1e-2 * l.gTotal);
  }
  // At initialisation D is at chance: each BCE term ≈ ln 2.
  assert.ok(Math.abs(first.dLoss - Math.LN2) < 0.3, `initial D loss ${first.dLoss}`);
  tf.dispose([batch.inputs, batch.targets]);
  opt.generator.dispose();
  opt.discriminator?.dispose();
  g.dispose();
  d.dispose();
});

test('trainPix2pixStep (l1): only the generator, L1 falls, D-side losses NaN', () => {
  const g = buildPix2pixGenerator({ filters: [8, 16, 16], dropout: 0, seed: 1 });
  const batch = tinyBatch();
  const opt = createPix2pixOptimizers({ lr: 2e-3, withDiscriminator: false });
  const first = trainPix2pixStep(g, null, opt, batch, { mode: 'l1' });
  let last = first;
  for (let i = 0; i < 15; i++) last = trainPix2pixStep(g, null, opt, batch, { mode: 'l1' });
  assert.ok(last.gL1 < 0.85 * first.gL1, `L1 ${first.gL1} → ${last.gL1}`);
  assert.ok(Number.isNaN(last.dLoss) && Number.isNaN(last.gGan));
  assert.ok(Math.abs(last.gTotal - 100 * last.gL1) < 1e-3 * last.gTotal);
  tf.dispose([batch.inputs, batch.targets]);
  opt.generator.dispose();
  g.dispose();
});

test('trainPix2pixStep: errors name the problem; inputs unchanged', () => {
  const g = buildPix2pixGenerator({ filters: [4, 8] });
  const opt = createPix2pixOptimizers({ withDiscriminator: false });
  const batch = tinyBatch();
  const copy = batch.inputs.dataSync().slice();
  assert.throws(() => trainPix2pixStep(g, null, opt, batch), /mode 'pix2pix' needs a discriminator/);
  assert.throws(() => trainPix2pixStep(g, null, opt, batch, { mode: 'gan' as 'l1' }), /options\.mode must be 'pix2pix' or 'l1', got gan/);
  assert.throws(() => trainPix2pixStep(g, null, opt, batch, { mode: 'l1', lambdaL1: -1 }), /options\.lambdaL1 must be a finite number ≥ 0, got -1/);
  const bad = { inputs: batch.inputs, targets: tf.zeros([2, 8, 8, 3]) as tf.Tensor4D };
  assert.throws(() => trainPix2pixStep(g, null, opt, bad, { mode: 'l1' }), /same shape/);
  assert.throws(() => createPix2pixOptimizers({ lr: 0 }), /options\.lr must be in \(0, 1\), got 0/);
  trainPix2pixStep(g, null, opt, batch, { mode: 'l1' });
  assert.deepEqual(batch.inputs.dataSync(), copy);
  tf.dispose([batch.inputs, batch.targets, bad.targets]);
  opt.generator.dispose();
  g.dispose();
});

test('trainPix2pix: checkpoints and resumes to the same weights as an uninterrupted run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p2p-'));
  try {
    const sample = (step: number): { inputs: tf.Tensor4D; targets: tf.Tensor4D } =>
      tf.tidy(() => {
        const y = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 100 + step) as tf.Tensor4D;
        return { inputs: y.mul(0.5) as tf.Tensor4D, targets: y };
      });
    const make = (): [tf.LayersModel, tf.LayersModel] => [buildPix2pixGenerator({ filters: [4, 8], dropout: 0, seed: 5 }), buildPatchGan({ filters: [2, 2, 2, 2], norm: 'none', seed: 6 })];
    const [g1, d1] = make();
    const full = await trainPix2pix(g1, d1, sample, { steps: 4, log: false, logEvery: 2, validateEvery: 2, validate: () => ({ v: 1 }) });
    assert.equal(full.stepsDone, 4);
    assert.deepEqual(full.history.log.map((r) => r.step), [2, 4]);
    assert.deepEqual(full.history.validation.map((r) => r.step), [0, 2, 4]);
    const [g2, d2] = make();
    await trainPix2pix(g2, d2, sample, { steps: 2, log: false, checkpointDir: dir });
    assert.ok(fs.existsSync(path.join(dir, 'gan-state.json')));
    const [g3, d3] = make();
    const resumed = await trainPix2pix(g3, d3, sample, { steps: 4, log: false, checkpointDir: dir });
    assert.equal(resumed.history.resumedFromStep, 2);
    const w1 = g1.getWeights().map((t) => t.dataSync());
    const w3 = g3.getWeights().map((t) => t.dataSync());
    w1.forEach((a, i) => a.forEach((v, k) => assert.ok(Math.abs(v - w3[i]![k]!) < 1e-5)));
    await assert.rejects(trainPix2pix(g3, null, sample, { steps: 5, log: false, checkpointDir: dir, mode: 'l1' }), /written in mode 'pix2pix'/);
    [g1, d1, g2, d2, g3, d3].forEach((m) => m.dispose());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('trainPix2pixStep with randomSeeds: the generator\'s dropout is reproducible, and other seeds give other updates', () => {
  const run = (seeds: number[]): Buffer => {
    const g = buildPix2pixGenerator({ filters: [8, 16, 16], dropout: 0.5, dropoutBlocks: 2, seed: 1 });
    const d = buildPatchGan({ filters: [4, 8, 8, 8], seed: 2 });
    const batch = tinyBatch();
    const opt = createPix2pixOptimizers({ lr: 2e-3 });
    for (let i = 0; i < 3; i++) trainPix2pixStep(g, d, opt, batch, { randomSeeds: [...seeds, i] });
    const bytes = Buffer.concat(g.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer)));
    tf.dispose([batch.inputs, batch.targets]);
    opt.generator.dispose();
    opt.discriminator?.dispose();
    g.dispose();
    d.dispose();
    return bytes;
  };
  const a = run([7]);
  assert.ok(a.equals(run([7])), 'same seeds, same weights');
  assert.ok(!a.equals(run([8])), 'the dropout masks do depend on the seeds');
});
