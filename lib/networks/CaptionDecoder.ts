import * as tf from '@tensorflow/tfjs';
import { createRng } from '../random/createRng';

/** `tf.tidy` for results holding `null` fields (kept as they are). */
function tidyObject<T extends object>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

/** Architecture of a {@link CaptionDecoder}. */
export interface CaptionDecoderConfig {
  /** Recurrent cell. */
  cell: 'gru' | 'lstm';
  /** Words in the vocabulary, the four specials included. */
  vocabSize: number;
  /** Regions of the encoder grid (49). */
  regions: number;
  /** Channels per region from the encoder (1280). */
  featureDim: number;
  /** Width of the projected region features (the attention values). */
  projDim: number;
  /** Word embedding size, also the width of the deep output layer. */
  embedDim: number;
  /** Recurrent state size. */
  hiddenDim: number;
  /** Width of the additive attention's hidden layer. */
  attentionDim: number;
  /** Dropout rate on features, embeddings and the output layer, during training. */
  dropout: number;
}

/** The per-image quantities computed once before decoding. */
export interface DecoderContext {
  /** Projected regions `[B, R, projDim]` (attention values). */
  values: tf.Tensor3D;
  /** Attention keys `[B, R, attentionDim]`. */
  keys: tf.Tensor3D;
  /** Input projection of the mean region feature `[B, G·hiddenDim]` (G = 3 gates for a GRU, 4 for an LSTM). */
  globalInput: tf.Tensor2D;
  /** Initial state: `h` (and `c` for an LSTM), `[B, hiddenDim]`. */
  h: tf.Tensor2D;
  c: tf.Tensor2D | null;
}

/** Result of a teacher-forced pass. */
export interface TeacherForcedOutput {
  /** `[B·T, vocabSize]` unnormalised scores, row b·T + t. */
  logits: tf.Tensor2D;
  /** `[B, T, R]` attention weights. */
  attention: tf.Tensor3D;
}

/**
 * An attention captioning decoder (tfjs variables; no layers model, as the recurrence with attention
 * is written out): a GRU or LSTM language model conditioned on the image, with additive (Bahdanau)
 * attention over the encoder's regions, placed after the recurrence as in the "spatial attention"
 * model of Lu, Xiong, Parikh & Socher 2017 (Knowing When to Look):
 *
 * - regions `V = ReLU(F W_f + b_f)`, mean region `g`; initial state `h₀ = tanh(g W_init)`;
 * - input of step t: `[E y_{t-1}; g]`, so the cell sees the image at every step;
 * - `h_t = cell(x_t, h_{t-1})`;
 * - attention `α_t = softmax_r(w_aᵀ tanh(V_r W_k + h_t W_q))`, context `c_t = Σ_r α_{t,r} V_r`;
 * - deep output `o_t = tanh(h_t W_oh + c_t W_oc + b_o)`, scores `o_t W_v + b_v`.
 *
 * Because the attention reads `h_t` rather than `h_{t-1}`, only the cell is sequential: the input
 * projection, the attention and the vocabulary projection each run as one product over batch·time,
 * which is what makes training affordable on one CPU core. Xu et al. 2015 (Show, Attend and Tell)
 * feed the context into the cell instead; Lu et al. report the "after" placement as better.
 */
export class CaptionDecoder {
  /** The architecture. */
  readonly config: CaptionDecoderConfig;
  /** Trainable weights by name, in a fixed order. */
  readonly weights: Map<string, tf.Variable>;

  constructor(config: CaptionDecoderConfig, weights: Map<string, tf.Variable>) {
    this.config = config;
    this.weights = weights;
  }

  private w(name: string): tf.Variable {
    const v = this.weights.get(name);
    if (v === undefined) throw new Error(`CaptionDecoder: weight ${name} is missing`);
    return v;
  }

  private gates(): number {
    return this.config.cell === 'gru' ? 3 : 4;
  }

