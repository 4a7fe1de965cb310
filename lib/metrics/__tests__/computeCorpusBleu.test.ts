import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCorpusBleu, type BleuSmoothing } from '..';
import { readFixture } from './loadFixture';

interface BleuCase {
  name: string;
  indices: number[];
  maxOrder: number;
  smoothing: BleuSmoothing;
  epsilon?: number;
  bleu: number[];
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
}
interface BleuFixture {
  nltk: string;
  corpus: { references: string[][]; hypothesis: string[]; note: string }[];
  cases: BleuCase[];
}

const fx = readFixture<BleuFixture>('metrics', 'bleu-nltk.json');

function closeAll(actual: number[], expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, k) => assert.ok(Math.abs(a - expected[k]) <= tol, `${what}[${k}]: got ${a}, expected ${expected[k]} ± ${tol}`));
}

for (const c of fx.cases) {
  test(`corpus BLEU matches NLTK ${fx.nltk} corpus_bleu: ${c.name}`, () => {
    const references = c.indices.map((i) => fx.corpus[i].references);
    const hypotheses = c.indices.map((i) => fx.corpus[i].hypothesis);
    const r = computeCorpusBleu(references, hypotheses, {
      maxOrder: c.maxOrder,
      smoothing: c.smoothing,
      ...(c.epsilon !== undefined ? { epsilon: c.epsilon } : {}),
    });
    closeAll(r.bleu, c.bleu, 1e-12, 'bleu');
    closeAll(r.precisions, c.precisions, 1e-12, 'precisions');
    assert.ok(Math.abs(r.brevityPenalty - c.brevityPenalty) <= 1e-12, `brevity penalty: got ${r.brevityPenalty}, expected ${c.brevityPenalty}`);
    assert.equal(r.hypothesisLength, c.hypothesisLength);
    assert.equal(r.referenceLength, c.referenceLength);
    for (const b of r.bleu) assert.ok(b >= 0 && b <= 1);
  });
}

test('the golden cases discriminate: ties, clipping, brevity, smoothing and zero matches all occur', () => {
  const sentence = (i: number): BleuCase => fx.cases.find((c) => c.name.startsWith(`sentence ${i}:`)) as BleuCase;
  assert.equal(sentence(3).referenceLength, 4); // tie 4 / 6 → the shorter
  assert.equal(sentence(4).referenceLength, 3); // tie 3 / 7 → the shorter
  assert.equal(sentence(5).precisions[0], 2 / 6); // "the" ×6 clipped to 2
  assert.ok(sentence(1).brevityPenalty < 1 && sentence(2).brevityPenalty === 1);
  assert.equal(sentence(6).precisions[3], 0);
  assert.ok(fx.cases.some((c) => c.smoothing !== 'none' && c.bleu[3] > 0.01 && c.precisions[3] === 0));
  assert.ok(fx.cases.filter((c) => c.indices.length > 1).length >= 8);
});

test('defaults: BLEU-1..4 without smoothing; a zero precision zeroes that order and above', () => {
  const r = computeCorpusBleu([[['a', 'man', 'riding', 'a', 'wave', 'on', 'a', 'surfboard']]], [['a', 'surfboard', 'man', 'wave', 'a', 'riding', 'on', 'a']]);
  assert.equal(r.bleu.length, 4);
  assert.deepEqual(r.precisions, [1, 2 / 7, 0, 0]);
  assert.equal(r.bleu[0], 1);
  assert.ok(Math.abs(r.bleu[1] - Math.sqrt(2 / 7)) < 1e-15);
  assert.equal(r.bleu[2], 0);
  assert.equal(r.bleu[3], 0);
});

