/** Smoothing of zero n-gram precisions, as NLTK's `SmoothingFunction` methods 0–2. */
export type BleuSmoothing = 'none' | 'add-epsilon' | 'add-one';
import { inRange, oneOf, positiveInt } from '../validate';

/** Options of {@link computeCorpusBleu}. */
export interface CorpusBleuOptions {
  /** Largest n-gram order N; BLEU-1 … BLEU-N are returned. A positive integer. @default 4 */
  maxOrder?: number;
  /**
   * `'none'`: a zero precision p_k gives BLEU-n = 0 for every n ≥ k (NLTK `method0`, whose
   * `sys.float_info.min` stand-in yields about 1e-77 where this returns exactly 0).
   * `'add-epsilon'`: a zero match count becomes `epsilon` (NLTK `method1`).
   * `'add-one'`: p_n = (matches + 1) / (total + 1) for n ≥ 2 (NLTK `method2`, Lin & Och 2004).
   * In every mode a corpus without a single unigram match scores 0, as in NLTK.
   * @default 'none'
   */
  smoothing?: BleuSmoothing;
  /** Match count given to a zero count with `smoothing: 'add-epsilon'`, in (0, 1]. @default 0.1 */
  epsilon?: number;
}

/** Result of {@link computeCorpusBleu}. */
export interface CorpusBleuResult {
  /** BLEU-1 … BLEU-maxOrder: BLEU-n uses uniform weights 1/n over p_1 … p_n. Each in [0, 1]. */
  bleu: number[];
  /** Corpus modified n-gram precisions p_1 … p_maxOrder (clipped matches / hypothesis n-grams), unsmoothed. */
  precisions: number[];
  /** exp(1 − r / c) when c ≤ r, 1 when c > r, 0 when c = 0 (c, r: the two lengths below). */
  brevityPenalty: number;
  /** c: total number of hypothesis tokens. */
  hypothesisLength: number;
  /** r: sum over hypotheses of the closest reference length (ties go to the shorter reference). */
  referenceLength: number;
}

const SMOOTHINGS: readonly BleuSmoothing[] = ['none', 'add-epsilon', 'add-one'];

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return `${typeof value} ${String(value)}`;
  return 'an object';
}

/**
 * Checks a captioning corpus: `references[i]` is a non-empty array of token arrays, `hypotheses[i]` a token
 * array, both of the same non-zero length. Shared by the captioning metrics of this folder.
 * @internal
 * @throws TypeError when something is not an array or a token is not a string; RangeError when the lengths
 * differ, the corpus is empty or a hypothesis has no reference.
 */
export function assertCaptionCorpus(fn: string, references: unknown, hypotheses: unknown): void {
  if (!Array.isArray(references)) {
    throw new TypeError(`${fn}: references must be an array (one array of reference captions per hypothesis), got ${describe(references)}`);
  }
  if (!Array.isArray(hypotheses)) {
    throw new TypeError(`${fn}: hypotheses must be an array of token arrays, got ${describe(hypotheses)}`);
  }
  if (references.length !== hypotheses.length) {
    throw new RangeError(`${fn}: references and hypotheses must have the same length, got ${references.length} and ${hypotheses.length}`);
  }
  if (hypotheses.length === 0) throw new RangeError(`${fn}: the corpus is empty (0 hypotheses)`);
  const checkTokens = (tokens: unknown, where: string): void => {
    if (!Array.isArray(tokens)) throw new TypeError(`${fn}: ${where} must be an array of string tokens, got ${describe(tokens)}`);
    for (let k = 0; k < tokens.length; k++) {
      if (typeof tokens[k] !== 'string') throw new TypeError(`${fn}: ${where}[${k}] must be a string token, got ${describe(tokens[k])}`);
    }
  };
  for (let i = 0; i < hypotheses.length; i++) {
    const refs: unknown = references[i];
    if (!Array.isArray(refs)) throw new TypeError(`${fn}: references[${i}] must be an array of reference captions, got ${describe(refs)}`);
    if (refs.length === 0) throw new RangeError(`${fn}: references[${i}] must hold at least one reference caption, got none`);
    for (let j = 0; j < refs.length; j++) checkTokens(refs[j], `references[${i}][${j}]`);
    checkTokens(hypotheses[i], `hypotheses[${i}]`);
  }
}