  /**
   * Per-image quantities: projected regions, attention keys, the image's input term and the initial state.
   * @param features - `[B, R, featureDim]` encoder regions.
   * @param dropoutSeed - seed of the feature dropout when training, `null` at inference.
   */
  prepare(features: tf.Tensor3D, dropoutSeed: number | null = null): DecoderContext {
    const { regions, featureDim, projDim, attentionDim, hiddenDim, dropout } = this.config;
    const [b, r, f] = features.shape;
    if (r !== regions || f !== featureDim) throw new RangeError(`CaptionDecoder.prepare: features must be [B, ${regions}, ${featureDim}], got [${features.shape.join(', ')}]`);
    return tidyObject(() => {
      let v = tf.relu(tf.add(tf.matMul(features.reshape([b * r, f]), this.w('proj/kernel')), this.w('proj/bias'))) as tf.Tensor2D;
      if (dropoutSeed !== null && dropout > 0) v = tf.dropout(v, dropout, undefined, dropoutSeed) as tf.Tensor2D;
      const keys = tf.matMul(v, this.w('att/key')).reshape([b, r, attentionDim]) as tf.Tensor3D;
      const values = v.reshape([b, r, projDim]) as tf.Tensor3D;
      const g = tf.mean(values, 1) as tf.Tensor2D;
      const globalInput = tf.matMul(g, this.w('cell/global')) as tf.Tensor2D;
      const h = tf.tanh(tf.add(tf.matMul(g, this.w('init/h')), this.w('init/hb'))) as tf.Tensor2D;
      const c = this.config.cell === 'lstm' ? (tf.tanh(tf.add(tf.matMul(g, this.w('init/c')), this.w('init/cb'))) as tf.Tensor2D) : null;
      void hiddenDim;
      return { values, keys, globalInput, h, c };
    });
  }

