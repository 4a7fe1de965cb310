import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import { classifyCommand } from '../../../cli/commands/classifyCommand';
import { parseCommandLine, UsageError } from '../../../cli/parseCommandLine';
import { getDataLocations } from '../../../datasets/findPackageRoot';
import { buildTransferHead, defaultPhotoClassifierDir, savePhotoClassifier, type PhotoClassifierCard } from '..';

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await classifyCommand.run(parseCommandLine(argv, classifyCommand.spec), { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

const encoderAvailable = fs.existsSync(getDataLocations('mobilenetv2-035-224').mirrorDir);
const pacs = getDataLocations('pacs').mirrorDir;
const sroie = getDataLocations('sroie-receipts').mirrorDir;

/** A head whose output is sigmoid(2) ≈ 0.881 for every image: all "photo" at threshold 0.5. */
async function constantModel(dir: string): Promise<void> {
  const head = buildTransferHead({ hiddenUnits: 0, dropout: 0 });
  head.setWeights([tf.zeros([1280, 1]), tf.tensor1d([2])]);
  await savePhotoClassifier(head, { threshold: { value: 0.5, chosenBy: 'test' } } as PhotoClassifierCard, dir);
  head.dispose();
}

test('tounum classify: labels, JSON/CSV, copies (never moves or overwrites) photos, reports unreadable files and goes on', { skip: !encoderAvailable && 'encoder not available' }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-classify-'));
  try {
    const model = path.join(tmp, 'model');
    await constantModel(model);
    const inDir = path.join(tmp, 'in');
    fs.mkdirSync(path.join(inDir, 'sub'), { recursive: true });
    const dogs = fs.readdirSync(path.join(pacs, 'photo', 'dog')).slice(0, 2);
    fs.copyFileSync(path.join(pacs, 'photo', 'dog', dogs[0] as string), path.join(inDir, 'a.jpg'));
    fs.copyFileSync(path.join(pacs, 'photo', 'dog', dogs[1] as string), path.join(inDir, 'sub', 'a.jpg'));
    fs.writeFileSync(path.join(inDir, 'broken.jpg'), 'not a jpeg');
    const dest = path.join(tmp, 'photos');

    const r = await run([inDir, '--model', model, '--json', '--copy-photos-to', dest, '--no-progress']);
    assert.equal(r.code, 1, 'an unreadable file makes the exit code 1');
    const rows = JSON.parse(r.out) as Array<{ file: string; label: string | null; probability: number | null; copiedTo: string | null; error: string | null }>;
    assert.deepEqual(rows.map((x) => path.relative(inDir, x.file)), ['a.jpg', 'broken.jpg', path.join('sub', 'a.jpg')]);
    assert.equal(rows[1]?.label, null);
    assert.match(rows[1]?.error ?? '', /broken\.jpg/);
    assert.match(r.err, /✘ .*broken\.jpg/);
    for (const x of [rows[0], rows[2]]) {
      assert.equal(x?.label, 'photo');
      assert.ok(Math.abs((x?.probability as number) - 1 / (1 + Math.exp(-2))) < 1e-5);
    }
    // Copies keep the sub-folder layout; the inputs are still there.
    assert.equal(rows[0]?.copiedTo, path.join(dest, 'a.jpg'));
    assert.equal(rows[2]?.copiedTo, path.join(dest, 'sub', 'a.jpg'));
    assert.ok(fs.existsSync(path.join(inDir, 'a.jpg')) && fs.existsSync(path.join(inDir, 'sub', 'a.jpg')));
    assert.deepEqual(fs.readFileSync(path.join(dest, 'a.jpg')), fs.readFileSync(path.join(inDir, 'a.jpg')));

    // A second run resumes: the identical copy is kept (no a-1.jpg beside it).
    const again = await run([path.join(inDir, 'a.jpg'), '--model', model, '--csv', '--copy-photos-to', dest, '--no-progress']);
    assert.equal(again.code, 0);
    const lines = again.out.trim().split('\n');
    assert.equal(lines[0], 'file,label,probability,copiedTo,error,warnings');
    assert.match(lines[1] ?? '', /a\.jpg,photo,0\.88\d+,.*photos\/a\.jpg,,$/);
    assert.deepEqual(fs.readdirSync(dest).sort(), ['a.jpg', 'sub']);

    // --threshold overrides the card: nothing is a photo at 0.95, nothing is copied.
    const strict = await run([path.join(inDir, 'a.jpg'), '--model', model, '--threshold', '0.95', '--copy-photos-to', path.join(tmp, 'none'), '--no-progress']);
    assert.equal(strict.code, 0);
    assert.match(strict.out, /a\.jpg\s+other\s+0\.881/);
    // The folder is checked (and created) before any work, and stays empty.
    assert.deepEqual(fs.readdirSync(path.join(tmp, 'none')), []);

    await assert.rejects(run([inDir, '--json', '--csv']), (e: unknown) => e instanceof UsageError && /--json and --csv exclude each other/.test(e.message));
    await assert.rejects(run([inDir, '--threshold', '1.5']), /--threshold must be a probability in \[0, 1\], got 1.5/);
    await assert.rejects(run([]), /give at least one image/);
    const missing = await run([path.join(tmp, 'nothing-here'), '--model', model]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nothing-here: no such file/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

const shipped = fs.existsSync(path.join(defaultPhotoClassifierDir(), 'card.json'));

test('tounum classify with the shipped model: a PACS photo is a photo, a receipt is not', { skip: !(encoderAvailable && shipped) && 'shipped model or data not available' }, async () => {
  const photo = path.join(pacs, 'photo', 'horse', fs.readdirSync(path.join(pacs, 'photo', 'horse'))[0] as string);
  const receipt = path.join(sroie, fs.readdirSync(sroie).filter((f) => /\.(jpe?g|png)$/i.test(f))[0] as string);
  const r = await run([photo, receipt, '--json', '--no-progress']);
  assert.equal(r.code, 0);
  const rows = JSON.parse(r.out) as Array<{ file: string; label: string }>;
  assert.equal(rows.find((x) => x.file === photo)?.label, 'photo');
  assert.equal(rows.find((x) => x.file === receipt)?.label, 'other');
});
