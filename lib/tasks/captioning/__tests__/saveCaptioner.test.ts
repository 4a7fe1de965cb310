import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildCaptionDecoder, type CaptionDecoder } from '../../../networks/CaptionDecoder';
import { decodeFloat16, encodeFloat16 } from '../../../io/float16';
import { writeTensors, type TensorFileIndex } from '../../../models/writeTensors';
import { readTensors } from '../../../models/readTensors';
import { saveCaptioner } from '../saveCaptioner';
import { readCaptionDecoder } from '../readCaptionDecoder';
import { buildVocabulary } from '../buildVocabulary';
import { loadVocabulary } from '../loadVocabulary';

const vocab = buildVocabulary([['a', 'dog', 'runs'], ['a', 'cat', 'sits'], ['a', 'dog']], { minCount: 1 });

function tinyDecoder(cell: 'gru' | 'lstm' = 'lstm'): CaptionDecoder {
  const dec = buildCaptionDecoder({ cell, vocabSize: vocab.words.length, regions: 4, featureDim: 6, projDim: 5, embedDim: 3, hiddenDim: 7, attentionDim: 4, dropout: 0.2 }, { seed: 9 });
  // Non-zero biases and a few tiny values (float16 subnormals / zeros), so the storage is really exercised.
  tf.tidy(() => {
    for (const [name, v] of dec.weights) if (v.rank === 1) v.assign(tf.randomUniform(v.shape, -1, 1, 'float32', name.length));
    const e = dec.weights.get('embedding') as tf.Variable;
    e.assign(tf.mul(e, tf.tensor1d([1, 1e-3, 1e-6]).reshape([1, 3])));
  });
  return dec;
}

async function values(dec: CaptionDecoder): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of dec.weights) out.set(k, (await v.data()) as Float32Array);
  return out;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-savecap-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('saveCaptioner float32 → readCaptionDecoder: config and every weight exact, same forward; vocabulary and card written; no temporary file', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const dec = tinyDecoder();
    const want = await values(dec);
    const card = { task: 'captioning', note: 'test' };
    await saveCaptioner(dec, vocab, dir, { dtype: 'float32', card });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['card.json', 'decoder.json', 'vocabulary.json', 'weights.bin', 'weights.json']);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8')), card);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'decoder.json'), 'utf8')), { format: 'tounum-caption-decoder', version: 1, config: dec.config });
    assert.deepEqual(await loadVocabulary(path.join(dir, 'vocabulary.json')), vocab);
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8')) as TensorFileIndex;
    assert.equal(index.dtype, 'float32');
    assert.equal(fs.statSync(path.join(dir, 'weights.bin')).size, 4 * dec.countParams());

    const before = tf.memory().numTensors;
    const back = await readCaptionDecoder(dir);
    assert.equal(tf.memory().numTensors, before + back.weights.size, 'only the new weights');
    assert.deepEqual(back.config, dec.config);
    assert.deepEqual([...back.weights.keys()], [...dec.weights.keys()]);
    assert.deepEqual(await values(back), want);
    // The two decoders coexist and compute the same thing.
    const f = tf.randomNormal([2, 4, 6], 0, 1, 'float32', 1) as tf.Tensor3D;
    const x = tf.tensor2d([1, 5, 6, 1, 4, 0], [2, 3], 'int32');
    const [o1, o2] = [dec.forward(f, x), back.forward(f, x)];
    assert.deepEqual(await o2.logits.data(), await o1.logits.data());
    tf.dispose([f, x, o1.logits, o1.attention, o2.logits, o2.attention]);
    back.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(await values(dec), want, 'the saved decoder is untouched');
    dec.dispose();
  }));

test('saveCaptioner float16 (the default): half the bytes, every weight the binary16 rounding of the original', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const dec = tinyDecoder('gru');
    const want = await values(dec);
    await saveCaptioner(dec, vocab, dir);
    assert.ok(!fs.existsSync(path.join(dir, 'card.json')), 'no card unless given');
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8')) as TensorFileIndex).dtype, 'float16');
    assert.equal(fs.statSync(path.join(dir, 'weights.bin')).size, 2 * dec.countParams());
    const back = await readCaptionDecoder(dir);
    let moved = 0;
    for (const [name, got] of await values(back)) {
      const w = want.get(name) as Float32Array;
      assert.deepEqual(got, decodeFloat16(encodeFloat16(w)), `${name}: exactly the binary16 rounding`);
      w.forEach((v, i) => {
        const err = Math.abs((got[i] as number) - v);
        assert.ok(err <= Math.abs(v) * 2 ** -11 + 2 ** -25, `${name}[${i}]: ${got[i]} vs ${v}`);
        if (err > 0) moved++;
      });
    }
    assert.ok(moved > 0);
    back.dispose();
    dec.dispose();
  }));

