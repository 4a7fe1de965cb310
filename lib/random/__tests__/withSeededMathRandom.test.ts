import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { withSeededMathRandom } from '../withSeededMathRandom';
import { layerSeed } from '../layerSeed';

test('an unseeded tfjs dropout inside withSeededMathRandom draws the same mask for the same seeds and another for other seeds', () => {
  const x = tf.ones([64, 64]);
  const mask = (seeds: number[]): Float32Array => withSeededMathRandom(seeds, () => tf.tidy(() => tf.dropout(x, 0.5).dataSync() as Float32Array));
  const a = mask([0, 3, 7]);
  const b = mask([0, 3, 7]);
  const c = mask([0, 3, 8]);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  // A real dropout mask: about half the units kept (×2), the rest zero.
  const kept = a.filter((v) => v === 2).length;
  assert.equal(kept + a.filter((v) => v === 0).length, a.length);
  assert.ok(Math.abs(kept / a.length - 0.5) < 0.05, `kept share ${kept / a.length}`);
  x.dispose();
});

test('withSeededMathRandom restores Math.random, also after a throw, and refuses asynchronous functions and bad seeds', async () => {
  const original = Math.random;
  assert.equal(withSeededMathRandom([1], () => Math.random()), withSeededMathRandom([1], () => Math.random()));
  assert.equal(Math.random, original);
  assert.throws(() => withSeededMathRandom([1], () => { throw new Error('inside'); }), /inside/);
  assert.equal(Math.random, original);
  assert.throws(() => withSeededMathRandom([1], async () => 1), /synchronous/);
  assert.equal(Math.random, original);
  assert.throws(() => withSeededMathRandom([Number.NaN], () => 1), /finite/);
  // Seeds that differ only in their fractional part are different seeds.
  assert.notEqual(withSeededMathRandom([0.5], () => Math.random()), withSeededMathRandom([0], () => Math.random()));
});

test('tfjs treats a normal initializer seed of 0 as unseeded; layerSeed(0) gives a fixed seed', () => {
  const draw = (seed: number): Float32Array => tf.tidy(() => tf.initializers.heNormal({ seed }).apply([16, 16]).dataSync() as Float32Array);
  assert.notDeepEqual(draw(0), draw(0), 'if tfjs now honours seed 0, layerSeed can map 0 to itself');
  assert.deepEqual(draw(layerSeed(0)), draw(layerSeed(0)));
  assert.deepEqual(draw(layerSeed(5)), draw(5));
  assert.notDeepEqual(draw(layerSeed(0)), draw(layerSeed(1)));
  assert.throws(() => layerSeed(Number.POSITIVE_INFINITY), /finite/);
});
