import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { main } from '..';
import { selectBackend } from '../../backend';
import { getDataLocations } from '../../datasets/findPackageRoot';
import { createImage } from '../../image';
import { writeImage } from '../../io';
import { buildCaptionDecoder } from '../../networks/CaptionDecoder';
import { buildVocabulary } from '../../tasks/captioning/buildVocabulary';
import { saveCaptioner } from '../../tasks/captioning/saveCaptioner';

/**
 * `tounum caption` over a folder with good and bad files, with a tiny random-weight captioner made
 * here (the real frozen encoder, mobilenetv2-100-224, from the dataset mirror).
 */

const encoderAvailable = fs.existsSync(getDataLocations('mobilenetv2-100-224').mirrorDir);

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb(); } });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

interface CaptionJson {
  results: Array<{ input: string; caption: string; words: string[]; logProb: number; seconds: number; warnings: string[] }>;
  errors: Array<{ input: string; error: string; seconds: number }>;
  summary: { command: string; total: number; succeeded: number; failed: number; seconds: number; beam: number; maxLength: number; model: string };
}

/**
 * A captioner folder with a tiny decoder (regions and features of the real encoder). `<end>` and the
 * other specials get a very low score, so every caption has exactly `--max-length` words.
 */
async function makeCaptioner(dir: string): Promise<void> {
  const vocab = buildVocabulary([['a', 'dog', 'runs'], ['a', 'man', 'on', 'a', 'bike'], ['two', 'dogs', 'play']], { minCount: 1 });
  const decoder = buildCaptionDecoder({ vocabSize: vocab.words.length, regions: 49, featureDim: 1280, projDim: 8, embedDim: 8, hiddenDim: 8, attentionDim: 8, cell: 'gru', dropout: 0 }, { seed: 3 });
  const bias = new Float32Array(vocab.words.length);
  bias.fill(-30, 0, 4);
  decoder.weights.get('out/vocabBias')?.assign(tf.tensor1d(bias));
  const card = { task: 'captioning', encoder: { id: 'mobilenetv2-100-224', layer: 'Conv_1', regions: 49, featureDim: 1280, frozen: true }, inference: { beam: 5, maxLength: 20, lengthPenalty: 0.7 } };
  await saveCaptioner(decoder, vocab, dir, { card, dtype: 'float32' });
  decoder.dispose();
}

