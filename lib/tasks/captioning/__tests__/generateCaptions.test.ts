import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildCaptionDecoder, type CaptionDecoder } from '../../../networks/CaptionDecoder';
import { createRng } from '../../../random/createRng';
import { generateCaptions, type GeneratedCaption } from '../generateCaptions';
import { END_ID, START_ID } from '../Vocabulary';

const R = 4;
const FD = 6;
const V = 11;
const N = 6;

/**
 * A tiny random decoder made peaky (scores ×4) with `<end>` favoured by `endBias`, so that captions
 * have different lengths and beam search has something to find.
 */
function makeDecoder(endBias = 1): CaptionDecoder {
  const dec = buildCaptionDecoder({ vocabSize: V, regions: R, featureDim: FD, projDim: 5, embedDim: 3, hiddenDim: 7, attentionDim: 4, dropout: 0 }, { seed: 5 });
  tf.tidy(() => {
    const w = dec.weights.get('out/vocab') as tf.Variable;
    w.assign(tf.mul(w, 4));
    (dec.weights.get('out/vocabBias') as tf.Variable).assign(tf.oneHot(END_ID, V).mul(endBias).reshape([V]));
  });
  return dec;
}

function makeFeatures(count = N, seed = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * R * FD }, () => rng.nextNormal());
}

function featuresOf(features: Float32Array, i: number): tf.Tensor3D {
  return tf.tensor3d(features.slice(i * R * FD, (i + 1) * R * FD), [1, R, FD]);
}

/** Log-probabilities `[T, V]` of the next word after each prefix of `[<start>, ...ids]`, through forward(). */
async function teacherForced(dec: CaptionDecoder, f: tf.Tensor3D, ids: number[]): Promise<Float32Array> {
  const x = tf.tensor2d([START_ID, ...ids], [1, ids.length + 1], 'int32');
  const out = dec.forward(f, x);
  const lp = tf.logSoftmax(out.logits);
  const v = (await lp.data()) as Float32Array;
  tf.dispose([x, out.logits, out.attention, lp]);
  return v;
}

/** Sum of the log-probabilities of the words and of `<end>`, recomputed through forward(). */
async function sequenceLogProb(dec: CaptionDecoder, f: tf.Tensor3D, ids: number[]): Promise<number> {
  const lp = await teacherForced(dec, f, ids);
  return [...ids, END_ID].reduce((s, w, t) => s + (lp[t * V + w] as number), 0);
}

/** Greedy decoding written out with forward() on the growing prefix (argmax over the words and <end>). */
async function referenceGreedy(dec: CaptionDecoder, f: tf.Tensor3D, maxLength: number): Promise<{ ids: number[]; logProb: number }> {
  const ids: number[] = [];
  let logProb = 0;
  for (let t = 0; t <= maxLength; t++) {
    const lp = await teacherForced(dec, f, ids);
    const row = lp.subarray(t * V, (t + 1) * V);
    let best = END_ID;
    if (t < maxLength) for (let v = 2; v < V; v++) if ((row[v] as number) > (row[best] as number)) best = v;
    logProb += row[best] as number;
    if (best === END_ID) break;
    ids.push(best);
  }
  return { ids, logProb };
}

const score = (c: { ids: number[]; logProb: number }, alpha = 0.7): number => c.logProb / Math.pow(Math.max(1, c.ids.length + 1), alpha);

function checkShape(c: GeneratedCaption, maxLength: number): void {
  assert.ok(c.ids.length <= maxLength, `${c.ids.length} words > maxLength ${maxLength}`);
  assert.ok(c.ids.every((w) => Number.isInteger(w) && w > END_ID && w < V), `only words (ids 3…${V - 1}): ${c.ids.join(' ')}`);
  assert.equal(c.attention.length, c.ids.length + 1, 'one attention map per word and for <end>');
  for (const a of c.attention) {
    assert.equal(a.length, R);
    assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) - 1) < 1e-5 && a.every((v) => v >= 0));
  }
  assert.ok(c.logProb < 0 && Number.isFinite(c.logProb));
}

