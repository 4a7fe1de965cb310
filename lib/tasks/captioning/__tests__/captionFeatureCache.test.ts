import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createImage } from '../../../image';
import { readImage } from '../../../io/readImage';
import { writeImage } from '../../../io/writeImage';
import { cacheCaptionFeatures } from '../cacheCaptionFeatures';
import { openCaptionFeatureCache } from '../openCaptionFeatureCache';
import { shardName, type CaptionFeatureCacheMeta } from '../CaptionFeatureCache';
import { imageToEncoderInput } from '../imageToEncoderInput';
import type { CaptionEncoder } from '../loadCaptionEncoder';

const SIZE = 14;
const C = 5;
const PER = 49 * C;

/** A CaptionEncoder-shaped stand-in: one strided conv, `[n, 14, 14, 3]` → `[n, 7, 7, 5]`. */
function fakeEncoder(seed = 3): CaptionEncoder {
  const net = tf.sequential({
    layers: [tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: C, kernelSize: 2, strides: 2, kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'ones' })],
  });
  return { id: 'mobilenetv2-035-224', net, inputSize: SIZE, regions: 49, featureDim: C, dir: '(test)', dispose: () => net.dispose() };
}

/** An encoder that must not be called (to prove that complete shards are skipped). */
function refusingEncoder(): CaptionEncoder {
  const e = fakeEncoder();
  e.net.predict = () => {
    throw new Error('the encoder was called');
  };
  return e;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-capcache-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Five small photos of different sizes (one grey), written as PNG. */
async function photos(dir: string): Promise<string[]> {
  const shapes: [number, number, 1 | 3][] = [
    [20, 16, 3],
    [14, 14, 3],
    [9, 30, 3],
    [28, 28, 1],
    [15, 11, 3],
  ];
  const files: string[] = [];
  for (const [k, [w, h, ch]] of shapes.entries()) {
    const data = Float32Array.from({ length: w * h * ch }, (_, i) => 0.5 + 0.45 * Math.sin(0.37 * i + k * 1.3));
    const file = path.join(dir, `photo-${k}.png`);
    await writeImage(file, createImage(w, h, ch, data));
    files.push(file);
  }
  return files;
}

/** The encoder's regions for each file, computed directly (float32). */
async function expected(encoder: CaptionEncoder, files: string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const f of files) {
    const x = imageToEncoderInput(await readImage(f, { channels: 3 }), SIZE);
    const y = tf.tidy(() => encoder.net.predict(tf.tensor4d(x, [1, SIZE, SIZE, 3])) as tf.Tensor);
    out.push((await y.data()) as Float32Array);
    y.dispose();
  }
  return out;
}

/** |cached − exact| within binary16 rounding: half an ulp, relative 2^-11 (normal) or 2^-25 (subnormal). */
function assertHalfClose(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, what);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const err = Math.abs((got[i] as number) - w);
    assert.ok(err <= Math.abs(w) * 2 ** -11 + 2 ** -25, `${what}[${i}]: ${got[i]} vs ${w}`);
    worst = Math.max(worst, err);
  }
  assert.ok(worst > 0, `${what}: stored in half precision, so some value must have moved`);
}

