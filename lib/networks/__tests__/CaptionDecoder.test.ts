import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CaptionDecoder, CAPTION_DECODER_DEFAULTS, buildCaptionDecoder, captionDecoderShapes, type CaptionDecoderConfig } from '../CaptionDecoder';
import { maskedSoftmaxCrossEntropy } from '../../training/maskedSoftmaxCrossEntropy';

/** One cell's case of scripts/golden/make_caption_decoder.py (PyTorch, float64). */
interface DecoderCase {
  cell: 'gru' | 'lstm';
  config: CaptionDecoderConfig;
  weights: Record<string, { shape: number[]; values: number[] }>;
  features: { shape: [number, number, number]; values: number[] };
  inputs: { shape: [number, number]; values: number[] };
  targets: number[];
  mask: number[];
  logits: number[];
  attention: number[];
  loss: number;
  gradLogits: number[];
  grads: Record<string, number[]>;
}
interface DecoderFixture {
  reference: string;
  cases: DecoderCase[];
}

const fx = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'lib', 'networks', '__tests__', 'fixtures', 'caption-decoder-torch.json'), 'utf8')) as DecoderFixture;

/** The fixture's decoder: its weights (in the library's names and layout) copied into unnamed tfjs variables, as readCaptionDecoder does. */
function decoderOf(c: DecoderCase): CaptionDecoder {
  const weights = new Map<string, tf.Variable>();
  for (const [name, shape] of captionDecoderShapes(c.config)) {
    const w = c.weights[name];
    assert.ok(w !== undefined, `fixture lacks ${name}`);
    assert.deepEqual(w.shape, shape, `fixture shape of ${name}`);
    const init = tf.tensor(w.values, shape, 'float32');
    weights.set(name, tf.variable(init, true));
    init.dispose();
  }
  assert.equal(Object.keys(c.weights).length, weights.size);
  return new CaptionDecoder(c.config, weights);
}

