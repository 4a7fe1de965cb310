import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../random/createRng';
import { sampleCaptionBatches, type CaptionBatch, type EncodedCaption } from '../sampleCaptionBatches';
import { END_ID, PAD_ID, START_ID } from '../Vocabulary';

/** `count` captions of 1–12 words (ids 4…), image row = index mod 7. */
function captions(count: number, seed: number): EncodedCaption[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const words = 1 + rng.nextInt(12);
    return { row: i % 7, ids: Int32Array.from([START_ID, ...Array.from({ length: words }, () => 4 + rng.nextInt(50)), END_ID]) };
  });
}

/** The captions of a batch, recovered from its inputs, targets and mask (checking the layout on the way). */
function unpack(batch: CaptionBatch): { row: number; ids: number[] }[] {
  const b = batch.rows.length;
  assert.equal(batch.inputs.length, b * batch.steps);
  assert.equal(batch.targets.length, b * batch.steps);
  assert.equal(batch.mask.length, b * batch.steps);
  let longest = 0;
  const out = batch.rows.map((row, k) => {
    const off = k * batch.steps;
    let n = 0;
    while (n < batch.steps && batch.mask[off + n] === 1) n++;
    for (let t = n; t < batch.steps; t++) {
      assert.equal(batch.mask[off + t], 0, 'padding after the caption only');
      assert.equal(batch.inputs[off + t], PAD_ID);
      assert.equal(batch.targets[off + t], PAD_ID);
    }
    assert.equal(batch.inputs[off], START_ID, 'inputs start with <start>');
    assert.equal(batch.targets[off + n - 1], END_ID, 'targets end with <end>');
    for (let t = 1; t < n; t++) assert.equal(batch.inputs[off + t], batch.targets[off + t - 1], 'inputs are the targets shifted right');
    longest = Math.max(longest, n);
    return { row, ids: [START_ID, ...Array.from(batch.targets.subarray(off, off + n))] };
  });
  assert.equal(batch.steps, longest, 'padded to the longest caption of the batch only');
  return out;
}

const key = (c: { row: number; ids: ArrayLike<number> }): string => `${c.row}:${Array.from(c.ids).join(',')}`;

test('sampleCaptionBatches: every caption exactly once, teacher-forcing layout, batches of batchSize but the last run', () => {
  const caps = captions(53, 1);
  const copy = caps.map((c) => ({ row: c.row, ids: c.ids.slice() }));
  const batches = sampleCaptionBatches(caps, { batchSize: 8, seed: 2 });
  assert.equal(batches.length, 7);
  assert.deepEqual(batches.map((b) => b.rows.length).sort((a, b) => a - b), [5, 8, 8, 8, 8, 8, 8]);
  const seen = batches.flatMap(unpack).map(key).sort();
  assert.deepEqual(seen, caps.map(key).sort());
  assert.deepEqual(caps, copy, 'input not mutated');
  // Batch inputs are typed arrays of the right kinds.
  for (const b of batches) assert.ok(b.inputs instanceof Int32Array && b.targets instanceof Int32Array && b.mask instanceof Float32Array);
});

test('sampleCaptionBatches: bucketed by length — batches cover disjoint, consecutive length ranges; the short run is the longest captions', () => {
  const caps = captions(200, 3);
  const batches = sampleCaptionBatches(caps, { batchSize: 16, seed: 5 });
  const ranges = batches
    .map((b) => {
      const lens = unpack(b).map((c) => c.ids.length);
      return { lo: Math.min(...lens), hi: Math.max(...lens), n: lens.length };
    })
    .sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  for (let k = 1; k < ranges.length; k++) assert.ok((ranges[k - 1] as { hi: number }).hi <= (ranges[k] as { lo: number }).lo, `overlapping buckets ${JSON.stringify(ranges)}`);
  const short = ranges.filter((r) => r.n !== 16);
  assert.equal(short.length, 1);
  assert.equal((short[0] as { n: number }).n, 200 % 16);
  assert.ok(ranges.every((r) => r.hi <= (short[0] as { lo: number }).lo), 'the short run holds the longest captions');
  // Padding is small: almost all positions are real.
  const real = batches.reduce((s, b) => s + b.mask.reduce((a, v) => a + v, 0), 0);
  const total = batches.reduce((s, b) => s + b.mask.length, 0);
  assert.ok(real / total > 0.9, `real share ${real / total}`);
});

test('sampleCaptionBatches: same seed and epoch give the same batches; another epoch or seed another order; shuffle false keeps the given order', () => {
  const caps = captions(120, 4);
  const a = sampleCaptionBatches(caps, { batchSize: 10, seed: 7, epoch: 2 });
  assert.deepEqual(sampleCaptionBatches(caps, { batchSize: 10, seed: 7, epoch: 2 }), a);
  const order = (bs: CaptionBatch[]): string[] => bs.flatMap(unpack).map(key);
  assert.notDeepEqual(order(sampleCaptionBatches(caps, { batchSize: 10, seed: 7, epoch: 3 })), order(a));
  assert.notDeepEqual(order(sampleCaptionBatches(caps, { batchSize: 10, seed: 8, epoch: 2 })), order(a));
  assert.deepEqual(sampleCaptionBatches(caps, { batchSize: 10 }), sampleCaptionBatches(caps, { batchSize: 10, seed: 0, epoch: 0 }), 'defaults: seed 0, epoch 0');
  // Without shuffling: ascending length, ties in the given order, runs not permuted.
  const fixed = sampleCaptionBatches(caps, { batchSize: 10, shuffle: false, seed: 99, epoch: 5 });
  const expected = caps.map((c, i) => ({ c, i })).sort((x, y) => x.c.ids.length - y.c.ids.length || x.i - y.i).map((x) => key(x.c));
  assert.deepEqual(order(fixed), expected);
  assert.deepEqual(sampleCaptionBatches(caps, { batchSize: 10, shuffle: false }), fixed, 'seed and epoch do not matter without shuffling');
  // Default batch size 64.
  assert.deepEqual(sampleCaptionBatches(caps, { shuffle: false }).map((b) => b.rows.length), [64, 56]);
});

test('sampleCaptionBatches: no captions, no batches; errors name the parameter', () => {
  assert.deepEqual(sampleCaptionBatches([]), []);
  const one: EncodedCaption[] = [{ row: 3, ids: Int32Array.from([START_ID, END_ID]) }];
  const [b] = sampleCaptionBatches(one);
  assert.deepEqual(b, { rows: [3], steps: 1, inputs: Int32Array.from([START_ID]), targets: Int32Array.from([END_ID]), mask: Float32Array.from([1]) });
  for (const batchSize of [0, 2.5, -1, Number.NaN]) assert.throws(() => sampleCaptionBatches(one, { batchSize }), { name: 'RangeError', message: `sampleCaptionBatches: options.batchSize must be a positive integer, got ${batchSize}` });
  assert.throws(() => sampleCaptionBatches([...one, { row: 0, ids: Int32Array.from([START_ID]) }]), { name: 'RangeError', message: 'sampleCaptionBatches: caption 1 must hold at least <start> and <end>' });
  assert.throws(() => sampleCaptionBatches([{ row: 0, ids: [1, 2] as unknown as Int32Array }]), { name: 'RangeError', message: /caption 0 must hold/ });
});