  /** One recurrent step from pre-projected input `xp` `[B, G·H]` (tensors are not disposed). */
  private cellStep(xp: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D | null): { h: tf.Tensor2D; c: tf.Tensor2D | null } {
    const H = this.config.hiddenDim;
    const hp = tf.add(tf.matMul(h, this.w('cell/recurrent')), this.w('cell/rbias')) as tf.Tensor2D;
    if (this.config.cell === 'gru') {
      // PyTorch nn.GRU convention: n = tanh(x_n + r ⊙ (h W_hn + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
      const [xr, xz, xn] = tf.split(xp, [H, H, H], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const [hr, hz, hn] = tf.split(hp, [H, H, H], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const rg = tf.sigmoid(tf.add(xr, hr));
      const zg = tf.sigmoid(tf.add(xz, hz));
      const n = tf.tanh(tf.add(xn, tf.mul(rg, hn)));
      return { h: tf.add(n, tf.mul(zg, tf.sub(h, n))) as tf.Tensor2D, c: null };
    }
    const g = tf.add(xp, hp);
    const [gi, gf, gg, go] = tf.split(g, [H, H, H, H], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const cNew = tf.add(tf.mul(tf.sigmoid(gf), c as tf.Tensor2D), tf.mul(tf.sigmoid(gi), tf.tanh(gg))) as tf.Tensor2D;
    return { h: tf.mul(tf.sigmoid(go), tf.tanh(cNew)) as tf.Tensor2D, c: cNew };
  }

  /** Attention and output scores for hidden states `hs` `[B, T, H]`. */
  private attendAndScore(ctx: DecoderContext, hs: tf.Tensor3D, dropoutSeed: number | null): { logits: tf.Tensor2D; attention: tf.Tensor3D } {
    const { attentionDim, hiddenDim, projDim, embedDim, regions, dropout, vocabSize } = this.config;
    const [b, t] = hs.shape;
    const flat = hs.reshape([b * t, hiddenDim]) as tf.Tensor2D;
    const q = tf.matMul(flat, this.w('att/query')).reshape([b, t, 1, attentionDim]);
    const e = tf.tanh(tf.add(q, ctx.keys.reshape([b, 1, regions, attentionDim]))); // [B, T, R, A]
    const scores = tf.matMul(e.reshape([b * t * regions, attentionDim]), this.w('att/score')).reshape([b, t, regions]);
    const attention = tf.softmax(scores) as tf.Tensor3D;
    const context = tf.matMul(attention, ctx.values).reshape([b * t, projDim]) as tf.Tensor2D; // [B, T, R]·[B, R, D]
    let o = tf.tanh(tf.add(tf.add(tf.matMul(flat, this.w('out/hidden')), tf.matMul(context, this.w('out/context'))), this.w('out/bias'))) as tf.Tensor2D;
    if (dropoutSeed !== null && dropout > 0) o = tf.dropout(o, dropout, undefined, dropoutSeed + 2) as tf.Tensor2D;
    void embedDim;
    void vocabSize;
    const logits = tf.add(tf.matMul(o, this.w('out/vocab')), this.w('out/vocabBias')) as tf.Tensor2D;
    return { logits, attention };
  }

  /**
   * Teacher-forced pass over whole captions (training and validation loss).
   * @param features - `[B, R, featureDim]`.
   * @param inputs - `[B, T]` int32 token ids, starting with `<start>`.
   * @param dropoutSeed - seed of this step's dropout masks, or `null` (no dropout).
   */
  forward(features: tf.Tensor3D, inputs: tf.Tensor2D, dropoutSeed: number | null = null): TeacherForcedOutput {
    const { embedDim, hiddenDim, dropout } = this.config;
    const [b, t] = inputs.shape;
    if (inputs.dtype !== 'int32' || b !== features.shape[0]) throw new RangeError(`CaptionDecoder.forward: inputs must be int32 [B, T] with B = ${features.shape[0]}, got ${inputs.dtype} [${inputs.shape.join(', ')}]`);
    return tf.tidy(() => {
      const ctx = this.prepare(features, dropoutSeed);
      let emb = tf.gather(this.w('embedding'), inputs.reshape([b * t])) as tf.Tensor2D;
      if (dropoutSeed !== null && dropout > 0) emb = tf.dropout(emb, dropout, undefined, dropoutSeed + 1) as tf.Tensor2D;
      const G = this.gates() * hiddenDim;
      const xp = tf.add(tf.matMul(emb, this.w('cell/input')).reshape([b, t, G]), tf.add(ctx.globalInput, this.w('cell/bias')).reshape([b, 1, G]));
      const steps = tf.unstack(xp, 1) as tf.Tensor2D[];
      let h = ctx.h;
      let c = ctx.c;
      const hs: tf.Tensor2D[] = [];
      for (const x of steps) {
        ({ h, c } = this.cellStep(x, h, c));
        hs.push(h);
      }
      void embedDim;
      return this.attendAndScore(ctx, tf.stack(hs, 1) as tf.Tensor3D, dropoutSeed);
    });
  }

  /**
   * One decoding step for inference: feeds `tokens` and returns the log-probabilities of the next word.
   * @param ctx - from {@link prepare} (rows may have been gathered, e.g. per beam).
   * @param tokens - `[B]` int32 previous words.
   * @param h - `[B, H]` state; `c` the LSTM cell state.
   */
  step(ctx: DecoderContext, tokens: tf.Tensor1D, h: tf.Tensor2D, c: tf.Tensor2D | null): { logProbs: tf.Tensor2D; attention: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D | null } {
    return tidyObject(() => {
      const emb = tf.gather(this.w('embedding'), tokens) as tf.Tensor2D;
      const xp = tf.add(tf.add(tf.matMul(emb, this.w('cell/input')), ctx.globalInput), this.w('cell/bias')) as tf.Tensor2D;
      const next = this.cellStep(xp, h, c);
      const [b] = tokens.shape;
      const { logits, attention } = this.attendAndScore(ctx, next.h.reshape([b, 1, this.config.hiddenDim]) as tf.Tensor3D, null);
      return { logProbs: tf.logSoftmax(logits) as tf.Tensor2D, attention: attention.reshape([b, this.config.regions]) as tf.Tensor2D, h: next.h, c: next.c };
    });
  }

  /** Number of trainable values. */
  countParams(): number {
    let n = 0;
    for (const v of this.weights.values()) n += v.size;
    return n;
  }

  /** Frees every weight. */
  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
  }
}

/** The weight shapes of a decoder, in their fixed order. */
export function captionDecoderShapes(c: CaptionDecoderConfig): [string, number[]][] {
  const G = (c.cell === 'gru' ? 3 : 4) * c.hiddenDim;
  const shapes: [string, number[]][] = [
    ['proj/kernel', [c.featureDim, c.projDim]],
    ['proj/bias', [c.projDim]],
    ['att/key', [c.projDim, c.attentionDim]],
    ['att/query', [c.hiddenDim, c.attentionDim]],
    ['att/score', [c.attentionDim, 1]],
    ['init/h', [c.projDim, c.hiddenDim]],
    ['init/hb', [c.hiddenDim]],
  ];
  if (c.cell === 'lstm') shapes.push(['init/c', [c.projDim, c.hiddenDim]], ['init/cb', [c.hiddenDim]]);
  shapes.push(
    ['embedding', [c.vocabSize, c.embedDim]],
    ['cell/input', [c.embedDim, G]],
    ['cell/global', [c.projDim, G]],
    ['cell/bias', [G]],
    ['cell/recurrent', [c.hiddenDim, G]],
    ['cell/rbias', [G]],
    ['out/hidden', [c.hiddenDim, c.embedDim]],
    ['out/context', [c.projDim, c.embedDim]],
    ['out/bias', [c.embedDim]],
    ['out/vocab', [c.embedDim, c.vocabSize]],
    ['out/vocabBias', [c.vocabSize]],
  );
  return shapes;
}

/** Options of {@link buildCaptionDecoder}. */
export interface BuildCaptionDecoderOptions {
  /** Seed of the initial weights. @default 0 */
  seed?: number;
}

/** Default architecture besides the vocabulary size. */
export const CAPTION_DECODER_DEFAULTS: Omit<CaptionDecoderConfig, 'vocabSize'> = {
  cell: 'gru',
  regions: 49,
  featureDim: 1280,
  projDim: 256,
  embedDim: 256,
  hiddenDim: 512,
  attentionDim: 256,
  dropout: 0.3,
};

/**
 * Builds a {@link CaptionDecoder} with seeded Glorot-uniform matrices (Glorot & Bengio 2010), zero
 * biases (the LSTM forget gate at 1, Jozefowicz et al. 2015), and a N(0, 0.1²)-ish uniform embedding.
 * @param config - the architecture; `vocabSize` required, the rest defaults to {@link CAPTION_DECODER_DEFAULTS}.
 */
export function buildCaptionDecoder(config: Partial<CaptionDecoderConfig> & { vocabSize: number }, options: BuildCaptionDecoderOptions = {}): CaptionDecoder {
  const c: CaptionDecoderConfig = { ...CAPTION_DECODER_DEFAULTS, ...config };
  for (const k of ['vocabSize', 'regions', 'featureDim', 'projDim', 'embedDim', 'hiddenDim', 'attentionDim'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`buildCaptionDecoder: config.${k} must be a positive integer, got ${String(c[k])}`);
  }
  if (c.vocabSize < 5) throw new RangeError(`buildCaptionDecoder: config.vocabSize must be ≥ 5 (4 specials + words), got ${c.vocabSize}`);
  if (c.cell !== 'gru' && c.cell !== 'lstm') throw new RangeError(`buildCaptionDecoder: config.cell must be 'gru' or 'lstm', got ${String(c.cell)}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new RangeError(`buildCaptionDecoder: config.dropout must be in [0, 1), got ${c.dropout}`);
  const rng = createRng(options.seed ?? 0);
  const weights = new Map<string, tf.Variable>();
  for (const [name, shape] of captionDecoderShapes(c)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (shape.length === 2) {
      const limit = name === 'embedding' ? 0.1 : Math.sqrt(6 / ((shape[0] as number) + (shape[1] as number)));
      for (let i = 0; i < n; i++) data[i] = (2 * rng.next() - 1) * limit;
    } else if (c.cell === 'lstm' && name === 'cell/bias') data.fill(1, c.hiddenDim, 2 * c.hiddenDim);
    const init = tf.tensor(data, shape);
    weights.set(name, tf.variable(init, true));
    init.dispose();
  }
  return new CaptionDecoder(c, weights);
}