function inputsOf(c: DecoderCase): { f: tf.Tensor3D; x: tf.Tensor2D; y: tf.Tensor1D; m: tf.Tensor1D } {
  return {
    f: tf.tensor3d(c.features.values, c.features.shape),
    x: tf.tensor2d(c.inputs.values, c.inputs.shape, 'int32'),
    y: tf.tensor1d(c.targets, 'int32'),
    m: tf.tensor1d(c.mask, 'float32'),
  };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  assert.equal(a.length, b.length, `${what}: length`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Row-wise log-softmax of `[rows, cols]` float64 values. */
function logSoftmaxRows(z: readonly number[], cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < z.length / cols; r++) {
    const row = z.slice(r * cols, (r + 1) * cols);
    const mx = Math.max(...row);
    const lse = mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
    out.push(...row.map((v) => v - lse));
  }
  return out;
}

for (const c of fx.cases) {
  test(`CaptionDecoder (${c.cell}) forward: logits and attention match ${fx.reference} to 1e-5; no tensor leak`, async () => {
    await tf.setBackend('cpu');
    const dec = decoderOf(c);
    const { f, x, y, m } = inputsOf(c);
    const before = tf.memory().numTensors;
    const out = dec.forward(f, x);
    assert.deepEqual(out.logits.shape, [10, 11]);
    assert.deepEqual(out.attention.shape, [2, 5, 4]);
    const logits = await out.logits.data();
    const attention = await out.attention.data();
    assert.ok(maxAbsDiff(logits, c.logits, 'logits') < 1e-5, `logits differ by ${maxAbsDiff(logits, c.logits, 'logits')}`);
    assert.ok(maxAbsDiff(attention, c.attention, 'attention') < 1e-5, `attention differs by ${maxAbsDiff(attention, c.attention, 'attention')}`);
    // The case is not degenerate: the attention is far from uniform and the logits vary.
    assert.ok(maxAbs(c.attention.map((a) => a - 0.25)) > 0.05 && maxAbs(c.logits) > 0.5);
    tf.dispose([out.logits, out.attention]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([f, x, y, m]);
    dec.dispose();
  });

  test(`CaptionDecoder (${c.cell}): prepare + step, repeated, gives forward()'s log-softmax and attention at every step`, async () => {
    await tf.setBackend('cpu');
    const dec = decoderOf(c);
    const { f, x, y, m } = inputsOf(c);
    const [B, T] = c.inputs.shape;
    const V = c.config.vocabSize;
    const R = c.config.regions;
    const ref = logSoftmaxRows(c.logits, V);
    const before = tf.memory().numTensors;
    const ctx = dec.prepare(f);
    assert.deepEqual(ctx.values.shape, [B, R, c.config.projDim]);
    assert.deepEqual(ctx.keys.shape, [B, R, c.config.attentionDim]);
    assert.equal(ctx.c === null, c.cell === 'gru');
    let h = ctx.h;
    let cs = ctx.c;
    for (let t = 0; t < T; t++) {
      const tokens = tf.tensor1d(Array.from({ length: B }, (_, b) => c.inputs.values[b * T + t] as number), 'int32');
      const s = dec.step(ctx, tokens, h, cs);
      const lp = await s.logProbs.data();
      const att = await s.attention.data();
      for (let b = 0; b < B; b++) {
        const want = ref.slice((b * T + t) * V, (b * T + t + 1) * V);
        const d = maxAbsDiff(lp.slice(b * V, (b + 1) * V), want, 'logProbs');
        assert.ok(d < 2e-5, `step ${t}, row ${b}: log-probs differ by ${d}`);
        const da = maxAbsDiff(att.slice(b * R, (b + 1) * R), c.attention.slice((b * T + t) * R, (b * T + t + 1) * R), 'attention');
        assert.ok(da < 1e-5, `step ${t}, row ${b}: attention differs by ${da}`);
      }
      tf.dispose([tokens, s.logProbs, s.attention]);
      if (h !== ctx.h) h.dispose();
      if (cs !== null && cs !== ctx.c) cs.dispose();
      h = s.h;
      cs = s.c;
    }
    tf.dispose([h, ...(cs === null ? [] : [cs]), ctx.values, ctx.keys, ctx.globalInput, ctx.h, ...(ctx.c === null ? [] : [ctx.c])]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([f, x, y, m]);
    dec.dispose();
  });

  test(`CaptionDecoder (${c.cell}): masked cross-entropy and its gradients w.r.t. the logits and every weight match PyTorch to 1e-4 (relative)`, async () => {
    await tf.setBackend('cpu');
    const dec = decoderOf(c);
    const { f, x, y, m } = inputsOf(c);
    const before = tf.memory().numTensors;
    const vars = [...dec.weights.values()];
    const { value, grads } = tf.variableGrads(() => maskedSoftmaxCrossEntropy(dec.forward(f, x).logits, y, m), vars);
    const loss = (await value.data())[0] as number;
    assert.ok(Math.abs(loss - c.loss) < 1e-5 * Math.max(1, c.loss), `loss ${loss}, PyTorch ${c.loss}`);
    assert.equal(Object.keys(grads).length, dec.weights.size);
    const off: string[] = [];
    for (const [name, v] of dec.weights) {
      const g = grads[v.name] as tf.Tensor;
      const want = c.grads[name] as number[];
      const got = await g.data();
      const scale = maxAbs(want);
      assert.ok(scale > 1e-6, `the PyTorch gradient of ${name} is zero: the case does not test it`);
      const d = maxAbsDiff(got, want, name);
      if (d > 1e-4 * scale) off.push(`${name}: max |Δ| ${d.toExponential(2)} vs max |g| ${scale.toExponential(2)}`);
    }
    assert.deepEqual(off, []);
    tf.dispose([value, ...Object.values(grads)]);

    // Gradient w.r.t. the logits themselves (masked rows get exactly 0).
    const logits = tf.tensor2d(c.logits, [10, c.config.vocabSize]);
    const gz = tf.grad((z: tf.Tensor) => maskedSoftmaxCrossEntropy(z as tf.Tensor2D, y, m))(logits);
    const gzd = await gz.data();
    assert.ok(maxAbsDiff(gzd, c.gradLogits, 'gradLogits') < 1e-6, `d loss / d logits differs by ${maxAbsDiff(gzd, c.gradLogits, 'gradLogits')}`);
    assert.ok(Array.from(gzd.slice(8 * 11)).every((v) => v === 0), 'padded rows have no gradient');
    tf.dispose([logits, gz]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([f, x, y, m]);
    dec.dispose();
  });
}

test('CaptionDecoder: bad shapes are RangeErrors naming the expected shape; nothing leaks', async () => {
  await tf.setBackend('cpu');
  const dec = buildCaptionDecoder({ vocabSize: 11, regions: 4, featureDim: 6, projDim: 5, embedDim: 3, hiddenDim: 7, attentionDim: 4, dropout: 0 }, { seed: 1 });
  const good = tf.zeros([2, 4, 6]) as tf.Tensor3D;
  const badRegions = tf.zeros([2, 3, 6]) as tf.Tensor3D;
  const badDim = tf.zeros([2, 4, 5]) as tf.Tensor3D;
  const ids = tf.tensor2d([1, 4, 1, 5], [2, 2], 'int32');
  const floatIds = tf.tensor2d([1, 4, 1, 5], [2, 2], 'float32');
  const threeRows = tf.tensor2d([1, 4, 1, 5, 1, 6], [3, 2], 'int32');
  const before = tf.memory().numTensors;
  assert.throws(() => dec.prepare(badRegions), { name: 'RangeError', message: 'CaptionDecoder.prepare: features must be [B, 4, 6], got [2, 3, 6]' });
  assert.throws(() => dec.prepare(badDim), { name: 'RangeError', message: /features must be \[B, 4, 6\], got \[2, 4, 5\]/ });
  assert.throws(() => dec.forward(badRegions, ids), { name: 'RangeError', message: /CaptionDecoder\.prepare: features must be \[B, 4, 6\]/ });
  assert.throws(() => dec.forward(good, floatIds), { name: 'RangeError', message: 'CaptionDecoder.forward: inputs must be int32 [B, T] with B = 2, got float32 [2, 2]' });
  assert.throws(() => dec.forward(good, threeRows), { name: 'RangeError', message: /inputs must be int32 \[B, T\] with B = 2, got int32 \[3, 2\]/ });
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([good, badRegions, badDim, ids, floatIds, threeRows]);
  dec.dispose();
});

test('buildCaptionDecoder: config errors are RangeErrors naming the field and value', () => {
  const base = { vocabSize: 11, regions: 4, featureDim: 6, projDim: 5, embedDim: 3, hiddenDim: 7, attentionDim: 4 };
  const before = tf.memory().numTensors;
  assert.throws(() => buildCaptionDecoder({ ...base, hiddenDim: 0 }), { name: 'RangeError', message: 'buildCaptionDecoder: config.hiddenDim must be a positive integer, got 0' });
  assert.throws(() => buildCaptionDecoder({ ...base, projDim: 2.5 }), { name: 'RangeError', message: /config\.projDim must be a positive integer, got 2\.5/ });
  assert.throws(() => buildCaptionDecoder({ ...base, vocabSize: 4 }), { name: 'RangeError', message: /config\.vocabSize must be ≥ 5 \(4 specials \+ words\), got 4/ });
  assert.throws(() => buildCaptionDecoder({ ...base, cell: 'rnn' as 'gru' }), { name: 'RangeError', message: "buildCaptionDecoder: config.cell must be 'gru' or 'lstm', got rnn" });
  assert.throws(() => buildCaptionDecoder({ ...base, dropout: 1 }), { name: 'RangeError', message: 'buildCaptionDecoder: config.dropout must be in [0, 1), got 1' });
  assert.throws(() => buildCaptionDecoder({ ...base, dropout: Number.NaN }), { name: 'RangeError', message: /config\.dropout must be in \[0, 1\), got NaN/ });
  assert.equal(tf.memory().numTensors, before);
});

async function weightValues(dec: CaptionDecoder): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of dec.weights) out.set(k, (await v.data()) as Float32Array);
  return out;
}

test('buildCaptionDecoder is deterministic for a seed; Glorot limits, zero biases, LSTM forget bias 1', async () => {
  await tf.setBackend('cpu');
  const cfg = { vocabSize: 11, regions: 4, featureDim: 6, projDim: 5, embedDim: 3, hiddenDim: 7, attentionDim: 4, cell: 'lstm' as const };
  const before = tf.memory().numTensors;
  let dec = buildCaptionDecoder(cfg, { seed: 3 });
  assert.equal(tf.memory().numTensors, before + dec.weights.size, 'one tensor per weight, nothing else');
  const a = await weightValues(dec);
  assert.deepEqual([...dec.weights.keys()], captionDecoderShapes(dec.config).map(([n]) => n));
  for (const [name, shape] of captionDecoderShapes(dec.config)) {
    const w = a.get(name) as Float32Array;
    assert.deepEqual(dec.weights.get(name)?.shape, shape);
    if (shape.length === 2) {
      const limit = name === 'embedding' ? 0.1 : Math.sqrt(6 / ((shape[0] as number) + (shape[1] as number)));
      assert.ok(maxAbs(w) <= limit && maxAbs(w) > 0.5 * limit, `${name}: max |w| ${maxAbs(w)}, limit ${limit}`);
    } else if (name === 'cell/bias') {
      assert.deepEqual(Array.from(w), Array.from({ length: 28 }, (_, i) => (i >= 7 && i < 14 ? 1 : 0)), 'i, f, g, o: only f is 1');
    } else assert.ok(w.every((v) => v === 0), `${name} is zero`);
  }
  dec.dispose();
  dec = buildCaptionDecoder(cfg, { seed: 3 });
  assert.deepEqual(await weightValues(dec), a);
  dec.dispose();
  dec = buildCaptionDecoder(cfg, { seed: 4 });
  const c = await weightValues(dec);
  assert.notDeepEqual(c.get('att/key'), a.get('att/key'));
  dec.dispose();
  dec = buildCaptionDecoder(cfg);
  const byDefault = await weightValues(dec);
  dec.dispose();
  dec = buildCaptionDecoder(cfg, { seed: 0 });
  assert.deepEqual(await weightValues(dec), byDefault, 'the default seed is 0');
  // Two decoders can coexist (unnamed variables), and disposing one leaves the other intact.
  const other = buildCaptionDecoder(cfg, { seed: 3 });
  assert.deepEqual(await weightValues(other), a);
  dec.dispose();
  assert.deepEqual(await weightValues(other), a);
  other.dispose();
  assert.equal(tf.memory().numTensors, before, 'build + dispose leaves nothing behind');
});

test('default architecture: 2,429,184 + 513 × vocabSize trainable values (2,637,462 for the shipped 406 words); the LSTM adds a quarter gate', async () => {
  await tf.setBackend('cpu');
  assert.deepEqual(CAPTION_DECODER_DEFAULTS, { cell: 'gru', regions: 49, featureDim: 1280, projDim: 256, embedDim: 256, hiddenDim: 512, attentionDim: 256, dropout: 0.3 });
  const before = tf.memory().numTensors;
  const dec = buildCaptionDecoder({ vocabSize: 406 });
  assert.deepEqual(dec.config, { ...CAPTION_DECODER_DEFAULTS, vocabSize: 406 });
  assert.equal(dec.countParams(), 2_637_462);
  assert.equal(dec.weights.size, 18);
  dec.dispose();
  assert.equal(tf.memory().numTensors, before);
  const count = (c: CaptionDecoderConfig): number => captionDecoderShapes(c).reduce((s, [, sh]) => s + sh.reduce((a, b) => a * b, 1), 0);
  assert.equal(count({ ...CAPTION_DECODER_DEFAULTS, vocabSize: 1000 }), 2_429_184 + 513 * 1000);
  // LSTM: a fourth gate block (embed + proj + hidden inputs, two biases) and the initial cell state.
  assert.equal(count({ ...CAPTION_DECODER_DEFAULTS, cell: 'lstm', vocabSize: 406 }), 2_637_462 + (256 + 256 + 512 + 2) * 512 + 256 * 512 + 512);
});