test('cacheCaptionFeatures → openCaptionFeatureCache: shards of the documented layout, values within float16 precision, any row order; no tensor leak', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const files = await photos(dir);
    const encoder = fakeEncoder();
    const want = await expected(encoder, files);
    const cacheDir = path.join(dir, 'cache');
    const progress: [number, number][] = [];
    const before = tf.memory().numTensors;
    const r = await cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2, batchSize: 3, onProgress: (d, t) => progress.push([d, t]) });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual({ ...r, seconds: 0 }, { dir: cacheDir, images: 5, shards: 3, computed: 3, seconds: 0 });
    assert.deepEqual(progress, [[2, 5], [4, 5], [5, 5]]);
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), ['meta.json', shardName(0), shardName(1), shardName(2)], 'no temporary file left');
    assert.equal(shardName(12), 'shard-00012.f16');
    assert.deepEqual([0, 1, 2].map((s) => fs.statSync(path.join(cacheDir, shardName(s))).size), [2 * PER * 2, 2 * PER * 2, PER * 2]);
    const meta = JSON.parse(fs.readFileSync(path.join(cacheDir, 'meta.json'), 'utf8')) as CaptionFeatureCacheMeta;
    assert.deepEqual(meta, { format: 'tounum-caption-features', version: 1, encoder: 'mobilenetv2-035-224', regions: 49, featureDim: C, dtype: 'float16', shardSize: 2, ids: files.map((f) => path.basename(f)) });

    const cache = openCaptionFeatureCache(cacheDir);
    assert.deepEqual(cache.meta, meta);
    assert.equal(cache.rowOf('photo-3.png'), 3);
    assert.equal(cache.rowOf('nope.png'), -1);
    for (let i = 0; i < 5; i++) assertHalfClose(cache.read([i]), want[i] as Float32Array, `row ${i}`);
    const block = cache.read([4, 0, 2, 2]);
    assert.equal(block.length, 4 * PER);
    [4, 0, 2, 2].forEach((row, k) => assertHalfClose(block.subarray(k * PER, (k + 1) * PER), want[row] as Float32Array, `block ${k}`));
    const out = new Float32Array(2 * PER);
    assert.equal(cache.read([1, 3], out), out, 'reads into the given buffer');
    assert.throws(() => cache.read([5]), { name: 'RangeError', message: 'CaptionFeatureCache.read: row 5 is outside [0, 5)' });
    assert.throws(() => cache.read([-1]), { name: 'RangeError', message: /row -1 is outside/ });
    assert.throws(() => cache.read([0], new Float32Array(3)), { name: 'RangeError', message: `CaptionFeatureCache.read: out has 3 values, expected ${PER}` });
    cache.close();
    encoder.dispose();
  }));

test('cacheCaptionFeatures resumes: complete shards are kept without running the encoder; a missing or truncated shard is redone and detected by open', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const files = await photos(dir);
    const encoder = fakeEncoder();
    const want = await expected(encoder, files);
    const cacheDir = path.join(dir, 'cache');
    await cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2 });
    const shard = (s: number): string => path.join(cacheDir, shardName(s));
    const bytes = [0, 1, 2].map((s) => fs.readFileSync(shard(s)));

    // Everything complete: the encoder is not called at all.
    const idle = refusingEncoder();
    const progress: number[] = [];
    const again = await cacheCaptionFeatures(idle, files, cacheDir, { shardSize: 2, onProgress: (d) => progress.push(d) });
    assert.equal(again.computed, 0);
    assert.deepEqual(progress, [2, 4, 5], 'complete shards count in the progress');

    // A missing shard: only that one is computed; the others are left as they were.
    fs.rmSync(shard(1));
    assert.throws(() => openCaptionFeatureCache(cacheDir), { message: `openCaptionFeatureCache: ${shard(1)} is missing or incomplete; run cacheCaptionFeatures again to finish the cache` });
    await assert.rejects(cacheCaptionFeatures(idle, files, cacheDir, { shardSize: 2 }), /the encoder was called/, 'the missing shard needs the encoder');
    assert.equal((await cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2 })).computed, 1);
    assert.deepEqual([0, 1, 2].map((s) => fs.readFileSync(shard(s))), bytes);

    // A truncated (interrupted) shard: open refuses it, the next run redoes it.
    fs.truncateSync(shard(2), PER);
    assert.throws(() => openCaptionFeatureCache(cacheDir), { message: /shard-00002\.f16 is missing or incomplete/ });
    assert.equal((await cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2 })).computed, 1);
    const cache = openCaptionFeatureCache(cacheDir);
    assertHalfClose(cache.read([4]), want[4] as Float32Array, 'redone row 4');
    cache.close();
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), ['meta.json', shardName(0), shardName(1), shardName(2)]);
    idle.dispose();
    encoder.dispose();
  }));

