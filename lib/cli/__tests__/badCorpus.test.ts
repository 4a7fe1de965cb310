import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { main } from '..';
import { findPackageRoot, getDataLocations } from '../../datasets/findPackageRoot';
import { decodeFsName, displayPath, toFsPath } from '../../io/fsPath';
import { TEMPORARY_NAME } from '../../io/internal';
import { verifyImageFile } from '../../io/verifyImageFile';

/**
 * The bad-input corpus (scripts/make-bad-corpus.js, made here from mirror photos) through every
 * image command: for each file the outcome is an output or a clear error naming the file and the
 * reason; the batch goes on; every input is byte-identical afterwards; no partial file is left
 * under a final name. Set TOUNUM_CORPUS_TABLE=file.md to write the outcome table of the README.
 */

const root = findPackageRoot();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeBadCorpus } = require(path.join(root, 'scripts', 'make-bad-corpus.js')) as {
  makeBadCorpus: (dir: string, options?: object) => Promise<Array<{ name: string; kind: string; description: string }>>;
};
const mirrorPhotos = path.join(getDataLocations('pacs').mirrorDir, 'photo', 'dog');
const haveMirror = fs.existsSync(mirrorPhotos);
const encoderAvailable = fs.existsSync(getDataLocations('mobilenetv2-035-224').mirrorDir);

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

/** What every file of the corpus must give (the same for every command unless `byCommand` says otherwise). */
const EXPECTED_ERRORS: Record<string, RegExp> = {
  'damaged-data.jpg': /image data is damaged \(Corrupt JPEG data: .*\).*--accept-damaged/,
  'empty.jpg': /file is empty \(0 bytes\)/,
  'truncated.jpg': /file is truncated or incomplete/,
  'truncated.png': /file is truncated or incomplete/,
  'truncated.tif': /starts like a TIFF file but cannot be decoded: it is truncated or damaged/,
  'text.png': /not a recognised image format/,
  'bomb-30000x30000.png': /30000×30000 = 900,000,000 pixels, more than maxPixels/,
  'signature-only.png': /file is truncated or incomplete/,
  'loop.jpg': /symbolic link loop/,
  'dangling.jpg': /dangling symbolic link/,
  'bitmap.bmp': /BMP \(Windows bitmap\) is not a format the reader/,
  'folder.jpg': /the folder holds no image file/,
};
const EXPECTED_WARNINGS: Record<string, RegExp> = {
  'extraneous-bytes.jpg': /extraneous bytes before marker/,
  'grey-alpha.png': /alpha channel \(transparency\) was flattened/,
  'rgba.png': /alpha channel \(transparency\) was flattened/,
  'animated.gif': /3 frames; only the first was read/,
  'multipage.tif': /3 pages; only the first was read/,
};
const VHS_DEGRADE_WARNINGS: Record<string, RegExp> = {
  '20000x20.png': /kept only 27×20 of it/,
  '1x1.png': /enlarged 768× to 768×576/,
};
/** Taken from folders: everything but the BMP (named explicitly instead), hidden files and the folder (named explicitly). */
const NOT_WALKED = new Set(['bitmap.bmp', '.hidden.jpg', 'folder.jpg']);

interface Outcome {
  name: string;
  status: 'written' | 'failed';
  error?: string;
  warnings: string[];
  output?: string;
}

type Snapshot = Map<string, string>;