test('generateCaptions greedy: the argmax decoding written out with forward(), whatever the batch size; never <pad>/<start>; no tensor leak', async () => {
  await tf.setBackend('cpu');
  const dec = makeDecoder();
  const features = makeFeatures();
  const copy = features.slice();
  const before = tf.memory().numTensors;
  const greedy = await generateCaptions(dec, features, N, { maxLength: 8 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(greedy.length, N);
  const lengths = new Set(greedy.map((c) => c.ids.length));
  assert.ok(lengths.size >= 2, `captions of several lengths: ${[...lengths].join(', ')}`);
  for (let i = 0; i < N; i++) {
    const c = greedy[i] as GeneratedCaption;
    checkShape(c, 8);
    const f = featuresOf(features, i);
    const ref = await referenceGreedy(dec, f, 8);
    assert.deepEqual(c.ids, ref.ids, `image ${i}`);
    assert.ok(Math.abs(c.logProb - ref.logProb) < 1e-4, `image ${i}: logProb ${c.logProb}, forward() ${ref.logProb}`);
    // The attention of each step is forward()'s attention at that position.
    const x = tf.tensor2d([START_ID, ...c.ids], [1, c.ids.length + 1], 'int32');
    const out = dec.forward(f, x);
    const att = await out.attention.data();
    c.attention.forEach((a, t) => a.forEach((v, r) => assert.ok(Math.abs(v - (att[t * R + r] as number)) < 1e-5)));
    tf.dispose([f, x, out.logits, out.attention]);
  }
  for (const batchSize of [1, 4]) assert.deepEqual((await generateCaptions(dec, features, N, { maxLength: 8, batchSize })).map((c) => c.ids), greedy.map((c) => c.ids), `batchSize ${batchSize}`);
  assert.deepEqual((await generateCaptions(dec, features, N, { maxLength: 8, beam: 1 })).map((c) => c.ids), greedy.map((c) => c.ids), 'beam 1 is greedy');
  assert.deepEqual(features, copy, 'features unchanged');
  assert.equal(tf.memory().numTensors, before);
  dec.dispose();
});

test('generateCaptions beam 3: length-normalised score ≥ greedy on every image (better on some); logProb = sum of forward() log-probs; no tensor leak', async () => {
  await tf.setBackend('cpu');
  const dec = makeDecoder();
  const features = makeFeatures();
  const greedy = await generateCaptions(dec, features, N, { maxLength: 8 });
  const before = tf.memory().numTensors;
  const beam = await generateCaptions(dec, features, N, { maxLength: 8, beam: 3 });
  assert.equal(tf.memory().numTensors, before);
  let better = 0;
  for (let i = 0; i < N; i++) {
    const b = beam[i] as GeneratedCaption;
    const g = greedy[i] as GeneratedCaption;
    checkShape(b, 8);
    assert.ok(score(b) >= score(g) - 1e-6, `image ${i}: beam ${b.ids.join(' ')} ${score(b)} < greedy ${g.ids.join(' ')} ${score(g)}`);
    if (score(b) > score(g) + 1e-4) better++;
    const f = featuresOf(features, i);
    const lp = await sequenceLogProb(dec, f, b.ids);
    assert.ok(Math.abs(b.logProb - lp) < 1e-4, `image ${i}: logProb ${b.logProb}, forward() ${lp}`);
    f.dispose();
  }
  assert.ok(better >= 1, 'beam search finds a better caption than greedy somewhere');
  assert.equal(tf.memory().numTensors, before);
  dec.dispose();
});

test('generateCaptions beam ≥ 9 with maxLength 1 is exhaustive: it returns the best of the 9 possible captions by normalised score (α 0.7 and α 0)', async () => {
  await tf.setBackend('cpu');
  const dec = makeDecoder(0.5);
  const features = makeFeatures(4, 2);
  const candidates = [[], ...Array.from({ length: V - 3 }, (_, k) => [k + 3])];
  for (const alpha of [0.7, 0]) {
    const beam = await generateCaptions(dec, features, 4, { maxLength: 1, beam: 10, lengthPenalty: alpha });
    for (let i = 0; i < 4; i++) {
      const f = featuresOf(features, i);
      const scored = [];
      for (const ids of candidates) scored.push({ ids, logProb: await sequenceLogProb(dec, f, ids) });
      f.dispose();
      scored.sort((a, b) => score(b, alpha) - score(a, alpha));
      const best = scored[0] as { ids: number[]; logProb: number };
      assert.deepEqual((beam[i] as GeneratedCaption).ids, best.ids, `α ${alpha}, image ${i}: ${JSON.stringify(scored.slice(0, 3))}`);
      assert.ok(Math.abs((beam[i] as GeneratedCaption).logProb - best.logProb) < 1e-4);
    }
  }
  dec.dispose();
});

test('generateCaptions: maxLength is respected and the caption cut there is closed with <end> at its real probability', async () => {
  await tf.setBackend('cpu');
  const dec = makeDecoder(-30); // <end> (almost) never chosen: every caption runs to the limit
  const features = makeFeatures(3, 3);
  const before = tf.memory().numTensors;
  for (const maxLength of [1, 3, 5]) {
    for (const beam of [1, 2, 4]) {
      const out = await generateCaptions(dec, features, 3, { maxLength, beam });
      for (let i = 0; i < 3; i++) {
        const c = out[i] as GeneratedCaption;
        checkShape(c, maxLength);
        assert.equal(c.ids.length, maxLength, `beam ${beam}, maxLength ${maxLength}`);
        const f = featuresOf(features, i);
        const lp = await sequenceLogProb(dec, f, c.ids);
        f.dispose();
        assert.ok(Math.abs(c.logProb - lp) < 1e-3 * Math.max(1, Math.abs(lp)), `beam ${beam}: logProb ${c.logProb}, forward() ${lp} (includes <end> ≈ −30)`);
        assert.ok(c.logProb < -25);
      }
    }
  }
  // Default maxLength 20.
  const long = await generateCaptions(dec, features.subarray(0, R * FD), 1);
  assert.equal((long[0] as GeneratedCaption).ids.length, 20);
  assert.equal(tf.memory().numTensors, before);
  dec.dispose();
});

test('generateCaptions: no images gives no captions; option and feature errors are RangeErrors naming the value', async () => {
  await tf.setBackend('cpu');
  const dec = makeDecoder();
  const features = makeFeatures(2);
  assert.deepEqual(await generateCaptions(dec, new Float32Array(0), 0), []);
  const before = tf.memory().numTensors;
  for (const beam of [0, 21, 1.5]) await assert.rejects(generateCaptions(dec, features, 2, { beam }), { name: 'RangeError', message: `generateCaptions: options.beam must be an integer in [1, 20], got ${beam}` });
  for (const maxLength of [0, 2.5]) await assert.rejects(generateCaptions(dec, features, 2, { maxLength }), { name: 'RangeError', message: `generateCaptions: options.maxLength must be a positive integer, got ${maxLength}` });
  for (const lengthPenalty of [-0.1, Number.NaN]) await assert.rejects(generateCaptions(dec, features, 2, { lengthPenalty }), { name: 'RangeError', message: `generateCaptions: options.lengthPenalty must be ≥ 0, got ${lengthPenalty}` });
  await assert.rejects(generateCaptions(dec, features, 3), { name: 'RangeError', message: `generateCaptions: features must hold count × ${R} × ${FD} values (count 3, got ${2 * R * FD})` });
  await assert.rejects(generateCaptions(dec, features, -1), { name: 'RangeError', message: /features must hold count/ });
  assert.equal(tf.memory().numTensors, before);
  dec.dispose();
});
