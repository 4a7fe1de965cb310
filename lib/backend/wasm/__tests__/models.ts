/**
 * The networks the notebooks train, in parametrised form, for the wasm-vs-cpu training equivalence
 * test and the training benchmark (`scripts/bench/train.js`). Not the notebooks' own builders (those
 * live in lib/models/); these mirror their layer recipes so that every kernel they need is exercised.
 */
import * as tf from '@tensorflow/tfjs';

/** Options shared by the builders. */
export interface BenchModelOptions {
  /** Fixed dropout seed (dropout masks then coincide across backends), or `null` for no dropout. */
  dropoutSeed?: number | null;
}

function dropout(x: tf.SymbolicTensor, rate: number, o: BenchModelOptions): tf.SymbolicTensor {
  if (o.dropoutSeed === null) return x;
  return tf.layers.dropout({ rate, seed: o.dropoutSeed ?? 1 }).apply(x) as tf.SymbolicTensor;
}

/**
 * CNN classifier: `blocks` × (3×3 conv → ReLU → 2×2 max-pool), then flatten → dense(64) → dropout → softmax.
 */
export function buildCnnClassifier(size: number, numClasses: number, filters: number[], o: BenchModelOptions = {}): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  let x: tf.SymbolicTensor = input;
  for (const f of filters) {
    x = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  x = dropout(x, 0.5, o);
  const out = tf.layers.dense({ units: numClasses, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * A tiny MobileNetV2 (Sandler et al. 2018): stem 3×3/2 conv → BN → ReLU6, then inverted residual
 * blocks (1×1 expand → BN → ReLU6 → 3×3 depthwise (stride 1 or 2) → BN → ReLU6 → 1×1 project → BN,
 * + skip when shapes match), global average pool, dropout, softmax.
 */
export function buildMobileNetV2Tiny(size: number, numClasses: number, o: BenchModelOptions = {}): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3] });
  const bnRelu6 = (t: tf.SymbolicTensor) =>
    tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization().apply(t)) as tf.SymbolicTensor;
  let x = bnRelu6(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor);
  const block = (t: tf.SymbolicTensor, out: number, stride: number, expand: number) => {
    const inC = t.shape[3] as number;
    let y = bnRelu6(tf.layers.conv2d({ filters: inC * expand, kernelSize: 1, useBias: false }).apply(t) as tf.SymbolicTensor);
    y = bnRelu6(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor);
    y = tf.layers.batchNormalization().apply(tf.layers.conv2d({ filters: out, kernelSize: 1, useBias: false }).apply(y)) as tf.SymbolicTensor;
    return stride === 1 && inC === out ? (tf.layers.add().apply([t, y]) as tf.SymbolicTensor) : y;
  };
  x = block(x, 8, 1, 1);
  x = block(x, 12, 2, 3);
  x = block(x, 12, 1, 3);
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = dropout(x, 0.2, o);
  const out = tf.layers.dense({ units: numClasses, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * Captioner-style decoder with attention (Bahdanau-free Luong dot attention): an LSTM encodes a
 * sequence of `encLen` feature vectors (an image's feature grid); token embedding → GRU; each decoder
 * state attends over the encoder states; [state, context] → softmax over the vocabulary.
 * Inputs: [features [encLen, featDim], tokens [seqLen]]; output [seqLen, vocab].
 */
export function buildAttentionDecoder(vocab: number, embed: number, units: number, seqLen: number, encLen: number, featDim: number): tf.LayersModel {
  const features = tf.input({ shape: [encLen, featDim] });
  const tokens = tf.input({ shape: [seqLen] });
  const enc = tf.layers.lstm({ units, returnSequences: true }).apply(features) as tf.SymbolicTensor;
  const emb = tf.layers.embedding({ inputDim: vocab, outputDim: embed }).apply(tokens) as tf.SymbolicTensor;
  const dec = tf.layers.gru({ units, returnSequences: true }).apply(emb) as tf.SymbolicTensor;
  const scores = tf.layers.dot({ axes: [2, 2] }).apply([dec, enc]) as tf.SymbolicTensor;
  const attn = tf.layers.activation({ activation: 'softmax' }).apply(scores) as tf.SymbolicTensor;
  const context = tf.layers.dot({ axes: [2, 1] }).apply([attn, enc]) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate().apply([dec, context]) as tf.SymbolicTensor;
  const out = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: vocab, activation: 'softmax' }) }).apply(merged) as tf.SymbolicTensor;
  return tf.model({ inputs: [features, tokens], outputs: out });
}

