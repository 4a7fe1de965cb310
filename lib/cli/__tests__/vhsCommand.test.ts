import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { vhsCommand } from '../commands/vhsCommand';
import { parseCommandLine, UsageError } from '../parseCommandLine';
import { createImage, type Image } from '../../image';
import { readImage, writeImage } from '../../io';
import { computePsnr } from '../../metrics';
import { buildPix2pixGenerator } from '../../models/gan';
import { saveVhsModel, type VhsModelCard } from '../../models/vhs';
import { simulateVhs } from '../../degrade/vhs';
import { resolveDataset } from '../../datasets';

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb(); } });
  return { stream, text: () => text };
}

/** Runs the command as main.ts would (usage errors → 2, other errors → 1). */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  try {
    const code = await vhsCommand.run(parseCommandLine(argv, vhsCommand.spec), { stdout: out.stream, stderr: err.stream });
    return { code, out: out.text(), err: err.text() };
  } catch (e) {
    return { code: e instanceof UsageError ? 2 : 1, out: out.text(), err: err.text() + (e as Error).message };
  }
}

function scene(w: number, h: number): Image {
  const d = new Float32Array(w * h * 3);
  for (let i = 0; i < d.length; i++) {
    const p = Math.floor(i / 3);
    d[i] = 0.5 + 0.35 * Math.sin((p % w) / 4 + (i % 3)) * Math.cos(Math.floor(p / w) / 6);
  }
  return createImage(w, h, 3, d);
}

