import * as tf from '@tensorflow/tfjs';
import type { CaptionDecoder, DecoderContext } from '../../networks/CaptionDecoder';
import { END_ID, START_ID } from './Vocabulary';

/** A generated caption as token ids, with its score and the attention of each word. */
export interface GeneratedCaption {
  /** Word ids, without `<start>` and `<end>`. */
  ids: number[];
  /** Sum of the log-probabilities of the words and of `<end>` (natural log). */
  logProb: number;
  /** Per emitted word (and the final `<end>`), the attention over the regions. */
  attention: Float32Array[];
}

/** Options of {@link generateCaptions}. */
export interface GenerateCaptionsOptions {
  /** Beam width: 1 = greedy decoding, up to 5 (and more, if asked). @default 1 */
  beam?: number;
  /** Longest caption in words. @default 20 */
  maxLength?: number;
  /**
   * Length normalisation of finished beams, score = logProb / length^α (Wu et al. 2016 use
   * ((5 + L) / 6)^α; plain L^α here). 0 = raw log-probability, which favours short captions. @default 0.7
   */
  lengthPenalty?: number;
  /** Images decoded together in greedy mode. @default 64 */
  batchSize?: number;
}

function gatherContext(ctx: DecoderContext, rows: number[]): DecoderContext {
  const idx = tf.tensor1d(rows, 'int32');
  const out = {
    values: tf.gather(ctx.values, idx) as tf.Tensor3D,
    keys: tf.gather(ctx.keys, idx) as tf.Tensor3D,
    globalInput: tf.gather(ctx.globalInput, idx) as tf.Tensor2D,
    h: tf.gather(ctx.h, idx) as tf.Tensor2D,
    c: ctx.c === null ? null : (tf.gather(ctx.c, idx) as tf.Tensor2D),
  };
  idx.dispose();
  return out;
}

function disposeContext(ctx: DecoderContext): void {
  tf.dispose([ctx.values, ctx.keys, ctx.globalInput, ctx.h, ...(ctx.c === null ? [] : [ctx.c])]);
}

async function greedy(decoder: CaptionDecoder, features: tf.Tensor3D, maxLength: number): Promise<GeneratedCaption[]> {
  const [b] = features.shape;
  const ctx = decoder.prepare(features);
  let h = ctx.h;
  let c = ctx.c;
  let tokens = tf.fill([b], START_ID, 'int32') as tf.Tensor1D;
  const out: GeneratedCaption[] = Array.from({ length: b }, () => ({ ids: [], logProb: 0, attention: [] }));
  const done = new Array<boolean>(b).fill(false);
  for (let t = 0; t <= maxLength && done.some((d) => !d); t++) {
    const step = decoder.step(ctx, tokens, h, c);
    const best = tf.tidy(() => {
      // As in beam search, never <pad> or <start> (ids 0 and 1): they are no words of a caption.
      const words = tf.concat([tf.fill([b, 2], -Infinity), step.logProbs.slice([0, 2], [b, step.logProbs.shape[1] - 2])], 1);
      return { arg: tf.argMax(words, 1), val: tf.max(words, 1), end: step.logProbs.slice([0, END_ID], [b, 1]).reshape([b]) };
    });
    const [arg, val, end, att] = await Promise.all([best.arg.data(), best.val.data(), best.end.data(), step.attention.data()]);
    tf.dispose([best.arg, best.val, best.end, step.logProbs, step.attention, tokens]);
    if (h !== ctx.h) h.dispose();
    if (c !== null && c !== ctx.c) c.dispose();
    h = step.h;
    c = step.c;
    const next = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      if (done[i]) continue;
      const g = out[i] as GeneratedCaption;
      // At the length limit the caption is closed with <end>, scored with its real probability.
      const word = t === maxLength ? END_ID : (arg[i] as number);
      g.logProb += t === maxLength ? (end[i] as number) : (val[i] as number);
      g.attention.push((att as Float32Array).slice(i * decoder.config.regions, (i + 1) * decoder.config.regions));
      if (word === END_ID) done[i] = true;
      else g.ids.push(word);
      next[i] = word;
    }
    tokens = tf.tensor1d(next, 'int32');
  }
  tf.dispose([tokens, h, ...(c === null ? [] : [c])]);
  disposeContext(ctx);
  return out;
}

interface Hypothesis {
  ids: number[];
  logProb: number;
  attention: Float32Array[];
  /** Row of its state in the current beam tensors. */
  row: number;
}

