import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { expandInputs, formatHelp, main, outputPathFor, parseCommandLine, runBatch, type CommandSpec } from '..';

const spec: CommandSpec = {
  usage: 'tounum demo',
  summary: 'A demo command.',
  positionals: 'IN…',
  options: [
    { name: 'out', short: 'o', type: 'string', description: 'output folder' },
    { name: 'strength', type: 'number', description: 'strength', default: 0.5 },
    { name: 'method', type: 'string', choices: ['nlm', 'gaussian'], description: 'method', default: 'nlm' },
    { name: 'json', type: 'boolean', description: 'json output' },
  ],
};

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb(); } });
  return { stream, text: () => text };
}

test('parseCommandLine reads long, short, = and defaults, and rejects bad values clearly', () => {
  const p = parseCommandLine(['a.png', '-o', 'out', '--strength=0.8', '--json', 'b.png'], spec);
  assert.deepEqual(p.positionals, ['a.png', 'b.png']);
  assert.equal(p.options['out'], 'out');
  assert.equal(p.options['strength'], 0.8);
  assert.equal(p.options['method'], 'nlm');
  assert.equal(p.options['json'], true);
  assert.equal(parseCommandLine(['--no-json'], spec).options['json'], false);
  assert.throws(() => parseCommandLine(['--strength', 'lots'], spec), /--strength needs a number, got "lots"/);
  assert.throws(() => parseCommandLine(['--method', 'median'], spec), /--method must be one of nlm, gaussian; got "median"/);
  assert.throws(() => parseCommandLine(['--colour'], spec), /unknown option --colour/);
  assert.throws(() => parseCommandLine(['-o'], spec), /-o needs a value/);
  assert.match(formatHelp(spec), /-o, --out VALUE\s+output folder/);
  assert.match(formatHelp(spec), /one of: nlm, gaussian; default: nlm/);
});

test('expandInputs takes files, folders and globs, and reports what matched nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-cli-'));
  try {
    fs.mkdirSync(path.join(dir, 'sub'));
    for (const f of ['a.png', 'b.JPG', 'notes.txt', 'sub/c.tif']) fs.writeFileSync(path.join(dir, f), 'x');
    const fromDir = expandInputs([dir]);
    assert.deepEqual(fromDir.files.map((f) => path.relative(dir, f)), ['a.png', 'b.JPG', path.join('sub', 'c.tif')]);
    assert.deepEqual(expandInputs([dir], { recursive: false }).files.length, 2);
    const glob = expandInputs([path.join(dir, '*.png'), path.join(dir, '**', '*.tif'), path.join(dir, 'nope.png')]);
    assert.deepEqual(glob.files.map((f) => path.relative(dir, f)), ['a.png', path.join('sub', 'c.tif')]);
    assert.deepEqual(glob.missing, [path.join(dir, 'nope.png')]);
    // An explicit file is kept whatever its extension: the reader will say what is wrong with it.
    assert.equal(expandInputs([path.join(dir, 'notes.txt')]).files.length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('runBatch reports a failing file and goes on', async () => {
  const err = collector();
  const summary = await runBatch(['ok1', 'bad', 'ok2'], async (input) => {
    if (input === 'bad') throw new Error('cannot read image bad: file is empty');
    return input.toUpperCase();
  }, { progress: false, stream: err.stream });
  assert.equal(summary.succeeded, 2);
  assert.equal(summary.failed, 1);
  assert.deepEqual(summary.items.map((i) => i.ok), [true, false, true]);
  assert.equal(summary.items[2]?.result, 'OK2');
  assert.match(err.text(), /✘ bad: cannot read image bad: file is empty/);
});

test('outputPathFor: one deterministic name per input (no -1, -2 numbering), never the input, no path separators in the suffix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-out-'));
  try {
    const input = path.join(dir, 'photo.jpg');
    fs.writeFileSync(input, 'x');
    assert.throws(() => outputPathFor(input, dir), /would overwrite its input/);
    const out = path.join(dir, 'out');
    const first = outputPathFor(input, out, { suffix: '-denoised', extension: '.png' });
    assert.equal(first, path.join(out, 'photo-denoised.png'));
    fs.mkdirSync(out);
    fs.writeFileSync(first, 'y');
    // The same name again: the batch decides whether the existing output is kept (resume) or replaced.
    assert.equal(outputPathFor(input, out, { suffix: '-denoised', extension: '.png' }), first);
    assert.throws(() => outputPathFor(input, out, { suffix: '/../../../x' }), /--suffix must not contain a path separator/);
    assert.throws(() => outputPathFor(input, out, { suffix: '\\sub' }), /path separator/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('main: help, version, unknown command and usage errors have the right exit codes', async () => {
  const out = collector();
  const err = collector();
  const io = { stdout: out.stream, stderr: err.stream };
  assert.equal(await main(['--help'], io), 0);
  assert.match(out.text(), /Commands:\n\s+info/);
  assert.equal(await main(['frobnicate'], io), 2);
  assert.match(err.text(), /unknown command "frobnicate"/);
  assert.equal(await main(['info', '--colour'], io), 2);
  assert.match(err.text(), /tounum info: unknown option --colour/);
  assert.equal(await main(['--version'], io), 0);
  assert.match(out.text(), /\d+\.\d+\.\d+\n$/);
});
