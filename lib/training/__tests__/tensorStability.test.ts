import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildPatchGan, buildPix2pixGenerator } from '../../models/gan';
import { trainOnPatches } from '../../models/sr/trainOnPatches';
import { createRng } from '../../random';
import { createArrayBatches } from '../createArrayBatches';
import { trainModel } from '../trainModel';
import { trainPix2pix } from '../trainPix2pix';

/**
 * Tensor count over 200 steps of each training loop (issue 15): sampled at the same point of every
 * step, it must not change after a warm-up of 20 steps (optimizer slots, the kept best weights), including
 * across epochs with validation, checkpoints and logging. A leak of one tensor per step would show
 * as a count growing by ~200.
 */

const STEPS = 200;

function assertFlat(counts: number[], label: string): void {
  assert.equal(counts.length, STEPS, `${label}: ${counts.length} steps sampled`);
  // Warm-up: Adam creates its slots at the first step, trainModel keeps a copy of the best weights from the end of epoch 1.
  const settled = counts.slice(20);
  const min = Math.min(...settled);
  const max = Math.max(...settled);
  assert.equal(max, min, `${label}: tensor count varies from ${min} to ${max} over steps 21–${STEPS} (first ${counts.slice(0, 8).join(', ')}, last ${counts.slice(-3).join(', ')})`);
}

test(`trainModel: tensor count stable over ${STEPS} steps (20 epochs × 10 batches, with validation and a checkpoint per epoch)`, async () => {
  await tf.setBackend('cpu');
  const rng = createRng(1);
  const n = 160;
  const x = new Float32Array(2 * n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.nextNormal();
    x[2 * i + 1] = rng.nextNormal();
    y.push((x[2 * i] as number) > 0 ? 1 : 0);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-leak-'));
  const net = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
  try {
    const counts: number[] = [];
    const stream = createArrayBatches(x, y, [2], { batchSize: 16, shuffle: true, seed: 2 });
    const before = tf.memory().numTensors;
    await trainModel(net, stream, { numEpochs: 20, lr: 0.01, log: false, valData: stream, earlyStopping: false, checkpointDir: dir, onBatchEnd: () => counts.push(tf.memory().numTensors) });
    assertFlat(counts, 'trainModel');
    assert.equal(tf.memory().numTensors, before, 'nothing left after the run');
  } finally {
    net.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const mode of ['pix2pix', 'l1'] as const) {
  test(`trainPix2pix (${mode}): tensor count stable over ${STEPS} steps (with logging, validation and checkpoints)`, async () => {
    await tf.setBackend('cpu');
    const g = buildPix2pixGenerator({ filters: [4, 8], dropout: 0, seed: 5 });
    const d = mode === 'pix2pix' ? buildPatchGan({ filters: [2, 2, 2, 2], norm: 'none', seed: 6 }) : null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-leak-'));
    try {
      const counts: number[] = [];
      const before = tf.memory().numTensors;
      const sample = (step: number): { inputs: tf.Tensor4D; targets: tf.Tensor4D } => {
        counts.push(tf.memory().numTensors);
        return tf.tidy(() => {
          const t = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 100 + step) as tf.Tensor4D;
          return { inputs: t.mul(0.5) as tf.Tensor4D, targets: t };
        });
      };
      await trainPix2pix(g, d, sample, { mode, steps: STEPS, log: false, logEvery: 10, validateEvery: 50, validate: () => ({ v: 1 }), checkpointDir: dir, checkpointEverySeconds: 0.05 });
      assertFlat(counts, `trainPix2pix ${mode}`);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      g.dispose();
      d?.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test(`trainOnPatches (train:sr, train:enhance): tensor count stable over ${STEPS} steps`, async () => {
  await tf.setBackend('cpu');
  const net = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' })] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-leak-'));
  try {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await trainOnPatches(
      net,
      (batchSize, rng) => {
        counts.push(tf.memory().numTensors);
        const data = new Float32Array(batchSize * 64);
        for (let i = 0; i < data.length; i++) data[i] = rng.next();
        const x = tf.tensor4d(data, [batchSize, 8, 8, 1]);
        return { x, y: tf.tidy(() => x.mul(0.5)) };
      },
      { steps: STEPS, batchSize: 4, log: false, logEvery: 10, validateEvery: 50, validate: () => ({ v: 1 }), checkpointDir: dir, checkpointEverySeconds: 0.05 },
    );
    assertFlat(counts, 'trainOnPatches');
    assert.equal(tf.memory().numTensors, before);
  } finally {
    net.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