function snapshot(dir: string): Snapshot {
  const m: Snapshot = new Map();
  for (const b of fs.readdirSync(dir, { encoding: 'buffer' })) {
    const name = decodeFsName(b);
    const p = toFsPath(path.join(dir, name));
    const st = fs.lstatSync(p);
    let what: string;
    if (st.isSymbolicLink()) what = `link → ${fs.readlinkSync(p, 'utf8')}`;
    else if (st.isDirectory()) what = `dir ${fs.readdirSync(p).length} entries`;
    else {
      // Root reads a mode-000 file; anyone else would need the bytes some other way.
      what = `file ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
    }
    m.set(name, `${what} mode ${(st.mode & 0o7777).toString(8)} mtime ${st.mtimeMs}`);
  }
  return m;
}

/** Every file under `dir` (hidden included): no temporary, and each image complete. */
async function assertNoPartialFiles(dir: string, label: string, isImage = true): Promise<number> {
  let n = 0;
  const visit = async (d: string): Promise<void> => {
    for (const b of fs.readdirSync(toFsPath(d), { encoding: 'buffer', withFileTypes: true })) {
      const name = decodeFsName(b.name);
      const p = path.join(d, name);
      if (b.isDirectory()) {
        await visit(p);
        continue;
      }
      assert.ok(!TEMPORARY_NAME.test(name) && !name.endsWith('.tmp'), `${label}: temporary file left: ${displayPath(p)}`);
      if (isImage) assert.ok(await verifyImageFile(p), `${label}: incomplete or damaged output ${displayPath(p)}`);
      n++;
    }
  };
  if (fs.existsSync(dir)) await visit(dir);
  return n;
}

test('bad-input corpus × every image command: an output or a clear error per file, batch goes on, inputs unchanged, no partial files', { skip: !haveMirror && 'dataset mirror not available' }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-corpus-'));
  try {
    const corpus = path.join(tmp, 'corpus');
    const entries = await makeBadCorpus(corpus);
    const names = entries.map((e) => e.name);
    const before = snapshot(corpus);
    const explicit = [path.join(corpus, 'bitmap.bmp'), path.join(corpus, 'folder.jpg')];
    const commands: Array<{ label: string; argv: (out: string) => string[] }> = [
      { label: 'denoise', argv: (o) => ['denoise', corpus, ...explicit, '-o', o] },
      { label: 'sharpen', argv: (o) => ['sharpen', corpus, ...explicit, '-o', o] },
      { label: 'enhance', argv: (o) => ['enhance', corpus, ...explicit, '-o', o] },
      { label: 'upscale', argv: (o) => ['upscale', corpus, ...explicit, '-o', o, '--scale', '2'] },
      { label: 'vhs degrade', argv: (o) => ['vhs', 'degrade', corpus, ...explicit, '-o', o] },
      { label: 'vhs restore', argv: (o) => ['vhs', 'restore', corpus, ...explicit, '-o', o] },
    ];
    const table = new Map<string, Map<string, Outcome>>();
    let tried = 0;
    let clearErrors = 0;
    let partial = 0;

    for (const c of commands) {
      const out = path.join(tmp, `out-${c.label.replace(' ', '-')}`);
      const r = await run([...c.argv(out), '--json', '--no-progress']);
      assert.equal(r.code, 1, `${c.label}: some files fail, so exit code 1 (${r.err})`);
      const s = JSON.parse(r.out) as { files: Array<{ input: string; status: string; error?: string; warnings?: string[]; output?: string }>; notTaken: Array<{ path: string; reason: string }> };
      const outcomes = new Map<string, Outcome>();
      for (const f of s.files) {
        const name = path.basename(f.input);
        assert.ok(!outcomes.has(name), `${c.label}: ${name} reported twice`);
        outcomes.set(name, { name, status: f.status === 'written' ? 'written' : 'failed', warnings: f.warnings ?? [], ...(f.error ? { error: f.error } : {}), ...(f.output ? { output: f.output } : {}) });
      }
      // The walk says what it did not take (bitmap.bmp is also named explicitly, so it is tried).
      assert.deepEqual(s.notTaken.map((g) => [path.basename(g.path), g.reason]), [['.hidden.jpg', 'hidden']], `${c.label}: not taken`);
      table.set(c.label, outcomes);
      partial += (await assertNoPartialFiles(out, c.label)) - [...outcomes.values()].filter((o) => o.status === 'written').length;
      t.diagnostic(`${c.label}: ${[...outcomes.values()].filter((o) => o.status === 'written').length} written, ${[...outcomes.values()].filter((o) => o.status === 'failed').length} failed`);
    }

    if (encoderAvailable) {
      const copyTo = path.join(tmp, 'photos');
      const r = await run(['classify', corpus, ...explicit, '--json', '--no-progress', '--copy-photos-to', copyTo, '--threshold', '0']);
      assert.equal(r.code, 1, r.err);
      const rows = JSON.parse(r.out) as Array<{ file: string; label: string | null; error: string | null; warnings: string[]; copiedTo: string | null }>;
      const outcomes = new Map<string, Outcome>();
      for (const row of rows) {
        const name = path.basename(row.file);
        outcomes.set(name, { name, status: row.label === null ? 'failed' : 'written', warnings: row.warnings, ...(row.error ? { error: row.error } : {}), ...(row.copiedTo ? { output: row.copiedTo } : {}) });
        // --threshold 0: every readable image is a photo and is copied, byte for byte.
        if (row.label !== null) assert.ok(row.copiedTo && fs.readFileSync(toFsPath(row.copiedTo)).equals(fs.readFileSync(toFsPath(row.file))), `classify: copy of ${displayPath(row.file)}`);
      }
      assert.match(r.err, /files in the folders not taken: 1 hidden/);
      table.set('classify', outcomes);
      partial += (await assertNoPartialFiles(copyTo, 'classify', false)) - [...outcomes.values()].filter((o) => o.status === 'written').length;
    }

    // metrics reads one image at a time.
    const metrics = new Map<string, Outcome>();
    for (const name of names.filter((n) => !n.startsWith('.'))) {
      const r = await run(['metrics', path.join(corpus, name), '--json']);
      metrics.set(name, r.code === 0 ? { name, status: 'written', warnings: (JSON.parse(r.out) as { warnings: string[] }).warnings } : { name, status: 'failed', warnings: [], error: r.err.trim() });
    }
    table.set('metrics', metrics);

    for (const [label, outcomes] of table) {
      for (const name of names) {
        if (name === '.hidden.jpg') continue;
        if (label === 'metrics' && NOT_WALKED.has(name) && name !== 'bitmap.bmp' && name !== 'folder.jpg') continue;
        const o = outcomes.get(name);
        assert.ok(o, `${label}: no outcome for ${displayPath(name)} (a silent outcome)`);
        tried++;
        // metrics opens its argument directly: a folder is "a directory, not a file" rather than a folder to walk.
        const expectedError = label === 'metrics' && name === 'folder.jpg' ? /is a directory, not a file/ : EXPECTED_ERRORS[name];
        if (expectedError) {
          assert.equal(o.status, 'failed', `${label}: ${name} should fail`);
          assert.match(o.error ?? '', expectedError, `${label}: ${name}`);
          // The error names the file (in the message, or as the row of a per-file error for folders).
          assert.ok((o.error ?? '').includes(name) || name === 'folder.jpg', `${label}: the error for ${name} names it: ${o.error}`);
          clearErrors++;
          continue;
        }
        assert.equal(o.status, 'written', `${label}: ${displayPath(name)} should succeed, got ${o.error}`);
        const w = EXPECTED_WARNINGS[name];
        if (w) assert.match(o.warnings.join(' | '), w, `${label}: warning for ${name}`);
        const vw = label === 'vhs degrade' ? VHS_DEGRADE_WARNINGS[name] : undefined;
        if (vw) assert.match(o.warnings.join(' | '), vw, `${label}: fit warning for ${name}`);
      }
    }

    // The batch went on past every bad file: the last files in order were processed too.
    for (const label of ['denoise', 'vhs restore']) assert.equal(table.get(label)?.get('unreadable.jpg')?.status, 'written');
    // Inputs are byte-identical, links and modes unchanged.
    assert.deepEqual(snapshot(corpus), before);
    assert.equal(partial, 0, 'every file in the output folders is a complete output the batch reported');

    t.diagnostic(`corpus: ${names.length} entries; outcomes checked: ${tried}; clear errors: ${clearErrors}; silent outcomes: 0; partial files: ${partial}`);
    const out = process.env['TOUNUM_CORPUS_TABLE'];
    if (out) fs.writeFileSync(out, formatTable(entries, table));
  } finally {
    spawnSync('chmod', ['-R', 'u+rwX', tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('bad-input corpus: a file unreadable by a non-root user is a "permission denied" error and the batch goes on', { skip: (!haveMirror && 'dataset mirror not available') || (process.getuid?.() !== 0 && 'needs root to switch to nobody') }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-corpus-'));
  try {
    fs.chmodSync(tmp, 0o755);
    const corpus = path.join(tmp, 'corpus');
    await makeBadCorpus(corpus);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out, { mode: 0o777 });
    fs.chmodSync(out, 0o777);
    const bin = path.join(root, 'bin', 'tounum.js');
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, 'sharpen', path.join(corpus, 'unreadable.jpg'), path.join(corpus, 'photo.jpg'), '-o', out, '--json', '--no-progress'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const s = JSON.parse(r.stdout) as { files: Array<{ input: string; status: string; error?: string }> };
    const bad = s.files.find((f) => f.input.endsWith('unreadable.jpg'));
    assert.equal(bad?.status, 'failed');
    assert.match(bad?.error ?? '', /unreadable\.jpg: permission denied/);
    assert.equal(s.files.find((f) => f.input.endsWith('photo.jpg'))?.status, 'written');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/** Short cell text: ✔, ✔ ⚠ (with the warning's gist), or ✘ and the reason's gist. */
function cell(o: Outcome | undefined): string {
  if (!o) return '—';
  if (o.status === 'written') {
    if (o.warnings.length === 0) return '✔';
    const gist = o.warnings.map((w) => (/alpha/.test(w) ? 'alpha flattened' : /only the first/.test(w) ? 'first frame/page' : /extraneous/.test(w) ? 'decoder warning' : /kept only/.test(w) ? 'crop' : /enlarged/.test(w) ? 'enlarged' : /replaced/.test(w) ? 'redone' : 'warning'));
    return `✔ ⚠ ${[...new Set(gist)].join(', ')}`;
  }
  const e = o.error ?? '';
  const reasons: Array<[RegExp, string]> = [
    [/permission denied/, 'permission denied'],
    [/image data is damaged/, 'damaged data'],
    [/file is empty/, 'empty'],
    [/starts like a TIFF/, 'truncated/damaged TIFF'],
    [/truncated or incomplete/, 'truncated'],
    [/not a recognised image format/, 'not an image'],
    [/more than maxPixels/, 'too large (header)'],
    [/symbolic link loop/, 'link loop'],
    [/dangling symbolic link/, 'dangling link'],
    [/BMP/, 'BMP unsupported'],
    [/folder holds no image|is a directory/, 'folder, no image'],
  ];
  return `✘ ${reasons.find(([re]) => re.test(e))?.[1] ?? e.slice(0, 40)}`;
}

function formatTable(entries: ReadonlyArray<{ name: string; description: string }>, table: Map<string, Map<string, Outcome>>): string {
  const cols = [...table.keys()];
  const lines = [`| file | what | ${cols.join(' | ')} |`, `|---|---|${cols.map(() => '---').join('|')}|`];
  for (const e of entries) {
    if (e.name === '.hidden.jpg') continue;
    lines.push(`| \`${displayPath(e.name)}\` | ${e.description} | ${cols.map((c) => cell(table.get(c)?.get(e.name))).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
