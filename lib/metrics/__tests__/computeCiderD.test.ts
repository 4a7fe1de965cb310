// CIDEr-D on corpora small enough to work out by hand. Notation: N images, L = ln N, and an n-gram's
// weight g = tf · (L − ln max(1, df)), df = number of images whose references contain it. Per order n,
// sim_n = Σ min(g_hyp, g_ref) · g_ref / (‖g_hyp‖ ‖g_ref‖) · exp(−δ² / 2σ²), δ = difference of bigram
// counts; score = 10 · mean over n of (Σ over references sim_n) / #references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCiderD } from '..';

const w = (s: string): string[] => (s === '' ? [] : s.split(' '));
const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: got ${actual}, expected ${expected}`);

test('identical four-word captions in a 2-image corpus score 10', () => {
  // Every n-gram has df = 1, so g = L = ln 2 for each; hypothesis and reference vectors are equal, each
  // order gives cosine 1, δ = 3 − 3 = 0: score = 10 · (1 + 1 + 1 + 1) / 4 = 10 for both images.
  const r = computeCiderD([[w('a cat on mat')], [w('the dog runs fast')]], [w('a cat on mat'), w('the dog runs fast')]);
  close(r.scores[0], 10, 'image 0');
  close(r.scores[1], 10, 'image 1');
  close(r.score, 10, 'mean');
  // Two-word captions have no 3- or 4-grams: those orders have zero norms and count 0, so 10 · 2/4 = 5.
  const short = computeCiderD([[w('a cat')], [w('the dog')]], [w('a cat'), w('the dog')]);
  assert.deepEqual(short.scores, [5, 5]);
  close(computeCiderD([[w('a cat')], [w('the dog')]], [w('a cat'), w('the dog')], { maxOrder: 2 }).score, 10, 'maxOrder 2');
});

test('partial overlap, and a word present in every image has idf 0', () => {
  // Image 0: ref "a cat sits", hyp "a dog sits"; image 1: ref = hyp = "a dog runs". L = ln 2.
  // "a" is in both images' references: df 2, g = L − ln 2 = 0. Every other n-gram has df 1 or 0: g = L.
  // Image 0, n = 1: hyp {a: 0, dog: L, sits: L}, ref {a: 0, cat: L, sits: L}; numerator = min(L,L)·L = L²
  //   ("dog" is not in the reference), norms L√2 · L√2 = 2L² → 1/2. n = 2: "a dog", "dog sits" vs
  //   "a cat", "cat sits" → 0; n = 3: 0; n = 4: no 4-grams → 0. δ = 2 − 2 = 0.
  //   score = 10 · (1/2 + 0 + 0 + 0) / 4 = 1.25.
  // Image 1, n = 1: {a: 0, dog: L, runs: L} with itself → 2L² / 2L² = 1; n = 2: 1; n = 3: 1; n = 4: 0.
  //   score = 10 · 3/4 = 7.5. Mean (1.25 + 7.5) / 2 = 4.375.
  const r = computeCiderD([[w('a cat sits')], [w('a dog runs')]], [w('a dog sits'), w('a dog runs')]);
  close(r.scores[0], 1.25, 'image 0');
  close(r.scores[1], 7.5, 'image 1');
  close(r.score, 4.375, 'mean');
});

test('the Gaussian length penalty uses the bigram-count difference and sigma', () => {
  // Image 0: ref "w1 … w8", hyp "w1 w2 w3 w4" (its prefix); image 1: ref = hyp = "x y". All g = L.
  // n = 1: 4 matches, ‖hyp‖ = 2L, ‖ref‖ = √8 L → 4 / (2·√8) = 1/√2; n = 2: 3 / √(3·7) = √(3/7);
  // n = 3: 2 / √(2·6) = 1/√3; n = 4: 1 / √(1·5) = 1/√5. δ = 3 − 7 = −4 bigrams.
  // score = 10 · exp(−16 / (2σ²)) · (1/√2 + √(3/7) + 1/√3 + 1/√5) / 4 ≈ 4.7770 for σ = 6.
  const refs = [[w('w1 w2 w3 w4 w5 w6 w7 w8')], [w('x y')]];
  const hyps = [w('w1 w2 w3 w4'), w('x y')];
  const cosines = 1 / Math.SQRT2 + Math.sqrt(3 / 7) + 1 / Math.sqrt(3) + 1 / Math.sqrt(5);
  close(computeCiderD(refs, hyps).scores[0], (10 * Math.exp(-16 / 72) * cosines) / 4, 'sigma 6');
  close(computeCiderD(refs, hyps, { sigma: 2 }).scores[0], (10 * Math.exp(-16 / 8) * cosines) / 4, 'sigma 2');
  assert.ok(Math.abs(computeCiderD(refs, hyps).scores[0] - 4.777) < 1e-3);
  // Image 1 ("x y", two words, δ = 0): orders 1 and 2 only → 10 · 2/4 = 5 whatever sigma is.
  close(computeCiderD(refs, hyps, { sigma: 0.5 }).scores[1], 5, 'no penalty when δ = 0');
  // With maxOrder 1 there are no bigrams, hence δ = 0 and no penalty, as in coco-caption: 10 / √2.
  close(computeCiderD(refs, hyps, { maxOrder: 1, sigma: 0.5 }).scores[0], 10 / Math.SQRT2, 'maxOrder 1');
});

test('clipping: repeating a matched word earns no extra credit', () => {
  // Image 0: ref "cat sits", hyp "cat cat sits"; image 1: ref = hyp = "bird flies". L = ln 2.
  // n = 1: hyp {cat: 2L, sits: L}, ref {cat: L, sits: L}; numerator min(2L, L)·L + L·L = 2L² (without
  //   clipping it would be 3L²); norms √5 L · √2 L → 2/√10. n = 2: hyp {"cat cat": L, "cat sits": L},
  //   ref {"cat sits": L} → L² / (√2 L · L) = 1/√2. n = 3: the reference has no trigram → 0. n = 4: 0.
  //   δ = 2 − 1 = 1 bigram → exp(−1/72). score = 10 · exp(−1/72) · (2/√10 + 1/√2) / 4 ≈ 3.3027.
  const refs = [[w('cat sits')], [w('bird flies')]];
  const r = computeCiderD(refs, [w('cat cat sits'), w('bird flies')]);
  close(r.scores[0], (10 * Math.exp(-1 / 72) * (2 / Math.sqrt(10) + 1 / Math.SQRT2)) / 4, 'clipped');
  assert.ok(r.scores[0] < computeCiderD(refs, [w('cat sits'), w('bird flies')]).scores[0]);
});

test('several references: the per-order similarities are averaged over them', () => {
  // Image 0: refs "a b" and "c d", hyp "a b"; image 1: ref = hyp = "e f". All g = L (df 1).
  // Against "a b": orders 1, 2 give 1; against "c d": 0. score = 10 · ((1 + 0) + (1 + 0)) / 4 / 2 = 2.5.
  const r = computeCiderD([[w('a b'), w('c d')], [w('e f')]], [w('a b'), w('e f')]);
  close(r.scores[0], 2.5, 'two references');
  close(r.score, (2.5 + 5) / 2, 'mean');
});

test('degenerate corpora give 0, not NaN: one image, an empty hypothesis', () => {
  // One image: L = ln 1 = 0, every weight is 0 and every norm 0.
  assert.deepEqual(computeCiderD([[w('a cat')]], [w('a cat')]).scores, [0]);
  const r = computeCiderD([[w('a cat')], [w('the dog')]], [w(''), w('the dog')]);
  assert.deepEqual(r.scores, [0, 5]);
});

test('inputs are left unchanged (and frozen inputs are accepted)', () => {
  const refs = [[w('a cat sits'), w('the cat')], [w('a dog runs')]];
  const hyps = [w('a dog sits'), w('a dog runs')];
  const before = JSON.stringify([refs, hyps]);
  computeCiderD(refs, hyps);
  assert.equal(JSON.stringify([refs, hyps]), before);
  const f = <T>(x: T): T => Object.freeze(x);
  assert.doesNotThrow(() => computeCiderD(f([f([f(['a'])]), f([f(['b'])])]), f([f(['a']), f(['b'])])));
});

test('invalid corpora and options throw errors naming the parameter and the value', () => {
  const refs = [[w('a b')], [w('c d')]];
  const hyps = [w('a b'), w('c d')];
  const bad = (x: unknown): never => x as never;
  assert.throws(() => computeCiderD(refs, [w('a b')]), { name: 'RangeError', message: /computeCiderD: references and hypotheses must have the same length, got 2 and 1/ });
  assert.throws(() => computeCiderD([[w('a')], []], hyps), { name: 'RangeError', message: /computeCiderD: references\[1\] must hold at least one reference caption, got none/ });
  assert.throws(() => computeCiderD(refs, bad([w('a b'), 'c d'])), { name: 'TypeError', message: /computeCiderD: hypotheses\[1\] must be an array of string tokens, got "c d"/ });
  assert.throws(() => computeCiderD(bad([[['a', 1]], [w('c')]]), hyps), { name: 'TypeError', message: /references\[0\]\[0\]\[1\] must be a string token, got number 1/ });
  assert.throws(() => computeCiderD([], []), { name: 'RangeError', message: /computeCiderD: the corpus is empty/ });
  assert.throws(() => computeCiderD(refs, hyps, { sigma: 0 }), { name: 'RangeError', message: /options\.sigma must be a positive finite number of tokens, got 0/ });
  assert.throws(() => computeCiderD(refs, hyps, { sigma: Infinity }), { name: 'RangeError', message: /options\.sigma must be a positive finite number of tokens, got Infinity/ });
  assert.throws(() => computeCiderD(refs, hyps, { maxOrder: -1 }), { name: 'RangeError', message: /options\.maxOrder must be a positive integer, got -1/ });
});
