import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listImageFiles } from '..';
import { makeTempDir } from './helpers';

test('listImageFiles: image extensions only, code-unit order, optional recursion', () => {
  const dir = makeTempDir('list');
  fs.mkdirSync(path.join(dir, 'sub'));
  for (const n of ['b.PNG', 'a.jpg', 'B.png', 'x.txt', '.hidden.png', 'y.png.part', 'c.TIF', 'sub/c.png', 'sub/a.jpeg']) fs.writeFileSync(path.join(dir, n), '');
  const rel = (files: string[]): string[] => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
  assert.deepEqual(rel(listImageFiles(dir)), ['B.png', 'a.jpg', 'b.PNG', 'c.TIF']);
  assert.deepEqual(rel(listImageFiles(dir, { recursive: true })), ['B.png', 'a.jpg', 'b.PNG', 'c.TIF', 'sub/a.jpeg', 'sub/c.png']);
  const exts = ['png', '.JPEG'];
  assert.deepEqual(rel(listImageFiles(dir, { recursive: true, extensions: exts })), ['B.png', 'b.PNG', 'sub/a.jpeg', 'sub/c.png']);
  assert.deepEqual(exts, ['png', '.JPEG'], 'options unchanged');
  assert.ok(listImageFiles(dir).every((f) => path.isAbsolute(f)));
  assert.throws(() => listImageFiles(path.join(dir, 'nope')), /listImageFiles: dir must be an existing folder, got ".*nope"/);
  assert.throws(() => listImageFiles(path.join(dir, 'x.txt')), TypeError);
  assert.throws(() => listImageFiles(dir, { extensions: [''] }), (e: unknown) => e instanceof RangeError && /got ""/.test(e.message));
  fs.rmSync(dir, { recursive: true, force: true });
});
