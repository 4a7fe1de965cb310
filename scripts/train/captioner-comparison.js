#!/usr/bin/env node
/* Writes models/captioner/comparison.json: what the cell and the encoder are worth, from one epoch of each run
 * (same seed, data order and optimiser), judged on the validation split. The GRU on α = 1.0 is the first epoch
 * of the shipped run (its card's history); the others are one-epoch runs of scripts/train/captioner.js:
 *   node scripts/train/captioner.js --cell lstm --epochs 1 --no-test --out data/cache/captioning/runs/lstm-1ep
 *   node scripts/train/captioner.js --encoder mobilenetv2-035-224 --epochs 1 --no-test --out data/cache/captioning/runs/a035-1ep
 * --help lists the options. */
'use strict';
const path = require('path');
const fs = require('fs');
const ROOT = path.resolve(__dirname, '..', '..');
const { parseScriptArgs } = require('./cliArgs');

const SPEC = {
  usage: 'node scripts/train/captioner-comparison.js',
  summary: 'Collects the one-epoch comparison runs (cell, encoder) into models/captioner/comparison.json.',
  options: [
    { name: 'model', type: 'string', description: 'shipped model folder (default: models/captioner)' },
    { name: 'runs', type: 'string', default: 'data/cache/captioning/runs/lstm-1ep,data/cache/captioning/runs/a035-1ep', description: 'comma-separated folders of the comparison runs' },
  ],
};
const opts = parseScriptArgs(SPEC);
const model = path.resolve(opts.model ?? path.join(ROOT, 'models', 'captioner'));
const read = (dir) => {
  const file = path.join(dir, 'card.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`captioner-comparison: cannot read ${file}: ${e.message}`);
    process.exit(1);
  }
};
const row = (name, card, epoch) => {
  const h = card.training.history[epoch - 1];
  return { name, encoder: card.encoder.id, cell: card.architecture.cell, epochs: epoch, params: card.architecture.params, valLoss: h.valLoss, valBleu4: h.valBleu4, tokensPerSecond: h.tokensPerSecond, command: card.command };
};
const shipped = read(model);
const runs = [row(`GRU, α = 1.0`, shipped, 1)];
for (const dir of opts.runs.split(',')) {
  const card = read(path.resolve(ROOT, dir));
  runs.push(row(`${card.architecture.cell.toUpperCase()}, α = ${card.encoder.id.includes('035') ? '0.35' : '1.0'}`, card, 1));
}
const out = { note: 'one epoch each over the 30,000 training captions, seed 0, the same batch order and learning rate; greedy BLEU-4 and teacher-forced loss on the 1,000 validation (dev) photos', runs };
fs.writeFileSync(path.join(model, 'comparison.json'), JSON.stringify(out, null, 1) + '\n');
for (const r of runs) console.log(`${r.name.padEnd(14)} val loss ${r.valLoss.toFixed(3)}  val BLEU-4 ${(100 * r.valBleu4).toFixed(2)}  ${Math.round(r.tokensPerSecond)} words/s`);
