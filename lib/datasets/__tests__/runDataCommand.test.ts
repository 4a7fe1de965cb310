import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATASET_IDS, runDataCommand, type FetchLike } from '..';
import { fakeServer, makeTempDir, realMirror } from './helpers';

const mirror = realMirror();

function capture(isTTY = false): { io: Parameters<typeof runDataCommand>[1]; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s), isTTY } },
    out: () => out,
    err: () => err,
  };
}

test('--list shows every dataset available from the mirror; --json is parseable', { skip: mirror === undefined && 'no datasets mirror' }, async () => {
  const project = makeTempDir('cmd');
  const c = capture();
  assert.equal(await runDataCommand(['--list', '--mirror', mirror as string], c.io, { projectRoot: project, env: {} }), 0);
  const lines = c.out().split('\n');
  assert.match(lines[0], /^id\s+files\s+size\s+licence\s+available$/);
  for (const id of DATASET_IDS) assert.match(c.out(), new RegExp(`^${id}\\s+\\d+\\s+\\d+\\.\\d MB\\s+.+\\s+mirror$`, 'm'));
  assert.match(c.out(), /^pacs\s+1750\s+38\.9 MB\s+academic use; none stated\s+mirror$/m);
  assert.match(c.out(), /17\/17 available/);

  const j = capture();
  assert.equal(await runDataCommand(['--list', '--json', 'set5', `--mirror=${mirror as string}`], j.io, { projectRoot: project, env: {} }), 0);
  const parsed = JSON.parse(j.out()) as Array<{ id: string; available: boolean; source: string; files: number }>;
  assert.deepEqual(parsed.map((s) => [s.id, s.available, s.source, s.files]), [['set5', true, 'mirror', 35]]);

  const missing = capture();
  assert.equal(await runDataCommand(['--list', 'set5', '--mirror', path.join(project, 'void')], missing.io, { projectRoot: project, env: {} }), 0);
  assert.match(missing.out(), /^set5\s+35\s+3\.9 MB\s+none stated\s+missing$/m);
  fs.rmSync(project, { recursive: true, force: true });
});

test('usage errors exit 2 with a clear message; --help exits 0', async () => {
  const c = capture();
  assert.equal(await runDataCommand(['kodak', 'set5', 'bsd'], c.io), 2);
  assert.match(c.err(), /unknown dataset id\(s\): kodak, bsd\nValid ids: cbsd68, .*vhs-like-frames/);
  const o = capture();
  assert.equal(await runDataCommand(['--frobnicate'], o.io), 2);
  assert.match(o.err(), /unknown option --frobnicate/);
  const m = capture();
  assert.equal(await runDataCommand(['--mirror'], m.io), 2);
  assert.match(m.err(), /--mirror needs a folder/);
  const h = capture();
  assert.equal(await runDataCommand(['--help'], h.io), 0);
  assert.match(h.out(), /^Usage: tounum data/);
  assert.match(h.out(), /TOUNUM_DATA_MIRROR/);
});

test('resolving prints where each dataset is; offline failure exits 1 with the explanation', async () => {
  const project = makeTempDir('cmd');
  const offline: FetchLike = async () => {
    throw new TypeError('fetch failed');
  };
  const c = capture();
  const code = await runDataCommand(['vhs-like-frames', '--mirror', path.join(project, 'void')], c.io, { projectRoot: project, env: {}, fetch: offline });
  assert.equal(code, 1);
  assert.match(c.err(), /Dataset "vhs-like-frames" is not available\./);
  assert.match(c.err(), /set TOUNUM_DATA_MIRROR=\/path\/to\/datasets or pass --mirror/);

  if (mirror !== undefined) {
    const ok = capture();
    assert.equal(await runDataCommand(['set5', 'vhs-like-frames', '--verify', '--mirror', mirror], ok.io, { projectRoot: project, env: {} }), 0);
    assert.match(ok.out(), /^set5\s+mirror\s+.*set5\s+\(35 files, 3\.9 MB, sha256 ok\)$/m);
    assert.match(ok.out(), /^vhs-like-frames\s+mirror\s+/m);

    // A download draws a progress bar on stderr and reports the source as `download`.
    const server = fakeServer('vhs-like-frames', path.join(mirror, 'vhs-like-frames'));
    const dl = capture();
    assert.equal(await runDataCommand(['vhs-like-frames', '--json', '--mirror', path.join(project, 'void')], dl.io, { projectRoot: project, env: {}, fetch: server.fetch }), 0);
    assert.match(dl.err(), /vhs-like-frames \[#{24}\] 100% 1\.1 MB\/1\.1 MB 11\/11 files/);
    // On a terminal the bar is redrawn in place and ends with a newline.
    fs.rmSync(path.join(project, 'data', 'vhs-like-frames'), { recursive: true });
    const tty = capture(true);
    assert.equal(await runDataCommand(['vhs-like-frames', '--mirror', path.join(project, 'void')], tty.io, { projectRoot: project, env: {}, fetch: server.fetch }), 0);
    assert.match(tty.err(), /^\rvhs-like-frames \[/);
    assert.match(tty.err(), /\rvhs-like-frames \[#{24}\] 100% 1\.1 MB\/1\.1 MB 11\/11 files\n$/);
    assert.match(tty.out(), /^vhs-like-frames\s+download\s+/);
    const res = JSON.parse(dl.out()) as Array<{ id: string; ok: boolean; source: string; files: number }>;
    assert.deepEqual(res.map((r) => [r.id, r.ok, r.source, r.files]), [['vhs-like-frames', true, 'download', 11]]);
  }
  fs.rmSync(project, { recursive: true, force: true });
});