/** Counts of the n-grams of one order; keys are JSON arrays, so tokens may contain any character. */
function countNgrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Corpus BLEU of tokenised captions (Papineni, Roukos, Ward & Zhu 2002): clipped n-gram matches and
 * hypothesis n-gram counts are summed over the corpus before dividing, and the brevity penalty uses the
 * corpus totals of hypothesis length and closest reference length. Matches
 * `nltk.translate.bleu_score.corpus_bleu(references, hypotheses, weights=(1/n,) * n)` for BLEU-n (NLTK 3.8,
 * checked to 1e-12 by `scripts/golden/make_bleu.py`), including its quirk that a hypothesis shorter than n
 * still adds 1 to the n-gram total. Sentence BLEU is the one-hypothesis corpus.
 * @param references `references[i]`: the reference captions of hypothesis i (at least one), each a token array.
 * @param hypotheses `hypotheses[i]`: a token array (may be empty).
 * @throws TypeError / RangeError when the corpus is malformed or an option is invalid.
 */
export function computeCorpusBleu(
  references: readonly (readonly (readonly string[])[])[],
  hypotheses: readonly (readonly string[])[],
  options: CorpusBleuOptions = {},
): CorpusBleuResult {
  const fn = 'computeCorpusBleu';
  assertCaptionCorpus(fn, references, hypotheses);
  const { maxOrder = 4, smoothing = 'none', epsilon = 0.1 } = options;
  positiveInt(fn, 'options.maxOrder', maxOrder);
  oneOf(fn, 'options.smoothing', smoothing, SMOOTHINGS, "'none', 'add-epsilon' or 'add-one'");
  inRange(fn, 'options.epsilon', epsilon, 0, 1, { minExclusive: true });

  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let hypothesisLength = 0;
  let referenceLength = 0;
  for (let i = 0; i < hypotheses.length; i++) {
    const hyp = hypotheses[i];
    const refs = references[i];
    for (let n = 1; n <= maxOrder; n++) {
      const counts = countNgrams(hyp, n);
      const maxRef = new Map<string, number>();
      for (const ref of refs) {
        const refCounts = countNgrams(ref, n);
        for (const key of counts.keys()) maxRef.set(key, Math.max(maxRef.get(key) ?? 0, refCounts.get(key) ?? 0));
      }
      let clipped = 0;
      let total = 0;
      for (const [key, count] of counts) {
        clipped += Math.min(count, maxRef.get(key) ?? 0);
        total += count;
      }
      matches[n - 1] += clipped;
      totals[n - 1] += Math.max(1, total);
    }
    let closest = refs[0].length;
    for (const ref of refs) {
      const d = Math.abs(ref.length - hyp.length);
      const best = Math.abs(closest - hyp.length);
      if (d < best || (d === best && ref.length < closest)) closest = ref.length;
    }
    hypothesisLength += hyp.length;
    referenceLength += closest;
  }

  let brevityPenalty: number;
  if (hypothesisLength > referenceLength) brevityPenalty = 1;
  else if (hypothesisLength === 0) brevityPenalty = 0;
  else brevityPenalty = Math.exp(1 - referenceLength / hypothesisLength);

  const precisions = matches.map((m, k) => m / totals[k]);
  const smoothed = matches.map((m, k): number => {
    if (smoothing === 'add-epsilon' && m === 0) return epsilon / totals[k];
    if (smoothing === 'add-one' && k > 0) return (m + 1) / (totals[k] + 1);
    return m / totals[k];
  });
  const bleu: number[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    if (matches[0] === 0) {
      bleu.push(0);
      continue;
    }
    const w = 1 / n;
    let logSum = 0;
    let zero = false;
    for (let k = 0; k < n; k++) {
      if (smoothed[k] === 0) zero = true;
      else logSum += w * Math.log(smoothed[k]);
    }
    bleu.push(zero ? 0 : brevityPenalty * Math.exp(logSum));
  }
  return { bleu, precisions, brevityPenalty, hypothesisLength, referenceLength };
}
