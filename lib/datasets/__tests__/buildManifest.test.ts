import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildManifest, checkDatasetDir } from '..';
import { makeTempDir } from './helpers';

test('buildManifest lists every file but SOURCE.txt with size and sha256, notices marked', async () => {
  const dir = makeTempDir('build');
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'SOURCE.txt'), 'provenance');
  fs.writeFileSync(path.join(dir, 'b', 'SOURCE.txt'), 'nested, kept');
  fs.writeFileSync(path.join(dir, 'Z.png'), 'zz');
  fs.writeFileSync(path.join(dir, 'a.png'), 'abc');
  fs.writeFileSync(path.join(dir, 'LICENSE.txt'), 'licence');
  const m = await buildManifest(dir, 'toy', { noticeFiles: ['LICENSE.txt'] });
  assert.deepEqual(m.files.map((f) => f.path), ['LICENSE.txt', 'Z.png', 'a.png', 'b/SOURCE.txt']);
  assert.equal(m.files[2].sha256, crypto.createHash('sha256').update('abc').digest('hex'));
  assert.equal(m.files[2].sha256, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(m.files[0].role, 'notice');
  assert.equal(m.fileCount, 3);
  assert.equal(m.noticeCount, 1);
  assert.equal(m.dataBytes, 2 + 3 + 12);
  assert.equal(m.totalBytes, 2 + 3 + 12 + 7);
  await assert.rejects(buildManifest(dir, 'toy', { noticeFiles: ['COPYING'] }), /notice file "COPYING" is not in/);
  await assert.rejects(buildManifest(path.join(dir, 'nope'), 'toy'), /is not a folder/);

  // checkDatasetDir: sizes by default, hashes only with verify.
  assert.equal((await checkDatasetDir(dir, m)).complete, true);
  fs.writeFileSync(path.join(dir, 'a.png'), 'abd');
  assert.equal((await checkDatasetDir(dir, m)).complete, true);
  const verified = await checkDatasetDir(dir, m, { verify: true });
  assert.deepEqual(verified.wrongHash, ['a.png']);
  assert.match(verified.summary, /1 with sha256 mismatch \(a\.png\)/);
  fs.writeFileSync(path.join(dir, 'Z.png'), 'z');
  fs.rmSync(path.join(dir, 'b'), { recursive: true });
  const broken = await checkDatasetDir(dir, m);
  assert.deepEqual(broken.missing, ['b/SOURCE.txt']);
  assert.deepEqual(broken.wrongSize, ['Z.png']);
  assert.equal(broken.summary, '1 of 4 files missing, 1 with wrong size (Z.png)');
  fs.rmSync(dir, { recursive: true, force: true });
});
