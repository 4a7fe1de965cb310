#!/usr/bin/env node
/* Trains the image captioner: frozen MobileNetV2 region features (cached once) + attention GRU/LSTM decoder,
 * on Flickr8k (train split; dev for model selection; test for the reported figures).
 * Writes <out>/{decoder.json,weights.json,weights.bin,vocabulary.json,card.json}.
 * Resumable: re-running the same command continues from data/cache/captioning/ckpt-<name>. --help lists the options. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/captioner.js',
  summary: 'Trains the Flickr8k captioner (frozen MobileNetV2 grid + attention decoder) and scores it on the test split.',
  options: [
    { name: 'encoder', type: 'string', default: 'mobilenetv2-100-224', choices: ['mobilenetv2-100-224', 'mobilenetv2-035-224'], description: 'frozen encoder (registry id)' },
    { name: 'cell', type: 'string', default: 'gru', choices: ['gru', 'lstm'], description: 'recurrent cell' },
    { name: 'epochs', type: 'number', default: 8, description: 'epochs over the 30,000 training captions' },
    { name: 'batch', type: 'number', default: 64, description: 'captions per step' },
    { name: 'lr', type: 'number', default: 1e-3, description: 'Adam learning rate of the first epoch' },
    { name: 'lr-decay', type: 'number', default: 0.8, description: 'learning-rate factor per epoch' },
    { name: 'hidden', type: 'number', default: 512, description: 'recurrent state size' },
    { name: 'dropout', type: 'number', default: 0.3, description: 'dropout rate' },
    { name: 'min-count', type: 'number', default: 5, description: 'minimum count of a training word to enter the vocabulary' },
    { name: 'seed', type: 'number', default: 0, description: 'seed of weights, batch order and dropout' },
    { name: 'train-images', type: 'number', description: 'use only the first N training images (quick runs)' },
    { name: 'max-steps', type: 'number', description: 'stop each epoch after N steps (quick runs)' },
    { name: 'test-images', type: 'number', description: 'score only the first N test images (quick runs)' },
    { name: 'no-test', type: 'boolean', description: 'skip the test split (comparison runs judged on validation only)' },
    { name: 'beams', type: 'string', default: '1,3,5', description: 'beam widths scored on the test split (comma-separated)' },
    { name: 'name', type: 'string', description: 'run name: checkpoint folder data/cache/captioning/ckpt-<name> (default from encoder and cell)' },
    { name: 'out', type: 'string', description: 'output folder (default: models/captioner)' },
    { name: 'cache', type: 'string', description: 'folder of feature caches and checkpoints (default: data/cache/captioning)' },
    { name: 'checkpoint-every', type: 'number', default: 100, description: 'write a resumable checkpoint every N steps' },
    { name: 'no-resume', type: 'boolean', description: 'delete the run\'s checkpoints and start over' },
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  if (!/^\d+(,\d+)*$/.test(o.beams)) throw new UsageError(`--beams must be comma-separated integers, got "${o.beams}"`);
  for (const k of ['train-images', 'max-steps', 'test-images', 'checkpoint-every', 'epochs', 'batch']) {
    if (o[k] !== undefined && !(Number.isInteger(o[k]) && o[k] >= 1)) throw new UsageError(`--${k} must be a positive integer, got ${o[k]}`);
  }
});

const tf = require('@tensorflow/tfjs');
const { selectBackend } = require(path.join(ROOT, 'dist/backend'));
const { resolveDataset, readFlickr8kCaptions } = require(path.join(ROOT, 'dist/datasets'));
const cap = require(path.join(ROOT, 'dist/tasks/captioning'));

function log(s) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
}

(async () => {
  const backend = await selectBackend();
  const name = opts.name ?? `${opts.encoder}-${opts.cell}`;
  const cacheRoot = path.resolve(opts.cache ?? path.join(ROOT, 'data', 'cache', 'captioning'));
  const ckpt = path.join(cacheRoot, `ckpt-${name}`);
  const out = path.resolve(opts.out ?? path.join(ROOT, 'models', 'captioner'));
  if (opts['no-resume']) fs.rmSync(ckpt, { recursive: true, force: true });
  const ds = await resolveDataset('flickr8k');
  const all = await readFlickr8kCaptions(ds.dir, { split: 'all' });
  const byId = [...all].sort((a, b) => (a.id < b.id ? -1 : 1));
  const train = all.filter((it) => it.split === 'train');
  const dev = all.filter((it) => it.split === 'dev');
  const test = all.filter((it) => it.split === 'test');
  const isComplete = (dir) => {
    try {
      cap.openCaptionFeatureCache(dir).close();
      return true;
    } catch {
      return false;
    }
  };
  // The full cache (every image, encoded once) serves every run. A quick run (--train-images) without
  // it encodes only the images it will use, into a cache named after the subset.
  let featureDir = path.join(cacheRoot, `features-${opts.encoder}`);
  let toEncode = byId;
  if (!isComplete(featureDir) && opts['train-images'] !== undefined) {
    const n = opts['train-images'];
    const m = opts['no-test'] ? 0 : (opts['test-images'] ?? test.length);
    featureDir = path.join(cacheRoot, `features-${opts.encoder}-train${n}-test${m}`);
    toEncode = [...train.slice(0, n), ...dev.slice(0, Math.min(200, n)), ...test.slice(0, m)];
  }
  if (!isComplete(featureDir)) {
    log(`encoding ${toEncode.length} images with ${opts.encoder} into ${path.relative(ROOT, featureDir)} (once)`);
    const enc = await cap.loadCaptionEncoder(opts.encoder);
    await cap.cacheCaptionFeatures(enc, toEncode.map((it) => it.image), featureDir, { ids: toEncode.map((it) => it.id), onProgress: (d, t) => d % 512 === 0 && log(`  encoded ${d}/${t}`) });
    enc.dispose();
  }
  const stateFile = path.join(ckpt, 'state.json');
  if (fs.existsSync(stateFile)) {
    const st = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    log(`resumed from ${path.relative(ROOT, ckpt)}: epoch ${st.epoch + 1}, step ${st.step}`);
  }
  log(`train ${train.length}, dev ${dev.length}, test ${test.length} images; backend ${backend.name ?? tf.getBackend()}`);
  const r = await cap.trainCaptioner(train, dev, featureDir, {
    decoder: { cell: opts.cell, hiddenDim: opts.hidden, dropout: opts.dropout },
    numEpochs: opts.epochs,
    batchSize: opts.batch,
    lr: opts.lr,
    lrDecay: opts['lr-decay'],
    minCount: opts['min-count'],
    seed: opts.seed,
    ...(opts['train-images'] !== undefined ? { trainImages: opts['train-images'], valImages: Math.min(200, opts['train-images']) } : {}),
    ...(opts['max-steps'] !== undefined ? { maxStepsPerEpoch: opts['max-steps'] } : {}),
    checkpointDir: ckpt,
    checkpointEverySteps: opts['checkpoint-every'],
    onProgress: (p) => log(`epoch ${p.epoch} step ${p.step}/${p.steps} loss ${p.loss.toFixed(3)} ${p.tokensPerSecond.toFixed(0)} tokens/s rss ${p.rssMB.toFixed(0)} MB`),
    onEpoch: (e) => log(`epoch ${e.epoch}: loss ${e.loss.toFixed(3)} val ${e.valLoss.toFixed(3)} val BLEU-4 (greedy) ${(100 * e.valBleu4).toFixed(2)} in ${e.seconds.toFixed(0)} s (${e.tokensPerSecond.toFixed(0)} tokens/s)`),
  });
  // Score what is shipped: the stored float16 weights.
  await cap.saveCaptioner(r.net, r.vocab, out, { dtype: 'float16' });
  r.net.dispose();
  const net = await cap.readCaptionDecoder(out);
  const cache = cap.openCaptionFeatureCache(featureDir);
  const beams = opts['no-test'] ? [] : opts.beams.split(',').map(Number);
  const testMetrics = {};
  for (const beam of beams) {
    const ev = await cap.evaluateCaptioner(net, r.vocab, test, cache, { beam, maxLength: 20, lengthPenalty: 0.7, ...(opts['test-images'] !== undefined ? { limit: opts['test-images'] } : {}) });
    testMetrics[`beam${beam}`] = { bleu: ev.bleu.map((b) => +(100 * b).toFixed(2)), ciderD: +ev.ciderD.toFixed(4), meanLength: +ev.meanLength.toFixed(2), distinctShare: +ev.distinctShare.toFixed(3), images: ev.images, secondsPerImage: +(ev.seconds / ev.images).toFixed(4) };
    log(`test beam ${beam}: BLEU-1..4 ${testMetrics[`beam${beam}`].bleu.join(' / ')}, CIDEr-D ${ev.ciderD.toFixed(3)}, ${testMetrics[`beam${beam}`].meanLength} words, ${ev.images} images`);
    if (beam === Math.max(...beams)) fs.writeFileSync(path.join(out, 'test-captions.json'), JSON.stringify(ev.captions.slice(0, 100), null, 1) + '\n');
  }
  cache.close();
  const card = {
    ...r.card,
    metrics: { split: 'test (Flickr8k official, 1000 images, 5 references each)', bleuScale: 'percent', ...testMetrics },
    backend: tf.getBackend(),
    command: `node scripts/train/captioner.js ${process.argv.slice(2).join(' ')}`.trim(),
    versions: { ...r.card.versions, node: process.version },
  };
  await cap.saveCaptioner(net, r.vocab, out, { dtype: 'float16', card });
  net.dispose();
  log(`wrote ${path.relative(ROOT, out)}`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
