import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { restoreFrame } from '..';
import { createImage, type Image } from '../../image';
import { buildPix2pixGenerator } from '../../models/gan';

function pattern(w: number, h: number, c: 1 | 3 = 3): Image {
  const d = new Float32Array(w * h * c);
  for (let i = 0; i < d.length; i++) {
    const p = Math.floor(i / c);
    const x = p % w;
    const y = Math.floor(p / w);
    d[i] = 0.5 + 0.4 * Math.sin(x / 3 + (i % c)) * Math.cos(y / 5);
  }
  return createImage(w, h, c, d);
}

/** A 3-level generator with a small receptive field, so 16 px of overlap covers it. */
function net(): tf.LayersModel {
  return buildPix2pixGenerator({ filters: [4, 4, 4], dropout: 0, seed: 7 });
}

test('restoreFrame: tiled equals whole-image restoration away from the image border', () => {
  const g = net();
  const img = pattern(70, 53);
  const before = tf.memory().numTensors;
  const whole = restoreFrame(img, g, { tile: 1024, overlap: 0, sizeMultiple: 8 });
  const tiled = restoreFrame(img, g, { tile: 16, overlap: 16, sizeMultiple: 8 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(tiled.width, 70);
  assert.equal(tiled.height, 53);
  let maxInner = 0;
  for (let y = 0; y < 40; y++) {
    for (let x = 0; x < 56; x++) {
      for (let k = 0; k < 3; k++) {
        const i = (y * 70 + x) * 3 + k;
        maxInner = Math.max(maxInner, Math.abs(whole.data[i]! - tiled.data[i]!));
      }
    }
  }
  assert.ok(maxInner < 1e-5, `max difference ${maxInner}`);
  // Without context the seams show: the test can fail.
  const noOverlap = restoreFrame(img, g, { tile: 16, overlap: 0, sizeMultiple: 8 });
  let maxSeam = 0;
  for (let i = 0; i < whole.data.length; i++) maxSeam = Math.max(maxSeam, Math.abs(whole.data[i]! - noOverlap.data[i]!));
  assert.ok(maxSeam > 1e-3);
  g.dispose();
});

test('restoreFrame: odd and tiny sizes, grey input, values in [0, 1], input unchanged', () => {
  const g = net();
  for (const [w, h] of [[1, 1], [3, 17], [33, 9]] as const) {
    const img = pattern(w, h);
    const copy = img.data.slice();
    const out = restoreFrame(img, g, { sizeMultiple: 8 });
    assert.deepEqual([out.width, out.height, out.channels], [w, h, 3]);
    assert.ok(out.data.every((v) => v >= 0 && v <= 1));
    assert.deepEqual(img.data, copy);
  }
  const grey = restoreFrame(pattern(20, 12, 1), g, { sizeMultiple: 8 });
  assert.equal(grey.channels, 1);
  g.dispose();
});

test('restoreFrame: an identity generator returns the input; 720×576 PAL frames come out at 768×576', () => {
  const g = buildPix2pixGenerator({ filters: [2, 2], residual: true, dropout: 0 });
  const img = pattern(45, 31);
  const out = restoreFrame(img, g, { sizeMultiple: 4, tile: 32, overlap: 4 });
  for (let i = 0; i < img.data.length; i++) assert.ok(Math.abs(out.data[i]! - img.data[i]!) < 1e-5);
  const pal = restoreFrame(createImage(720, 576, 3, new Float32Array(720 * 576 * 3).fill(0.5)), g, { sizeMultiple: 4 });
  assert.deepEqual([pal.width, pal.height], [768, 576]);
  assert.ok(Math.abs(pal.data[1000]! - 0.5) < 1e-4);
  const kept = restoreFrame(createImage(720, 576, 3), g, { sizeMultiple: 4, pal: 'off' });
  assert.equal(kept.width, 720);
  g.dispose();
});

test('restoreFrame: errors name the option', () => {
  const g = net();
  const img = pattern(8, 8);
  assert.throws(() => restoreFrame(img, g, { tile: 0 }), /options\.tile must be a positive integer \(pixels\), got 0/);
  assert.throws(() => restoreFrame(img, g, { overlap: -1 }), /options\.overlap must be a non-negative integer \(pixels\), got -1/);
  assert.throws(() => restoreFrame(img, g, { pal: 'ntsc' as 'auto' }), /options\.pal must be 'auto' or 'off', got ntsc/);
  assert.throws(() => restoreFrame(img, {} as tf.LayersModel), /generator must be a tf\.LayersModel/);
  assert.throws(() => restoreFrame({ width: 2 } as Image, g), TypeError);
  g.dispose();
});
