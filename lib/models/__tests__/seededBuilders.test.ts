import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildUnet } from '../unet/buildUnet';
import { buildSrNetwork } from '../sr/buildSrNetwork';
import { buildScratchCnn } from '../classifier/buildScratchCnn';
import { buildTransferHead } from '../classifier/buildTransferHead';
import { buildPix2pixGenerator } from '../gan/buildPix2pixGenerator';
import { buildPatchGan } from '../gan/buildPatchGan';
import { buildLineShiftNet } from '../../networks/buildLineShiftNet';
import { buildVhsResidualNet } from '../../networks/buildVhsResidualNet';

/** Every weight of a model, concatenated as bytes. */
function weightBytes(m: tf.LayersModel): Buffer {
  return Buffer.concat(m.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).buffer)));
}

const builders: [string, (seed: number) => tf.LayersModel][] = [
  ['buildUnet', (seed) => buildUnet({ filters: [4, 8], seed })],
  ['buildSrNetwork', (seed) => buildSrNetwork(2, { features: 8, mapping: 4, mappingLayers: 1, seed })],
  ['buildScratchCnn', (seed) => buildScratchCnn({ inputSize: 32, filters: [4, 8], denseUnits: 8, seed })],
  ['buildTransferHead', (seed) => buildTransferHead({ inputDim: 16, hiddenUnits: 8, seed })],
  ['buildPix2pixGenerator', (seed) => buildPix2pixGenerator({ filters: [4, 8, 8], seed })],
  ['buildPatchGan', (seed) => buildPatchGan({ filters: [4, 8, 8, 8], seed })],
  ['buildLineShiftNet', (seed) => buildLineShiftNet({ seed })],
  ['buildVhsResidualNet', (seed) => buildVhsResidualNet({ width: 4, depth: 2, seed })],
];

for (const [name, build] of builders) {
  test(`${name}: two builds with the default seed 0 have identical weights; seed 1 gives others`, () => {
    const [a, b, c] = [build(0), build(0), build(1)];
    try {
      assert.ok(weightBytes(a).equals(weightBytes(b)), 'seed 0 must be a fixed seed');
      assert.ok(!weightBytes(a).equals(weightBytes(c)), 'another seed gives other weights');
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });
}