test('corpus BLEU sums counts over the corpus instead of averaging sentence scores', () => {
  const refs = [[['a', 'b', 'c', 'd']], [['e', 'f']]];
  const hyps = [['a', 'b', 'c', 'd'], ['e', 'x']];
  const r = computeCorpusBleu(refs, hyps, { maxOrder: 1 });
  assert.deepEqual(r.precisions, [5 / 6]);
  assert.equal(r.bleu[0], Math.exp(Math.log(5 / 6)));
  const sentenceMean = (computeCorpusBleu([refs[0]], [hyps[0]], { maxOrder: 1 }).bleu[0] + computeCorpusBleu([refs[1]], [hyps[1]], { maxOrder: 1 }).bleu[0]) / 2;
  assert.equal(sentenceMean, 0.75);
});

test('inputs are left unchanged (and frozen inputs are accepted)', () => {
  const refs = fx.corpus.map((it) => it.references);
  const hyps = fx.corpus.map((it) => it.hypothesis);
  const before = JSON.stringify([refs, hyps]);
  computeCorpusBleu(refs, hyps, { smoothing: 'add-one' });
  assert.equal(JSON.stringify([refs, hyps]), before);
  const frozen = Object.freeze([Object.freeze([Object.freeze(['a', 'cat'])])]);
  assert.doesNotThrow(() => computeCorpusBleu(frozen, Object.freeze([Object.freeze(['a', 'cat'])])));
});

test('invalid corpora and options throw errors naming the parameter and the value', () => {
  const ok = [[['a', 'b']]];
  const hyp = [['a', 'b']];
  const bad = (x: unknown): never => x as never;
  assert.throws(() => computeCorpusBleu(bad('a b'), hyp), { name: 'TypeError', message: /computeCorpusBleu: references must be an array .*got "a b"/ });
  assert.throws(() => computeCorpusBleu(ok, bad(null)), { name: 'TypeError', message: /hypotheses must be an array of token arrays, got object null/ });
  assert.throws(() => computeCorpusBleu(ok, [['a'], ['b']]), { name: 'RangeError', message: /references and hypotheses must have the same length, got 1 and 2/ });
  assert.throws(() => computeCorpusBleu([], []), { name: 'RangeError', message: /the corpus is empty \(0 hypotheses\)/ });
  assert.throws(() => computeCorpusBleu([[['a']], []], [['a'], ['b']]), { name: 'RangeError', message: /references\[1\] must hold at least one reference caption, got none/ });
  assert.throws(() => computeCorpusBleu(bad([['a b']]), hyp), { name: 'TypeError', message: /references\[0\]\[0\] must be an array of string tokens, got "a b"/ });
  assert.throws(() => computeCorpusBleu(bad([[['a', 5]]]), hyp), { name: 'TypeError', message: /references\[0\]\[0\]\[1\] must be a string token, got number 5/ });
  assert.throws(() => computeCorpusBleu(ok, bad([['a', undefined]])), { name: 'TypeError', message: /hypotheses\[0\]\[1\] must be a string token, got undefined undefined/ });
  assert.throws(() => computeCorpusBleu(ok, bad(['a b'])), { name: 'TypeError', message: /hypotheses\[0\] must be an array of string tokens, got "a b"/ });
  assert.throws(() => computeCorpusBleu(ok, hyp, { maxOrder: 0 }), { name: 'RangeError', message: /options\.maxOrder must be a positive integer, got 0/ });
  assert.throws(() => computeCorpusBleu(ok, hyp, { maxOrder: 2.5 }), { name: 'RangeError', message: /options\.maxOrder must be a positive integer, got 2\.5/ });
  assert.throws(() => computeCorpusBleu(ok, hyp, { smoothing: bad('add-two') }), { name: 'RangeError', message: /options\.smoothing must be 'none', 'add-epsilon' or 'add-one', got add-two/ });
  assert.throws(() => computeCorpusBleu(ok, hyp, { epsilon: 0 }), { name: 'RangeError', message: /options\.epsilon must be a number in \(0, 1\], got 0/ });
  assert.throws(() => computeCorpusBleu(ok, hyp, { epsilon: 2 }), { name: 'RangeError', message: /options\.epsilon must be a number in \(0, 1\], got 2/ });
});