test('cacheCaptionFeatures refuses a folder holding a cache for another image list, shard size or encoder, and leaves it intact', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const files = await photos(dir);
    const encoder = fakeEncoder();
    const cacheDir = path.join(dir, 'cache');
    await cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2 });
    const metaBefore = fs.readFileSync(path.join(cacheDir, 'meta.json'), 'utf8');
    const refused = { message: `cacheCaptionFeatures: ${cacheDir} holds a cache for another encoder or image list (mobilenetv2-035-224, 5 images); use another folder` };
    await assert.rejects(cacheCaptionFeatures(encoder, [...files].reverse(), cacheDir, { shardSize: 2 }), refused);
    await assert.rejects(cacheCaptionFeatures(encoder, files.slice(0, 4), cacheDir, { shardSize: 2 }), refused);
    await assert.rejects(cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 2, ids: ['a', 'b', 'c', 'd', 'e'] }), refused);
    await assert.rejects(cacheCaptionFeatures(encoder, files, cacheDir, { shardSize: 3 }), refused);
    const other = { ...fakeEncoder(4), id: 'mobilenetv2-100-224' as const };
    await assert.rejects(cacheCaptionFeatures(other, files, cacheDir, { shardSize: 2 }), refused);
    other.dispose();
    assert.equal(fs.readFileSync(path.join(cacheDir, 'meta.json'), 'utf8'), metaBefore);
    // Explicit ids are what the cache is keyed by.
    const byIds = path.join(dir, 'by-ids');
    await cacheCaptionFeatures(encoder, files, byIds, { ids: ['a', 'b', 'c', 'd', 'e'], shardSize: 8 });
    const cache = openCaptionFeatureCache(byIds);
    assert.equal(cache.rowOf('d'), 3);
    assert.equal(cache.rowOf('photo-3.png'), -1);
    cache.close();
    encoder.dispose();
  }));

test('cacheCaptionFeatures / openCaptionFeatureCache: errors name the file, folder or option', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const files = await photos(dir);
    const encoder = fakeEncoder();
    const bad = path.join(dir, 'notes.jpg');
    fs.writeFileSync(bad, 'shopping list: eggs, flour\n');
    const before = tf.memory().numTensors;
    await assert.rejects(cacheCaptionFeatures(encoder, [files[0] as string, bad], path.join(dir, 'c1')), { message: new RegExp(`^cacheCaptionFeatures: cannot read ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `) });
    assert.equal(tf.memory().numTensors, before);
    await assert.rejects(cacheCaptionFeatures(encoder, [], path.join(dir, 'c2')), { name: 'RangeError', message: 'cacheCaptionFeatures: files must be a non-empty array of paths' });
    await assert.rejects(cacheCaptionFeatures(encoder, files, path.join(dir, 'c2'), { shardSize: 0 }), { name: 'RangeError', message: 'cacheCaptionFeatures: options.shardSize must be a positive integer, got 0' });
    await assert.rejects(cacheCaptionFeatures(encoder, files, path.join(dir, 'c2'), { batchSize: 1.5 }), { name: 'RangeError', message: 'cacheCaptionFeatures: options.batchSize must be a positive integer, got 1.5' });
    await assert.rejects(cacheCaptionFeatures(encoder, files, path.join(dir, 'c2'), { ids: ['a'] }), { name: 'RangeError', message: 'cacheCaptionFeatures: options.ids has 1 entries for 5 files' });
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    assert.throws(() => openCaptionFeatureCache(empty), { message: new RegExp(`^openCaptionFeatureCache: ${path.join(empty, 'meta.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read .*; run cacheCaptionFeatures first$`) });
    fs.writeFileSync(path.join(empty, 'meta.json'), JSON.stringify({ format: 'something-else', dtype: 'float16' }));
    assert.throws(() => openCaptionFeatureCache(empty), { message: `openCaptionFeatureCache: ${path.join(empty, 'meta.json')} is not a tounum caption feature cache` });
    encoder.dispose();
  }));
