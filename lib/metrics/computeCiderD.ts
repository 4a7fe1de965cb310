import { assertCaptionCorpus } from './computeCorpusBleu';
import { positiveInt, positiveNumber } from '../validate';

/** Options of {@link computeCiderD}. */
export interface CiderDOptions {
  /** Standard deviation σ of the Gaussian length penalty exp(−δ² / (2σ²)), in tokens. @default 6 */
  sigma?: number;
  /** Largest n-gram order N; the score averages orders 1 … N. A positive integer. @default 4 */
  maxOrder?: number;
}

/** Result of {@link computeCiderD}. */
export interface CiderDResult {
  /** Mean of `scores` over the corpus. */
  score: number;
  /** CIDEr-D of each hypothesis, in [0, 10]. */
  scores: number[];
}

/** tf-idf vector of one caption, one map per n-gram order, with the norms and the penalty length. */
interface TfIdf {
  vec: Map<string, number>[];
  norm: number[];
  length: number;
}

/** n-gram term frequencies of orders 1 … maxOrder; keys are JSON arrays, so tokens may contain any character. */
function countNgrams(tokens: readonly string[], maxOrder: number): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = JSON.stringify(tokens.slice(i, i + n));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    out.push(counts);
  }
  return out;
}

/**
 * CIDEr-D of tokenised captions (Vedantam, Zitnick & Parikh 2015, "CIDEr: Consensus-based Image Description
 * Evaluation"), as coco-caption's `pycocoevalcap/cider/cider_scorer.py` computes it: for each order n, tf-idf
 * vectors g = tf · (log N − log max(1, df)), with df the number of images whose references contain the
 * n-gram and N the number of images of this corpus; the similarity to each reference is
 * Σ min(g_hyp, g_ref) · g_ref / (‖g_hyp‖ ‖g_ref‖) (0 when a norm is 0) times exp(−δ² / (2σ²)); the score is
 * 10 × the mean over n of the mean over references. As in that file, the length difference δ counts the
 * bigrams of each caption (so it equals the difference in words unless a caption is empty, and is always 0
 * when maxOrder = 1). Scores depend on the whole corpus through df; a one-image corpus scores 0.
 * @param references `references[i]`: the reference captions of hypothesis i (at least one), each a token array.
 * @param hypotheses `hypotheses[i]`: a token array (may be empty), already tokenised as the references
 * (coco-caption runs the PTB tokenizer first).
 * @throws TypeError / RangeError when the corpus is malformed or an option is invalid.
 */
export function computeCiderD(
  references: readonly (readonly (readonly string[])[])[],
  hypotheses: readonly (readonly string[])[],
  options: CiderDOptions = {},
): CiderDResult {
  const fn = 'computeCiderD';
  assertCaptionCorpus(fn, references, hypotheses);
  const { sigma = 6, maxOrder = 4 } = options;
  positiveNumber(fn, 'options.sigma', sigma, 'a positive finite number of tokens');
  positiveInt(fn, 'options.maxOrder', maxOrder);

  const refCounts = references.map((refs) => refs.map((ref) => countNgrams(ref, maxOrder)));
  const df = Array.from({ length: maxOrder }, () => new Map<string, number>());
  for (const refs of refCounts) {
    for (let n = 0; n < maxOrder; n++) {
      const seen = new Set<string>();
      for (const counts of refs) for (const key of counts[n].keys()) seen.add(key);
      for (const key of seen) df[n].set(key, (df[n].get(key) ?? 0) + 1);
    }
  }
  const logImages = Math.log(hypotheses.length);
  const tfIdf = (counts: Map<string, number>[]): TfIdf => {
    const vec: Map<string, number>[] = [];
    const norm: number[] = [];
    for (let n = 0; n < maxOrder; n++) {
      const v = new Map<string, number>();
      let sq = 0;
      for (const [key, tf] of counts[n]) {
        const g = tf * (logImages - Math.log(Math.max(1, df[n].get(key) ?? 0)));
        v.set(key, g);
        sq += g * g;
      }
      vec.push(v);
      norm.push(Math.sqrt(sq));
    }
    let length = 0;
    if (maxOrder >= 2) for (const tf of counts[1].values()) length += tf;
    return { vec, norm, length };
  };

  const twoSigma2 = 2 * sigma * sigma;
  const scores = hypotheses.map((hyp, i) => {
    const h = tfIdf(countNgrams(hyp, maxOrder));
    const perOrder = new Array<number>(maxOrder).fill(0);
    for (const counts of refCounts[i]) {
      const r = tfIdf(counts);
      const delta = h.length - r.length;
      const penalty = Math.exp(-(delta * delta) / twoSigma2);
      for (let n = 0; n < maxOrder; n++) {
        let val = 0;
        for (const [key, g] of h.vec[n]) {
          const gr = r.vec[n].get(key) ?? 0;
          val += Math.min(g, gr) * gr;
        }
        if (h.norm[n] !== 0 && r.norm[n] !== 0) val /= h.norm[n] * r.norm[n];
        perOrder[n] += val * penalty;
      }
    }
    const meanOverOrders = perOrder.reduce((s, v) => s + v, 0) / maxOrder;
    return (meanOverOrders / refCounts[i].length) * 10;
  });
  return { score: scores.reduce((s, v) => s + v, 0) / scores.length, scores };
}