test('vhs degrade: writes degraded frames, originals untouched, bad file reported, exit 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vhscli-'));
  try {
    const inDir = path.join(dir, 'in');
    fs.mkdirSync(inDir);
    await writeImage(path.join(inDir, 'a.png'), scene(96, 72));
    await writeImage(path.join(inDir, 'b.png'), scene(64, 64));
    fs.writeFileSync(path.join(inDir, 'broken.png'), 'not a png');
    const bytes = Object.fromEntries(fs.readdirSync(inDir).map((f) => [f, fs.readFileSync(path.join(inDir, f))]));
    const out = path.join(dir, 'out');
    const r = await run(['degrade', inDir, '-o', out, '--preset', 'LP', '--seed', '3', '--size', 'input', '--json', '--no-progress']);
    assert.equal(r.code, 1, r.err);
    const summary = JSON.parse(r.out) as { succeeded: number; failed: number; files: { input: string; ok: boolean; error?: string; preset?: string }[] };
    assert.equal(summary.succeeded, 2);
    assert.equal(summary.failed, 1);
    assert.match(summary.files.find((f) => !f.ok)!.input, /broken\.png/);
    for (const f of fs.readdirSync(inDir)) assert.deepEqual(fs.readFileSync(path.join(inDir, f)), bytes[f]);
    const a = await readImage(path.join(out, 'a-vhs-LP.png'));
    const clean = await readImage(path.join(inDir, 'a.png'));
    assert.deepEqual([a.width, a.height], [96, 72]);
    const p = computePsnr(a, clean);
    assert.ok(p < 35 && p > 10, `LP PSNR ${p}`);
    // Same picture, same seed → same result, whatever the batch.
    const r2 = await run(['degrade', path.join(inDir, 'a.png'), '-o', path.join(dir, 'again'), '--preset', 'LP', '--seed', '3', '--size', 'input', '--no-progress']);
    assert.equal(r2.code, 0);
    assert.deepEqual((await readImage(path.join(dir, 'again', 'a-vhs-LP.png'))).data, a.data);
    const sq = await run(['degrade', path.join(inDir, 'b.png'), '-o', path.join(dir, 'sq'), '--no-progress']);
    assert.equal(sq.code, 0);
    const b = await readImage(path.join(dir, 'sq', 'b-vhs-SP.png'));
    assert.deepEqual([b.width, b.height], [768, 576]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('vhs restore --method pix2pix: uses --model, PAL frame → 768×576, missing model and usage errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vhscli-'));
  try {
    const modelDir = path.join(dir, 'model');
    const g = buildPix2pixGenerator({ filters: [4, 4], residual: true, dropout: 0 });
    const card = { name: 'identity', task: 'PAL VHS frame restoration', objective: 'l1', architecture: 'test', generator: { parameters: g.countParams() }, sizeMultiple: 4, range: [-1, 1], data: {}, training: {}, metrics: {}, command: '', backend: '', created: '' } as VhsModelCard;
    await saveVhsModel(g, modelDir, card);
    g.dispose();
    await writeImage(path.join(dir, 'frame.png'), scene(720, 576));
    await writeImage(path.join(dir, 'small.png'), scene(50, 37));
    const out = path.join(dir, 'out');
    const r = await run(['restore', path.join(dir, 'frame.png'), path.join(dir, 'small.png'), '-o', out, '--method', 'pix2pix', '--model', modelDir, '--no-progress']);
    assert.equal(r.code, 0, r.err);
    const f = await readImage(path.join(out, 'frame-restored.png'));
    assert.deepEqual([f.width, f.height], [768, 576]);
    const s = await readImage(path.join(out, 'small-restored.png'));
    // An identity generator gives back the input (up to 8-bit rounding).
    assert.ok(computePsnr(s, await readImage(path.join(dir, 'small.png'))) > 45);
    const missing = await run(['restore', path.join(dir, 'small.png'), '-o', out, '--method', 'pix2pix', '--model', path.join(dir, 'nope'), '--no-progress']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read the model card/);
    assert.equal((await run(['rewind', 'x.png', '-o', out])).code, 2);
    assert.match((await run(['rewind', 'x.png', '-o', out])).err, /unknown action "rewind": use degrade or restore/);
    assert.equal((await run(['degrade', path.join(dir, 'small.png')])).code, 2);
    assert.equal((await run(['restore', path.join(dir, 'small.png'), '-o', out, '--tile', '3'])).code, 2);
    assert.equal((await run([])).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('vhs restore (chain, the default): every stage timed in --json, PAL → 768×576, any size, --stages and --overscan', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vhschain-'));
  try {
    // A photo of the mirror, simulated at its own scale with one row per line (the chain's nets learned photos).
    const photo = await readImage(path.join((await resolveDataset('kodak24')).dir, 'kodim23.png'), { channels: 3 });
    const clean = createImage(photo.width, photo.height, 3, photo.data);
    const { image } = simulateVhs(clean, { preset: 'LP', seed: 3, raster: { width: Math.round((clean.width * 15) / 16), height: clean.height }, outputSize: 'input', fit: 'stretch', overrides: { headSwitching: { position: 'bottom' } } });
    await writeImage(path.join(dir, 'lp.png'), image);
    await writeImage(path.join(dir, 'pal.png'), scene(720, 576));
    await writeImage(path.join(dir, 'small.png'), scene(50, 37));
    const out = path.join(dir, 'out');
    const r = await run(['restore', dir, '-o', out, '--no-progress', '--json']);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as { files: { input: string; timingsMs: Record<string, number>; estimates: { band: { position: string } } }[] };
    const lp = report.files.find((f) => f.input.endsWith('lp.png'));
    assert.deepEqual(Object.keys(lp?.timingsMs ?? {}), ['resample', 'lines', 'band', 'dropouts', 'chroma', 'residual'], '500 rows are not PAL lines: resampled to 576 and back');
    assert.equal(lp?.estimates.band.position, 'bottom');
    const restored = await readImage(path.join(out, 'lp-restored.png'));
    assert.ok(computePsnr(restored, clean) > computePsnr(image, clean), 'the chain restores');
    assert.deepEqual([(await readImage(path.join(out, 'pal-restored.png'))).width, (await readImage(path.join(out, 'small-restored.png'))).height], [768, 37]);
    const cropped = await run(['restore', path.join(dir, 'lp.png'), '-o', path.join(dir, 'crop'), '--overscan', 'crop', '--stages', 'band', '--no-progress']);
    assert.equal(cropped.code, 0, cropped.err);
    assert.ok((await readImage(path.join(dir, 'crop', 'lp-restored.png'))).height < clean.height, 'the band rows are cut off');
    const bad = await run(['restore', path.join(dir, 'lp.png'), '-o', path.join(dir, 'x'), '--stages', 'lines,deinterlace']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown stage "deinterlace"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
