import type { CaptionDecoder } from '../../networks/CaptionDecoder';
import { computeCorpusBleu } from '../../metrics/computeCorpusBleu';
import { computeCiderD } from '../../metrics/computeCiderD';
import type { Flickr8kItem } from '../../datasets/readFlickr8kCaptions';
import type { CaptionFeatureCache } from './openCaptionFeatureCache';
import { generateCaptions, type GenerateCaptionsOptions } from './generateCaptions';
import { decodeCaption } from './decodeCaption';
import { tokenizeCaption } from './tokenizeCaption';
import type { Vocabulary } from './Vocabulary';

/** Scores of a captioner on a split. */
export interface CaptionerEvaluation {
  /** Corpus BLEU-1..4 (Papineni et al. 2002), in [0, 1]. */
  bleu: number[];
  /** CIDEr-D (Vedantam et al. 2015), coco-caption scale (×10). */
  ciderD: number;
  /** Images scored. */
  images: number;
  /** Mean words per generated caption. */
  meanLength: number;
  /** Distinct generated captions / images: low values mean generic captions. */
  distinctShare: number;
  /** Seconds spent generating. */
  seconds: number;
  /** Per image: id, generated words, log-probability, references (tokenised). */
  captions: { id: string; words: string[]; logProb: number; references: string[][] }[];
}

/** Options of {@link evaluateCaptioner}. */
export interface EvaluateCaptionerOptions extends GenerateCaptionsOptions {
  /** Score only the first `limit` items. @default all */
  limit?: number;
  /** Images read from the cache and decoded per call. @default 50 */
  chunk?: number;
}

/**
 * Captions every image of `items` (features from the cache) and scores the captions against the
 * items' reference captions, tokenised as for training: corpus BLEU-1..4 and CIDEr-D.
 * @param decoder - trained decoder.
 * @param vocab - its vocabulary.
 * @param items - images with their reference captions (e.g. the Flickr8k test split).
 * @param cache - features of those images.
 */
export async function evaluateCaptioner(decoder: CaptionDecoder, vocab: Vocabulary, items: readonly Flickr8kItem[], cache: CaptionFeatureCache, options: EvaluateCaptionerOptions = {}): Promise<CaptionerEvaluation> {
  const limit = options.limit ?? items.length;
  const chunk = options.chunk ?? 50;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`evaluateCaptioner: options.limit must be a positive integer, got ${limit}`);
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`evaluateCaptioner: options.chunk must be a positive integer, got ${chunk}`);
  const chosen = items.slice(0, limit);
  const rows = chosen.map((it) => {
    const r = cache.rowOf(it.id);
    if (r < 0) throw new Error(`evaluateCaptioner: image ${it.id} is not in the feature cache`);
    return r;
  });
  const t0 = Date.now();
  const captions: CaptionerEvaluation['captions'] = [];
  for (let i = 0; i < chosen.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const gen = await generateCaptions(decoder, cache.read(part), part.length, options);
    gen.forEach((g, k) => {
      const it = chosen[i + k] as Flickr8kItem;
      captions.push({ id: it.id, words: decodeCaption(g.ids, vocab), logProb: g.logProb, references: it.captions.map(tokenizeCaption) });
    });
  }
  const seconds = (Date.now() - t0) / 1000;
  const refs = captions.map((c) => c.references);
  const hyps = captions.map((c) => c.words);
  const bleu = computeCorpusBleu(refs, hyps).bleu;
  const ciderD = computeCiderD(refs, hyps).score;
  const distinct = new Set(hyps.map((h) => h.join(' '))).size;
  return { bleu, ciderD, images: captions.length, meanLength: hyps.reduce((a, h) => a + h.length, 0) / Math.max(1, hyps.length), distinctShare: distinct / Math.max(1, hyps.length), seconds, captions };
}