test('readCaptionDecoder: a truncated weights.bin, a missing file or a wrong shape is an error naming the file; nothing leaks', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const dec = tinyDecoder();
    await saveCaptioner(dec, vocab, dir, { dtype: 'float32' });
    dec.dispose();
    const before = tf.memory().numTensors;
    const bin = path.join(dir, 'weights.bin');
    const full = fs.readFileSync(bin);

    fs.writeFileSync(bin, full.subarray(0, full.length - 10));
    await assert.rejects(readCaptionDecoder(dir), (e: Error) => {
      assert.match(e.message, /^readTensors: .*weights\.bin is truncated \(tensor out\/vocabBias needs bytes \d+–\d+, file has \d+\)$/);
      assert.ok(e.message.includes(path.join(dir, 'weights.bin')), e.message);
      return true;
    });
    assert.equal(tf.memory().numTensors, before);

    fs.writeFileSync(bin, full);
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'decoder.json'), 'utf8')) as { config: { hiddenDim: number } };
    fs.writeFileSync(path.join(dir, 'decoder.json'), JSON.stringify({ ...spec, config: { ...spec.config, hiddenDim: 8 } }));
    await assert.rejects(readCaptionDecoder(dir), { message: `readCaptionDecoder: ${dir}: weight att/query is [7, 4], expected [8, 4]` });
    assert.equal(tf.memory().numTensors, before, 'the weights read before the bad one are freed');

    fs.rmSync(path.join(dir, 'decoder.json'));
    await assert.rejects(readCaptionDecoder(dir), { message: new RegExp(`^readCaptionDecoder: cannot read ${path.join(dir, 'decoder.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `) });
    fs.writeFileSync(path.join(dir, 'decoder.json'), JSON.stringify({ format: 'other', config: spec.config }));
    await assert.rejects(readCaptionDecoder(dir), { message: /decoder\.json: not a tounum caption decoder$/ });
    fs.writeFileSync(path.join(dir, 'decoder.json'), JSON.stringify(spec));
    await assert.rejects(readCaptionDecoder(dir, 'nothing'), { message: `readTensors: cannot read ${path.join(dir, 'nothing')}.json/.bin: ENOENT: no such file or directory, open '${path.join(dir, 'nothing')}.json'` });
    assert.equal(tf.memory().numTensors, before);
  }));

test('writeTensors / readTensors: int32 stays exact under float16 storage, file order kept; bad dtypes and indexes are errors', () =>
  withDir(async (dir) => {
    await tf.setBackend('cpu');
    const ints = tf.tensor1d([0, -7, 2 ** 30, 65505], 'int32');
    const floats = tf.tensor2d([[0.1, -2], [65519, 1e-8]]);
    const scalar = tf.scalar(3.25);
    const base = path.join(dir, 'nested', 't');
    await writeTensors([{ name: 'i', tensor: ints }, { name: 'f', tensor: floats }, { name: 's', tensor: scalar }], base, { dtype: 'float16' });
    const t = await readTensors(base);
    assert.deepEqual([...t.keys()], ['i', 'f', 's']);
    assert.equal(t.get('i')?.dtype, 'int32');
    assert.deepEqual(Array.from(await (t.get('i') as tf.Tensor).data()), [0, -7, 2 ** 30, 65505]);
    assert.deepEqual(t.get('f')?.shape, [2, 2]);
    assert.deepEqual(await (t.get('f') as tf.Tensor).data(), decodeFloat16(encodeFloat16([0.1, -2, 65519, 1e-8])));
    assert.deepEqual(t.get('s')?.shape, []);
    assert.equal((await (t.get('s') as tf.Tensor).data())[0], 3.25);
    t.forEach((x) => x.dispose());
    assert.deepEqual(fs.readdirSync(path.dirname(base)).sort(), ['t.bin', 't.json']);

    const bool = tf.tensor1d([1, 0], 'bool');
    await assert.rejects(writeTensors([{ name: 'b', tensor: bool }], base), { name: 'TypeError', message: 'writeTensors: tensor b is bool; only float32 and int32 are stored' });
    await assert.rejects(writeTensors([], base, { dtype: 'float64' as 'float32' }), { name: 'RangeError', message: "writeTensors: options.dtype must be 'float32' or 'float16', got float64" });
    fs.writeFileSync(`${base}.json`, JSON.stringify({ format: 'something', tensors: [] }));
    await assert.rejects(readTensors(base), { message: `readTensors: ${base}.json is not a tounum tensor index` });
    tf.dispose([ints, floats, scalar, bool]);
  }));