async function beamOne(decoder: CaptionDecoder, features: tf.Tensor3D, beam: number, maxLength: number, alpha: number): Promise<GeneratedCaption> {
  const R = decoder.config.regions;
  const base = decoder.prepare(features);
  let ctx = gatherContext(base, [0]);
  let h = ctx.h;
  let c = ctx.c;
  let live: Hypothesis[] = [{ ids: [], logProb: 0, attention: [], row: 0 }];
  const finished: { hyp: Hypothesis; score: number }[] = [];
  const norm = (logProb: number, words: number): number => logProb / Math.pow(Math.max(1, words + 1), alpha);
  for (let t = 0; t <= maxLength && live.length > 0; t++) {
    const tokens = tf.tensor1d(live.map((l) => (l.ids.length === 0 ? START_ID : (l.ids[l.ids.length - 1] as number))), 'int32');
    const step = decoder.step(ctx, tokens, h, c);
    const [lp, att] = (await Promise.all([step.logProbs.data(), step.attention.data()])) as [Float32Array, Float32Array];
    const V = step.logProbs.shape[1];
    tf.dispose([tokens, step.logProbs, step.attention]);
    const cands: { from: number; word: number; logProb: number }[] = [];
    live.forEach((hyp, k) => {
      const off = k * V;
      if (t === maxLength) {
        cands.push({ from: k, word: END_ID, logProb: hyp.logProb + (lp[off + END_ID] as number) });
        return;
      }
      // The best `beam` continuations of this hypothesis (more cannot survive).
      const top: number[] = [];
      for (let v = 0; v < V; v++) {
        if (v < 2) continue; // never <pad> or <start>
        const s = lp[off + v] as number;
        if (top.length < beam) {
          top.push(v);
          top.sort((a, b) => (lp[off + b] as number) - (lp[off + a] as number));
        } else if (s > (lp[off + (top[beam - 1] as number)] as number)) {
          top[beam - 1] = v;
          top.sort((a, b) => (lp[off + b] as number) - (lp[off + a] as number));
        }
      }
      for (const v of top) cands.push({ from: k, word: v, logProb: hyp.logProb + (lp[off + v] as number) });
    });
    cands.sort((a, b) => b.logProb - a.logProb);
    const next: Hypothesis[] = [];
    for (const cand of cands) {
      const parent = live[cand.from] as Hypothesis;
      const attention = [...parent.attention, att.slice(cand.from * R, (cand.from + 1) * R)];
      if (cand.word === END_ID) {
        finished.push({ hyp: { ids: parent.ids, logProb: cand.logProb, attention, row: -1 }, score: norm(cand.logProb, parent.ids.length) });
      } else if (next.length < beam) next.push({ ids: [...parent.ids, cand.word], logProb: cand.logProb, attention, row: cand.from });
      if (next.length >= beam && finished.length >= beam) break;
    }
    // Stop when no live hypothesis can beat the best finished one (scores only fall as words are added,
    // up to the normalisation; a bound on that is the best live score normalised at the length limit).
    const bestFinished = finished.length === 0 ? -Infinity : Math.max(...finished.map((f) => f.score));
    const keep = next.filter((n) => norm(n.logProb, maxLength) > bestFinished || finished.length < beam);
    const rows = keep.map((n) => n.row);
    const oldCtx = ctx;
    const oldH = h;
    const oldC = c;
    if (rows.length > 0) {
      ctx = gatherContext({ ...oldCtx, h: step.h, c: step.c }, rows);
      h = ctx.h;
      c = ctx.c;
    }
    tf.dispose([oldCtx.values, oldCtx.keys, oldCtx.globalInput, step.h, ...(step.c === null ? [] : [step.c])]);
    if (oldH !== step.h) oldH.dispose();
    if (oldC !== null && oldC !== step.c) oldC.dispose();
    live = keep.map((n, k) => ({ ...n, row: k }));
  }
  if (live.length > 0) disposeContext(ctx);
  disposeContext(base);
  finished.sort((a, b) => b.score - a.score);
  const best = (finished[0] as { hyp: Hypothesis }).hyp;
  return { ids: best.ids, logProb: best.logProb, attention: best.attention };
}

/**
 * Generates one caption per image with a {@link CaptionDecoder}: greedy decoding (`beam` 1, images
 * decoded together) or beam search (Sutskever et al. 2014; images one at a time, the beams as the
 * batch), stopping at `<end>` or after `maxLength` words. Finished beams are ranked by their
 * length-normalised log-probability.
 * @param decoder - a trained decoder.
 * @param features - `[N, R, featureDim]` encoder regions (row-major float32).
 * @param count - N.
 */
export async function generateCaptions(decoder: CaptionDecoder, features: Float32Array, count: number, options: GenerateCaptionsOptions = {}): Promise<GeneratedCaption[]> {
  const beam = options.beam ?? 1;
  const maxLength = options.maxLength ?? 20;
  const alpha = options.lengthPenalty ?? 0.7;
  const batchSize = options.batchSize ?? 64;
  const { regions, featureDim } = decoder.config;
  if (!Number.isInteger(beam) || beam < 1 || beam > 20) throw new RangeError(`generateCaptions: options.beam must be an integer in [1, 20], got ${beam}`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`generateCaptions: options.maxLength must be a positive integer, got ${maxLength}`);
  if (!(alpha >= 0)) throw new RangeError(`generateCaptions: options.lengthPenalty must be ≥ 0, got ${alpha}`);
  if (!Number.isInteger(count) || count < 0 || features.length !== count * regions * featureDim) throw new RangeError(`generateCaptions: features must hold count × ${regions} × ${featureDim} values (count ${count}, got ${features.length})`);
  const out: GeneratedCaption[] = [];
  const per = regions * featureDim;
  if (beam === 1) {
    for (let i = 0; i < count; i += batchSize) {
      const n = Math.min(batchSize, count - i);
      const f = tf.tensor3d(features.subarray(i * per, (i + n) * per), [n, regions, featureDim]);
      out.push(...(await greedy(decoder, f, maxLength)));
      f.dispose();
    }
    return out;
  }
  for (let i = 0; i < count; i++) {
    const f = tf.tensor3d(features.subarray(i * per, (i + 1) * per), [1, regions, featureDim]);
    out.push(await beamOne(decoder, f, beam, maxLength, alpha));
    f.dispose();
  }
  return out;
}
