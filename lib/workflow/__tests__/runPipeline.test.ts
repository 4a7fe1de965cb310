import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { selectBackend } from '../../backend';
import { main } from '../../cli';
import { enhanceImage } from '../../enhance';
import { readImage, readImageMetadata } from '../../io';
import { loadPhotoClassifier, type PhotoClassifier } from '../../models/classifier';
import { CATALOGUE_CSV_COLUMNS, loadPipelineStages, readCatalogue, runPipeline, type PipelineStages } from '..';
import { fakeCaption, fakeCaptioner } from './fakeStages';
import { catalogueLines, CLI, findChromium, listFiles, makeMixedFolder, ROOT, waitFor, type MixedFolder } from './helpers';

let classifier: PhotoClassifier;
let stages: PipelineStages;
let folder: MixedFolder;

before(async () => {
  await selectBackend({ log: false });
  classifier = await loadPhotoClassifier();
  stages = await loadPipelineStages({ classifier, captioner: fakeCaptioner });
  folder = makeMixedFolder();
});
after(() => {
  stages.dispose();
  classifier.dispose();
  folder.cleanup();
});

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const tmpOut = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-wf-out-'));

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

test('runPipeline: classifies, enhances and captions photos, copies the others, catalogues each file once, and a re-run skips them all', async () => {
  const out = tmpOut();
  try {
    const before = Object.fromEntries(Object.keys(folder.good).map((rel) => [rel, sha(path.join(folder.dir, rel))]));
    const inputs = [...Object.keys(folder.good).map((r) => path.join(folder.dir, r)), folder.corrupt];
    const s = await runPipeline(inputs, out, { stages, beam: 3 });
    const nGood = Object.keys(folder.good).length;
    assert.equal(s.total, nGood + 1);
    assert.equal(s.processed, nGood);
    assert.equal(s.failed, 1);
    assert.match(s.files.find((f) => f.status === 'failed')?.error ?? '', /torn\.jpg/);

    const lines = catalogueLines(out);
    assert.equal(lines.length, nGood, 'one line per good file, none for the corrupt one');
    assert.equal(new Set(lines.map((l) => l.sha256)).size, nGood);
    for (const e of lines) {
      const rel = path.relative(folder.dir, e.input);
      assert.equal(e.sha256, folder.good[rel], `${rel}: sha256 recorded`);
      assert.equal(e.bytes, fs.statSync(e.input).size);
      assert.ok(fs.existsSync(path.join(out, e.output)), `${e.output} written`);
      assert.ok(fs.existsSync(path.join(out, e.thumbnail)), `${e.thumbnail} written`);
      const p = await classifier.classifyFile(e.input);
      assert.equal(e.class.probability, p, 'same probability as the classifier on the file');
      assert.equal(e.class.label, p >= classifier.threshold ? 'photo' : 'other');
      assert.equal(e.class.threshold, classifier.threshold);
      if (e.class.label === 'photo') {
        assert.match(e.output, /^photos[/\\]box1[/\\]photo\d-[0-9a-f]{8}\.png$/, 'photos keep their sub-folder');
        const ref = enhanceImage(await readImage(e.input));
        assert.deepEqual(e.enhancement?.steps, ref.decisions.steps, 'the enhancement steps of enhanceImage');
        assert.equal(e.enhancement?.sigma, ref.decisions.sigma);
        const written = await readImage(path.join(out, e.output));
        assert.equal(written.width, e.width);
        // The caption is that of the enhanced pixels as written (8-bit PNG), with the beam passed through.
        const expected = fakeCaption(ref.image, 3);
        assert.equal(e.caption?.text, expected.caption);
        assert.equal(e.caption?.beam, 3);
        assert.equal(e.caption?.logProb, expected.logProb);
        assert.ok((e.timings.enhance ?? -1) >= 0 && (e.timings.caption ?? -1) >= 0);
      } else {
        assert.equal(e.enhancement, null);
        assert.equal(e.caption, null);
        assert.match(e.output, /^other[/\\]box\d[/\\]/);
        assert.equal(sha(path.join(out, e.output)), e.sha256, 'other documents are byte copies');
      }
      assert.deepEqual(e.errors, {});
      assert.equal(e.format, (await readImageMetadata(e.input)).format);
    }
    assert.ok(lines.some((l) => l.class.label === 'photo') && lines.some((l) => l.class.label === 'other'), 'the mixed folder has both classes');
    for (const [rel, h] of Object.entries(before)) assert.equal(sha(path.join(folder.dir, rel)), h, `${rel} unchanged`);
    assert.deepEqual(listFiles(folder.dir).sort(), [...Object.keys(folder.good), path.relative(folder.dir, folder.corrupt)].sort(), 'nothing written into the input folder');

    const csv = fs.readFileSync(path.join(out, 'catalogue.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], CATALOGUE_CSV_COLUMNS.join(','));
    assert.equal(csv.length, nGood + 1);

    const files = listFiles(out);
    const s2 = await runPipeline(inputs, out, { stages, beam: 3 });
    assert.equal(s2.processed, 0);
    assert.equal(s2.skipped, nGood);
    assert.equal(s2.failed, 1, 'the corrupt file is tried again and fails again');
    assert.equal(catalogueLines(out).length, nGood, 'no line added by the re-run');
    assert.deepEqual(listFiles(out), files, 'no output added by the re-run');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('runPipeline: a caption failure is recorded in the line and the photo still written; identical bytes are catalogued once', async () => {
  const out = tmpOut();
  try {
    const photo = path.join(folder.dir, 'box1', 'photo0.jpg');
    const copy = path.join(out, '..', `${path.basename(out)}-copy.jpg`);
    fs.copyFileSync(photo, copy);
    const failing = { ...stages, captioner: { caption: async () => { throw new Error('decoder exploded'); } } };
    const s = await runPipeline([photo, copy], out, { stages: failing, threshold: 0 });
    assert.equal(s.processed, 1);
    assert.equal(s.duplicates, 1);
    assert.equal(s.stageErrors, 1);
    const [e] = catalogueLines(out);
    assert.equal(e?.errors.caption, 'decoder exploded');
    assert.equal(e?.caption, null);
    assert.equal(e?.class.threshold, 0, '--threshold is applied');
    assert.ok(fs.existsSync(path.join(out, e?.output ?? '')));
    fs.rmSync(copy);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('tounum pipeline: --json summary, exit codes, --skip, usage errors', async () => {
  const out = tmpOut();
  try {
    const r = await cli(['pipeline', folder.dir, '-o', out, '--skip', 'caption', '--skip', 'enhance', '--json', '--no-progress']);
    assert.equal(r.code, 1, r.err);
    const s = JSON.parse(r.out) as { command: string; processed: number; failed: number; photos: number; files: Array<{ status: string; input: string }> };
    assert.equal(s.command, 'pipeline');
    assert.equal(s.processed, Object.keys(folder.good).length);
    assert.equal(s.failed, 1);
    assert.match(r.err, /✘ .*torn\.jpg/);
    for (const e of catalogueLines(out)) {
      assert.equal(e.caption, null);
      assert.equal(e.enhancement, null, '--skip enhance');
    }
    fs.rmSync(folder.corrupt);
    try {
      const again = await cli(['pipeline', folder.dir, '-o', out, '--skip', 'caption', '--no-progress']);
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /0 processed .* already catalogued/);
    } finally {
      fs.writeFileSync(folder.corrupt, Buffer.from('\xff\xd8\xff\xe0 torn scan', 'latin1'));
    }
    assert.equal((await cli(['pipeline', folder.dir])).code, 2, '-o is required');
    assert.equal((await cli(['pipeline', '-o', out])).code, 2, 'inputs are required');
    const beam = await cli(['pipeline', folder.dir, '-o', out, '--beam', '9']);
    assert.equal(beam.code, 2);
    assert.match(beam.err, /--beam must be an integer in 1–5; got 9/);
    assert.match((await cli(['pipeline', folder.dir, '-o', out, '--skip', 'classify'])).err, /--skip must be one of enhance, caption/);
    assert.match((await cli(['pipeline', folder.dir, '-o', out, '--queue', 'http://x'])).err, /--queue: queue URL must start with redis:\/\//);
    assert.match((await cli(['pipeline', '--status'])).err, /--status needs --queue/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('tounum pipeline killed with -9 mid-run: no partial file under a final name, and the re-run completes every file exactly once', async () => {
  const big = makeMixedFolder({ photos: 8, paintings: 2, receipts: 2, schematics: 2, corrupt: false });
  const out = tmpOut();
  try {
    const child = spawn(process.execPath, [CLI, 'pipeline', big.dir, '-o', out, '--skip', 'caption', '--no-progress'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await waitFor(() => catalogueLines(out).length >= 3, 'three catalogued files', 120_000);
    child.kill('SIGKILL');
    await exited;
    const partial = catalogueLines(out);
    assert.ok(partial.length < Object.keys(big.good).length, 'killed before the end');
    for (const f of listFiles(out).filter((f) => /^(photos|other|thumbs)[/\\]/.test(f))) {
      await readImage(path.join(out, f)); // every file under a final name decodes completely
    }
    const r = await cli(['pipeline', big.dir, '-o', out, '--skip', 'caption', '--json', '--no-progress']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out) as { processed: number; skipped: number };
    assert.equal(s.skipped, partial.length);
    assert.equal(s.processed + s.skipped, Object.keys(big.good).length);
    const lines = catalogueLines(out);
    assert.deepEqual(lines.map((l) => l.sha256).sort(), Object.values(big.good).sort(), 'every file exactly once');
    assert.equal(listFiles(path.join(out, 'photos')).length + listFiles(path.join(out, 'other')).length, lines.length, 'one output per file, no leftover from the killed run');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    big.cleanup();
  }
});

test('the contact sheet is self-contained and filters by class and caption text in headless Chromium', async () => {
  const out = tmpOut();
  try {
    const files = Object.keys(folder.good).map((r) => path.join(folder.dir, r));
    await runPipeline(files, out, { stages });
    const { entries } = await readCatalogue(out);
    const html = path.join(out, 'index.html');
    const page = fs.readFileSync(html, 'utf8');
    assert.ok(!/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//i.test(page), 'no external resource');
    assert.equal((page.match(/src="data:image\/jpeg;base64,/g) ?? []).length, entries.length, 'thumbnails embedded');
    const photos = entries.filter((e) => e.class.label === 'photo');
    const word = photos[0]?.caption?.words[1] as string;
    const withWord = photos.filter((e) => e.caption?.words.includes(word)).length;
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-chromium-'));
    const dom = (hash: string): string => {
      const r = spawnSync(findChromium(), [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--virtual-time-budget=5000', '--dump-dom', `file://${html}${hash}`,
      ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
      assert.ok(r.stdout.length > 0, `Chromium printed no DOM: ${r.stderr}`);
      return r.stdout;
    };
    const shown = (d: string): string[] => [...d.matchAll(/<figure data-sha="([0-9a-f]+)"(?![^>]*hidden)[^>]*>/g)].map((m) => m[1] as string);
    try {
      const all = dom('');
      assert.equal(shown(all).length, entries.length);
      assert.match(all, new RegExp(`${entries.length} of ${entries.length} shown`), 'the script ran');
      const others = dom('#class=other');
      assert.deepEqual(shown(others).sort(), entries.filter((e) => e.class.label === 'other').map((e) => e.sha256).sort());
      const q = dom(`#class=photo&q=${encodeURIComponent(word)}`);
      assert.equal(shown(q).length, withWord);
      assert.match(q, new RegExp(`${withWord} of ${entries.length} shown`));
      assert.match(all, /<img alt="" src="data:image\/jpeg;base64,/);
      assert.equal(shown(dom('#q=zebra')).length, 0, 'a word in no caption hides every card');
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