/** Plain language-model decoder: embedding → GRU → dense softmax per step (the benchmark's decoder). */
export function buildGruDecoder(vocab: number, embed: number, units: number, seqLen: number): tf.LayersModel {
  const tokens = tf.input({ shape: [seqLen] });
  const emb = tf.layers.embedding({ inputDim: vocab, outputDim: embed }).apply(tokens) as tf.SymbolicTensor;
  const dec = tf.layers.gru({ units, returnSequences: true }).apply(emb) as tf.SymbolicTensor;
  // A dense layer on the [batch, time, units] sequence is one product over batch·time rows (as PyTorch's
  // nn.Linear); timeDistributed would run one product per step, packing the units×vocab weights each time.
  const out = tf.layers.dense({ units: vocab, activation: 'softmax' }).apply(dec) as tf.SymbolicTensor;
  return tf.model({ inputs: tokens, outputs: out });
}

/**
 * pix2pix U-Net generator (Isola et al. 2017), `filters.length` levels: 4×4 stride-2 convs down
 * (LeakyReLU 0.2, batch norm after the first), 4×4 stride-2 transposed convs up (batch norm, dropout
 * on the innermost, ReLU) with skip concatenations, tanh output.
 */
export function buildUnet(size: number, channels: number, filters: number[], o: BenchModelOptions = {}): tf.LayersModel {
  const init = 'glorotUniform';
  const input = tf.input({ shape: [size, size, channels] });
  const skips: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = input;
  filters.forEach((f, i) => {
    x = tf.layers.conv2d({ filters: f, kernelSize: 4, strides: 2, padding: 'same', useBias: i === 0, kernelInitializer: init }).apply(x) as tf.SymbolicTensor;
    if (i > 0) x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    skips.push(x);
  });
  for (let i = filters.length - 2; i >= 0; i--) {
    x = tf.layers.conv2dTranspose({ filters: filters[i] as number, kernelSize: 4, strides: 2, padding: 'same', useBias: false, kernelInitializer: init }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    if (i === filters.length - 2) x = dropout(x, 0.5, o);
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, skips[i] as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  const out = tf.layers.conv2dTranspose({ filters: channels, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/**
 * 70×70 PatchGAN discriminator (pix2pix): on [source, target] concatenated, C64-C128-C256-C512 (4×4
 * convs, strides 2-2-2-1, batch norm from the second, LeakyReLU 0.2), then a 4×4 conv to one logit per patch.
 * `filters` scales the widths (64,128,256,512 in the paper).
 */
export function buildPatchGan(size: number, channels: number, filters: [number, number, number, number]): tf.LayersModel {
  const src = tf.input({ shape: [size, size, channels] });
  const tgt = tf.input({ shape: [size, size, channels] });
  let x = tf.layers.concatenate().apply([src, tgt]) as tf.SymbolicTensor;
  filters.forEach((f, i) => {
    x = tf.layers.conv2d({ filters: f, kernelSize: 4, strides: i < 3 ? 2 : 1, padding: 'same', useBias: i === 0 }).apply(x) as tf.SymbolicTensor;
    if (i > 0) x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  });
  const out = tf.layers.conv2d({ filters: 1, kernelSize: 4, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: [src, tgt], outputs: out });
}

/** One pix2pix training step: D on (real, fake) with BCE-from-logits, then G with BCE + λ·L1 (λ = 100). */
export interface Pix2PixStep {
  (source: tf.Tensor4D, target: tf.Tensor4D): { gLoss: number; dLoss: number };
}

export function makePix2PixStep(gen: tf.LayersModel, disc: tf.LayersModel, gOpt: tf.Optimizer, dOpt: tf.Optimizer, lambda = 100): Pix2PixStep {
  const bce = (logits: tf.Tensor, real: boolean) =>
    tf.losses.sigmoidCrossEntropy(real ? tf.onesLike(logits) : tf.zerosLike(logits), logits);
  return (source, target) => {
    const dLoss = dOpt.minimize(() => {
      const fake = gen.apply(source, { training: true }) as tf.Tensor;
      const realLogits = disc.apply([source, target], { training: true }) as tf.Tensor;
      const fakeLogits = disc.apply([source, fake], { training: true }) as tf.Tensor;
      return tf.mul(0.5, tf.add(bce(realLogits, true), bce(fakeLogits, false))) as tf.Scalar;
    }, true, disc.trainableWeights.map((w) => w.read() as tf.Variable)) as tf.Scalar;
    const gLoss = gOpt.minimize(() => {
      const fake = gen.apply(source, { training: true }) as tf.Tensor;
      const fakeLogits = disc.apply([source, fake], { training: true }) as tf.Tensor;
      return tf.add(bce(fakeLogits, true), tf.mul(lambda, tf.losses.absoluteDifference(target, fake))) as tf.Scalar;
    }, true, gen.trainableWeights.map((w) => w.read() as tf.Variable)) as tf.Scalar;
    const out = { gLoss: gLoss.dataSync()[0] as number, dLoss: dLoss.dataSync()[0] as number };
    gLoss.dispose();
    dLoss.dispose();
    return out;
  };
}
