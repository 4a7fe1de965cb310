import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { findPackageRoot, getDataLocations } from '../../datasets/findPackageRoot';
import { TEMPORARY_NAME } from '../../io/internal';
import { verifyImageFile } from '../../io/verifyImageFile';

/**
 * kill -9 in the middle of a write, made deterministic by TOUNUM_TEST_CRASH (lib/io/crashPoint): the
 * CLI SIGKILLs itself after writing half of the n-th output's temporary file. No partial file may be
 * left under a final name, and a re-run must finish the batch (stale temporary removed, completed
 * outputs skipped, the rest written).
 */

const root = findPackageRoot();
const bin = path.join(root, 'bin', 'tounum.js');
const encoderAvailable = fs.existsSync(getDataLocations('mobilenetv2-035-224').mirrorDir);

function tounum(args: string[], crash?: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['TOUNUM_TEST_CRASH'];
  if (crash) env['TOUNUM_TEST_CRASH'] = crash;
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

async function makeInputs(dir: string, n: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let k = 0; k < n; k++) {
    const raw = Buffer.alloc(160 * 120 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = Math.round(127 + 110 * Math.sin(i / (29 + k)) * Math.cos(i / 997));
    const f = path.join(dir, `scan-${k}.jpg`);
    fs.writeFileSync(f, await sharp(raw, { raw: { width: 160, height: 120, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
    files.push(f);
  }
  return files;
}

function entries(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

test('kill -9 while an image output is half written: no partial file under a final name; the re-run removes the temporary and completes the batch', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-kill-'));
  try {
    const inDir = path.join(tmp, 'in');
    await makeInputs(inDir, 5);
    const out = path.join(tmp, 'out');
    const killed = tounum(['sharpen', inDir, '-o', out, '--no-progress'], 'write-image@3');
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const left = entries(out);
    const finals = left.filter((n) => !n.startsWith('.'));
    const temps = left.filter((n) => TEMPORARY_NAME.test(n));
    assert.deepEqual(finals, ['scan-0-sharpened.png', 'scan-1-sharpened.png'], 'the two outputs finished before the kill');
    assert.equal(temps.length, 1, `one half-written temporary: ${left.join(' ')}`);
    assert.match(temps[0] as string, /^\.scan-2-sharpened\.png\.\d+\.[0-9a-f]{12}\.tmp$/);
    for (const f of finals) assert.ok(await verifyImageFile(path.join(out, f)), `${f} complete`);
    assert.equal(await verifyImageFile(path.join(out, temps[0] as string)), false, 'the temporary really is partial');

    const again = tounum(['sharpen', inDir, '-o', out, '--no-progress', '--json']);
    assert.equal(again.status, 0, again.stderr);
    const s = JSON.parse(again.stdout) as { succeeded: number; skipped: number; removedTemporaries: number };
    assert.deepEqual([s.succeeded, s.skipped, s.removedTemporaries], [3, 2, 1]);
    assert.deepEqual(entries(out), [0, 1, 2, 3, 4].map((k) => `scan-${k}-sharpened.png`));
    for (const f of entries(out)) assert.ok(await verifyImageFile(path.join(out, f)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('kill -9 while classify --copy-photos-to is half way through a copy: no truncated copy under its name; the re-run completes without -1 copies', { skip: !encoderAvailable && 'encoder not available' }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-kill-'));
  try {
    const inDir = path.join(tmp, 'in');
    const files = await makeInputs(inDir, 4);
    const dest = path.join(tmp, 'photos');
    // --threshold 0: every image is a photo and is copied.
    const killed = tounum(['classify', inDir, '--copy-photos-to', dest, '--threshold', '0', '--no-progress'], 'copy-file@2');
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const left = entries(dest);
    assert.deepEqual(left.filter((n) => !n.startsWith('.')), ['scan-0.jpg']);
    assert.equal(left.filter((n) => TEMPORARY_NAME.test(n)).length, 1, left.join(' '));
    assert.ok(fs.readFileSync(path.join(dest, 'scan-0.jpg')).equals(fs.readFileSync(files[0] as string)));

    const again = tounum(['classify', inDir, '--copy-photos-to', dest, '--threshold', '0', '--no-progress', '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /removed 1 stale temporary file/);
    const rows = JSON.parse(again.stdout) as Array<{ file: string; copy: string }>;
    assert.deepEqual(rows.map((r) => r.copy), ['already-copied', 'copied', 'copied', 'copied']);
    assert.deepEqual(entries(dest), ['scan-0.jpg', 'scan-1.jpg', 'scan-2.jpg', 'scan-3.jpg']);
    for (const f of files) assert.ok(fs.readFileSync(path.join(dest, path.basename(f))).equals(fs.readFileSync(f)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('classify --copy-photos-to: a truncated copy left by an older, non-atomic version is replaced; a different file is an error', { skip: !encoderAvailable && 'encoder not available' }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-kill-'));
  try {
    const inDir = path.join(tmp, 'in');
    const files = await makeInputs(inDir, 2);
    const dest = path.join(tmp, 'photos');
    fs.mkdirSync(dest);
    const whole = fs.readFileSync(files[0] as string);
    fs.writeFileSync(path.join(dest, 'scan-0.jpg'), whole.subarray(0, whole.length >> 1));
    fs.writeFileSync(path.join(dest, 'scan-1.jpg'), 'someone else\'s file');
    const r = tounum(['classify', inDir, '--copy-photos-to', dest, '--threshold', '0', '--no-progress', '--json']);
    assert.equal(r.status, 1);
    const rows = JSON.parse(r.stdout) as Array<{ copy: string | null; error: string | null }>;
    assert.equal(rows[0]?.copy, 'copied');
    assert.ok(fs.readFileSync(path.join(dest, 'scan-0.jpg')).equals(whole));
    assert.match(rows[1]?.error ?? '', /a different file already exists at .*scan-1\.jpg; pass --overwrite/);
    assert.equal(fs.readFileSync(path.join(dest, 'scan-1.jpg'), 'utf8'), 'someone else\'s file');
    assert.deepEqual(entries(dest), ['scan-0.jpg', 'scan-1.jpg']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