async function jpeg(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(96 * 64 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.round(127 + 100 * Math.sin(i / (37 + seed)) * Math.cos(i / 1000));
  return sharp(raw, { raw: { width: 96, height: 64, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

function digests(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-caption-'));
    try {
      await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('caption: usage errors exit 2 at once, before any model is read', withDir(async (dir) => {
  const help = await run(['caption', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /--beam N\s+beam width, an integer from 1 \(greedy, fastest\) to 10/);
  assert.match(help.out, /Flickr8k/);
  assert.match(help.out, /research \/ non-commercial/);
  assert.match(help.out, /English/);
  fs.writeFileSync(path.join(dir, 'a.jpg'), await jpeg(0));
  const a = path.join(dir, 'a.jpg');
  // No model exists at --model here: the option and argument checks come first.
  const noModel = path.join(dir, 'no-model');
  const cases: Array<[string[], RegExp]> = [
    [['--beam', '0'], /--beam must be an integer from 1 \(greedy\) to 10; got 0/],
    [['--beam', '11'], /--beam must be an integer from 1 \(greedy\) to 10; got 11/],
    [['--beam', '2.5'], /--beam must be an integer from 1 \(greedy\) to 10; got 2.5/],
    [['--beam', 'wide'], /--beam needs a number, got "wide"/],
    [['--max-length', '0'], /--max-length must be an integer from 1 to 50 \(words\); got 0/],
    [['--max-length', '51'], /--max-length must be an integer from 1 to 50 \(words\); got 51/],
    [['--colour'], /unknown option --colour/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(['caption', a, '--model', noModel, '--no-progress', ...argv]);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
    assert.match(r.err, /Usage: tounum caption/);
    assert.equal(r.out, '');
  }
  const none = await run(['caption', '--model', noModel]);
  assert.equal(none.code, 2);
  assert.match(none.err, /give at least one image, folder or glob/);
}));

test('caption: a missing --model folder is a clear error naming it (exit 2); a folder without the model files names what it lacks', withDir(async (dir) => {
  fs.writeFileSync(path.join(dir, 'a.jpg'), await jpeg(0));
  const missing = path.join(dir, 'nowhere', 'captioner');
  const r = await run(['caption', path.join(dir, 'a.jpg'), '--model', missing, '--no-progress']);
  assert.equal(r.code, 2);
  assert.match(r.err, /tounum caption: --model .*nowhere\/captioner: no such folder/);
  assert.equal(r.out, '');
  fs.mkdirSync(path.join(dir, 'empty'));
  const e = await run(['caption', path.join(dir, 'a.jpg'), '--model', path.join(dir, 'empty'), '--no-progress']);
  assert.equal(e.code, 2);
  assert.match(e.err, /--model .*empty is not a captioner folder: it lacks card\.json, decoder\.json, weights\.json, vocabulary\.json/);
}));

test('caption: files, folders and globs; bad files are reported and the batch goes on (exit 1); JSON shape; inputs unchanged; no tensor leaked', { skip: encoderAvailable ? false : 'mobilenetv2-100-224 is not in the dataset mirror' }, withDir(async (dir) => {
  const modelDir = path.join(dir, 'captioner');
  await makeCaptioner(modelDir);
  const inDir = path.join(dir, 'in');
  fs.mkdirSync(inDir);
  fs.writeFileSync(path.join(inDir, 'dog.jpg'), await jpeg(0));
  await writeImage(path.join(inDir, 'park.png'), createImage(40, 30, 3, Float32Array.from({ length: 40 * 30 * 3 }, (_, i) => 0.5 + 0.4 * Math.sin(i / 7))));
  const good = await jpeg(5);
  fs.writeFileSync(path.join(inDir, 'corrupt.jpg'), good.subarray(0, good.length >> 1));
  fs.writeFileSync(path.join(inDir, 'notes.jpg'), 'shopping list: eggs, flour\n');
  const before = digests(inDir);
  await selectBackend({ log: false });
  const tensors = tf.memory().numTensors;

  const r = await run(['caption', inDir, '--model', modelDir, '--beam', '1', '--max-length', '3', '--json', '--no-progress']);
  assert.equal(r.code, 1, r.err);
  const s = JSON.parse(r.out) as CaptionJson;
  assert.deepEqual(Object.keys(s), ['results', 'errors', 'summary']);
  // The batch went on past the bad files: the good files before and after them are captioned.
  assert.deepEqual(s.results.map((x) => path.basename(x.input)), ['dog.jpg', 'park.png']);
  for (const x of s.results) {
    assert.deepEqual(Object.keys(x), ['input', 'caption', 'words', 'logProb', 'warnings', 'seconds']);
    assert.equal(x.words.length, 3);
    assert.equal(x.caption, x.words.join(' '));
    assert.ok(Number.isFinite(x.logProb) && x.logProb < 0, `logProb ${x.logProb}`);
    assert.ok(x.seconds >= 0);
    assert.deepEqual(x.warnings, []);
  }
  assert.deepEqual(s.errors.map((x) => path.basename(x.input)), ['corrupt.jpg', 'notes.jpg']);
  assert.match(s.errors[0]?.error ?? '', /corrupt\.jpg.*(truncated or incomplete|damaged)/);
  assert.match(s.errors[1]?.error ?? '', /notes\.jpg.*not a recognised image format/);
  assert.deepEqual({ ...s.summary, seconds: 0 }, { command: 'caption', total: 4, succeeded: 2, failed: 2, seconds: 0, beam: 1, maxLength: 3, model: modelDir });
  assert.match(r.err, /✘ .*corrupt\.jpg: /);
  assert.match(r.err, /✘ .*notes\.jpg: /);
  assert.equal(tf.memory().numTensors, tensors);

  // Text: one `path<TAB>caption` line per file, failures in place, a glob and a file together;
  // the default beam is the card's (5).
  const t = await run(['caption', path.join(inDir, '*.png'), path.join(inDir, 'dog.jpg'), path.join(inDir, 'notes.jpg'), path.join(dir, 'none-*.jpg'), '--model', modelDir, '--max-length', '3', '--no-progress']);
  assert.equal(t.code, 1, t.err);
  const lines = t.out.trimEnd().split('\n');
  assert.equal(lines.length, 6, t.out);
  const [dogLine, notesLine, parkLine, noneLine] = [lines.find((l) => l.includes('dog.jpg\t')), lines.find((l) => l.includes('notes.jpg\t')), lines.find((l) => l.includes('park.png\t')), lines.find((l) => l.includes('none-*.jpg\t'))];
  assert.match(dogLine ?? '', /^\S*dog\.jpg\t\S+ \S+ \S+$/);
  assert.match(parkLine ?? '', /^\S*park\.png\t\S+ \S+ \S+$/);
  assert.match(notesLine ?? '', /notes\.jpg\t✘ .*not a recognised image format/);
  assert.match(noneLine ?? '', /none-\*\.jpg\t✘ /);
  assert.equal(lines[4], '');
  assert.match(lines[5] ?? '', /^2 captioned, 2 failed; beam 5, at most 3 words; \d+\.\d s$/);
  const beamDog = await run(['caption', path.join(inDir, 'dog.jpg'), '--model', modelDir, '--max-length', '3', '--json', '--no-progress']);
  assert.equal(beamDog.code, 0, beamDog.err);
  const b = JSON.parse(beamDog.out) as CaptionJson;
  assert.deepEqual([b.errors, b.summary.beam, b.summary.failed, b.results[0]?.words.length], [[], 5, 0, 3]);
  assert.equal(tf.memory().numTensors, tensors);

  assert.deepEqual(digests(inDir), before);
}));
