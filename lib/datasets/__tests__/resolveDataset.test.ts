import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  DatasetChecksumError,
  DatasetUnavailableError,
  computeFileSha256,
  getDataset,
  getDatasetStatus,
  resolveDataset,
  type DownloadProgress,
  type FetchLike,
} from '..';
import { copyDataset, countFiles, fakeResponse, fakeServer, makeTempDir, realMirror } from './helpers';

const mirror = realMirror();
const skip = mirror === undefined && 'no datasets mirror';
const ID = 'vhs-like-frames';
const COMMIT = '90b59fc674fc2146634d1c1681f9b65083a7aa91';
const offlineFetch: FetchLike = async () => {
  throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com') });
};

/** tmp/project (project root) and tmp/shared/datasets (its default mirror), both empty. */
function layout(): { tmp: string; project: string; mirrorRoot: string } {
  const tmp = makeTempDir('resolve');
  const project = path.join(tmp, 'project');
  const mirrorRoot = path.join(tmp, 'shared', 'datasets');
  fs.mkdirSync(project, { recursive: true });
  fs.mkdirSync(mirrorRoot, { recursive: true });
  return { tmp, project, mirrorRoot };
}

test('resolution order: complete local beats mirror; incomplete local falls through to the mirror, used in place', { skip }, async () => {
  const { tmp, project, mirrorRoot } = layout();
  copyDataset(mirror as string, ID, path.join(mirrorRoot, ID));
  const localDir = path.join(project, 'data', ID);
  copyDataset(mirror as string, ID, localDir);
  const env = {};

  const local = await resolveDataset(ID, { projectRoot: project, env, fetch: offlineFetch });
  assert.equal(local.source, 'local');
  assert.equal(local.dir, localDir);
  assert.equal(local.files.length, 11);
  assert.ok(local.files.every((f) => f.startsWith(localDir + path.sep) && fs.existsSync(f)));

  fs.rmSync(path.join(localDir, 'tearing.png'));
  const before = countFiles(localDir);
  const viaMirror = await resolveDataset(ID, { projectRoot: project, env, fetch: offlineFetch });
  assert.equal(viaMirror.source, 'mirror');
  assert.equal(viaMirror.dir, path.join(mirrorRoot, ID), 'default mirror is ../shared/datasets from the project root');
  assert.ok(viaMirror.files.every((f) => f.startsWith(path.join(mirrorRoot, ID) + path.sep)));
  assert.equal(countFiles(localDir), before, 'nothing is copied from the mirror');

  // A wrong size is incomplete too.
  copyDataset(mirror as string, ID, localDir);
  fs.appendFileSync(path.join(localDir, 'blur.png'), 'x');
  assert.equal((await resolveDataset(ID, { projectRoot: project, env, fetch: offlineFetch })).source, 'mirror');

  // Explicit option beats the environment, which beats the default.
  const other = path.join(tmp, 'elsewhere');
  copyDataset(mirror as string, ID, path.join(other, ID));
  assert.equal((await resolveDataset(ID, { projectRoot: project, env: { TOUNUM_DATA_MIRROR: other } })).dir, path.join(other, ID));
  assert.equal(
    (await resolveDataset(ID, { projectRoot: project, env: { TOUNUM_DATA_MIRROR: path.join(tmp, 'void') }, mirror: other })).dir,
    path.join(other, ID),
  );
  const status = await getDatasetStatus(ID, { projectRoot: project, env: { TOUNUM_DATA_MIRROR: other } });
  assert.deepEqual(
    { available: status.available, source: status.source, files: status.files, bytes: status.bytes, licence: status.licence },
    { available: true, source: 'mirror', files: 11, bytes: getDataset(ID).manifest.totalBytes, licence: 'MIT (source repo)' },
  );
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('verify detects a corrupted file of the same size that the size check misses', { skip }, async () => {
  const { tmp, project, mirrorRoot } = layout();
  const dir = path.join(mirrorRoot, ID);
  copyDataset(mirror as string, ID, dir);
  const victim = path.join(dir, 'noise.png');
  const bytes = fs.readFileSync(victim);
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(victim, bytes);

  assert.equal((await resolveDataset(ID, { projectRoot: project, env: {}, fetch: offlineFetch })).source, 'mirror');
  const status = await getDatasetStatus(ID, { projectRoot: project, env: {}, verify: true });
  assert.equal(status.available, false);
  assert.match(status.problems.join('\n'), /sha256 mismatch \(noise\.png\)/);
  await assert.rejects(resolveDataset(ID, { projectRoot: project, env: {}, verify: true, fetch: offlineFetch }), (err: unknown) => {
    assert.ok(err instanceof DatasetUnavailableError);
    assert.match(err.message, new RegExp(`mirror ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 with sha256 mismatch \\(noise\\.png\\)`));
    return true;
  });
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('offline without a mirror: DatasetUnavailableError names the dataset, the URLs and the mirror settings', async () => {
  const { tmp, project } = layout();
  const missingMirror = path.join(tmp, 'no-such-mirror');
  let calls = 0;
  const fetch: FetchLike = async (url, init) => {
    calls += 1;
    return offlineFetch(url, init);
  };
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: missingMirror, fetch }), (err: unknown) => {
    assert.ok(err instanceof DatasetUnavailableError);
    assert.equal(err.name, 'DatasetUnavailableError');
    assert.equal(err.datasetId, ID);
    assert.match(err.message, /^Dataset "vhs-like-frames" is not available\./);
    assert.match(err.message, new RegExp(`https://github\\.com/EpicKiwi/projet-datascience/tree/${COMMIT}/examples`));
    assert.match(err.message, new RegExp(`https://raw\\.githubusercontent\\.com/EpicKiwi/projet-datascience/${COMMIT}/examples/`));
    assert.match(err.message, /folder not found/);
    assert.match(err.message, /download into .* failed: fetch failed \(getaddrinfo ENOTFOUND raw\.githubusercontent\.com\)/);
    assert.match(err.message, /set TOUNUM_DATA_MIRROR=\/path\/to\/datasets or pass --mirror/);
    assert.ok(err.urls.includes(`https://github.com/EpicKiwi/projet-datascience/tree/${COMMIT}/examples`));
    return true;
  });
  assert.ok(calls >= 1);
  assert.equal(fs.readdirSync(path.join(project, 'data', ID)).length, 0, 'a failed fetch leaves no file behind');

  // A manual dataset never calls fetch and says how to get the files.
  calls = 0;
  await assert.rejects(resolveDataset('mate-photos', { projectRoot: project, mirror: missingMirror, fetch }), (err: unknown) => {
    assert.ok(err instanceof DatasetUnavailableError);
    assert.match(err.message, /apt-get download mate-backgrounds=1\.26\.0-1/);
    assert.match(err.message, /https:\/\/packages\.debian\.org\/bookworm\/mate-backgrounds/);
    assert.match(err.message, /TOUNUM_DATA_MIRROR/);
    return true;
  });
  assert.equal(calls, 0);
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: missingMirror, download: false, fetch }), /download: disabled/);
  assert.equal(calls, 0);
  await assert.rejects(resolveDataset('nope', { projectRoot: project }), RangeError);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('download with a fake fetch: progress, sha256-checked files, then local and idempotent', { skip }, async () => {
  const { tmp, project } = layout();
  const server = fakeServer(ID, path.join(mirror as string, ID));
  const events: DownloadProgress[] = [];
  const r = await resolveDataset(ID, { projectRoot: project, mirror: path.join(tmp, 'none'), fetch: server.fetch, onProgress: (p) => events.push(p) });
  assert.equal(r.source, 'download');
  assert.equal(r.dir, path.join(project, 'data', ID));
  assert.equal(server.calls.length, 11);
  for (const f of getDataset(ID).manifest.files) {
    assert.equal(await computeFileSha256(path.join(r.dir, f.path)), f.sha256);
  }
  assert.equal(fs.readdirSync(r.dir).filter((n) => n.endsWith('.part')).length, 0);
  const total = getDataset(ID).manifest.totalBytes;
  const last = events[events.length - 1];
  assert.deepEqual({ ...last, file: '' }, { file: '', bytesDone: total, bytesTotal: total, filesDone: 11, filesTotal: 11 });
  assert.ok(events.every((e, i) => i === 0 || e.bytesDone >= events[i - 1].bytesDone));

  const again = await resolveDataset(ID, { projectRoot: project, mirror: path.join(tmp, 'none'), fetch: server.fetch });
  assert.equal(again.source, 'local');
  assert.equal(server.calls.length, 11, 'no second download');
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('checksum mismatch: error, and neither the file nor its .part is left', { skip }, async () => {
  const { tmp, project } = layout();
  const server = fakeServer(ID, path.join(mirror as string, ID), (p, b) => {
    if (p !== 'greening.png') return b;
    const c = Buffer.from(b);
    c[10] ^= 1;
    return c;
  });
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: path.join(tmp, 'none'), fetch: server.fetch }), (err: unknown) => {
    assert.ok(err instanceof DatasetUnavailableError);
    assert.ok((err as Error & { cause?: unknown }).cause instanceof DatasetChecksumError);
    assert.match(err.message, /checksum mismatch for greening\.png from https:\/\/raw\.githubusercontent\.com\/.*\/examples\/greening\.png: expected \d+ bytes with sha256 [0-9a-f]{64}, got \d+ bytes with sha256 [0-9a-f]{64}; the partial file was deleted/);
    return true;
  });
  const dir = path.join(project, 'data', ID);
  assert.equal(fs.existsSync(path.join(dir, 'greening.png')), false);
  assert.equal(fs.existsSync(path.join(dir, 'greening.png.part')), false);
  // Too many bytes is a mismatch too.
  const long = fakeServer(ID, path.join(mirror as string, ID), (p, b) => (p === 'greening.png' ? Buffer.concat([b, Buffer.from('x')]) : b));
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: path.join(tmp, 'none'), fetch: long.fetch }), /got more than \d+ bytes/);
  assert.equal(fs.existsSync(path.join(dir, 'greening.png.part')), false);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('an interrupted transfer leaves only a .part, which the next run resumes with Range', { skip }, async () => {
  const { tmp, project } = layout();
  const src = path.join(mirror as string, ID);
  const server = fakeServer(ID, src);
  const big = 'jpeg-artefact.png';
  const flaky: FetchLike = async (url, init) => {
    if (url.endsWith(`/${big}`) && init?.headers?.Range === undefined) {
      return fakeResponse(200, [fs.readFileSync(path.join(src, big)).subarray(0, 5000)], true);
    }
    return server.fetch(url, init);
  };
  const none = path.join(tmp, 'none');
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: none, fetch: flaky }), /terminated: other side closed/);
  const dir = path.join(project, 'data', ID);
  assert.equal(fs.existsSync(path.join(dir, big)), false, 'never visible under its final name while incomplete');
  assert.equal(fs.statSync(path.join(dir, `${big}.part`)).size, 5000);

  // The first failure stops the queue, so some files may not have been started yet.
  const absent = getDataset(ID).manifest.files.map((f) => f.path).filter((p) => !fs.existsSync(path.join(dir, p)));
  assert.ok(absent.includes(big));
  const callsBefore = server.calls.length;
  const r = await resolveDataset(ID, { projectRoot: project, mirror: none, fetch: flaky });
  assert.equal(r.source, 'download');
  const retried = server.calls.slice(callsBefore);
  assert.deepEqual(
    retried.map((c) => [path.posix.basename(c.url), c.range]).sort(),
    absent.map((p) => [p, p === big ? 'bytes=5000-' : undefined]).sort(),
    'complete files are not fetched again; the unfinished one resumes from byte 5000',
  );
  assert.equal(await computeFileSha256(path.join(dir, big)), getDataset(ID).manifest.files.find((f) => f.path === big)?.sha256);
  assert.equal(fs.existsSync(path.join(dir, `${big}.part`)), false);

  // A corrupted local file of the right size is replaced by the download step when verify finds it.
  const victim = path.join(dir, 'pinking.png');
  const bytes = fs.readFileSync(victim);
  bytes[0] ^= 0xff;
  fs.writeFileSync(victim, bytes);
  const fixed = await resolveDataset(ID, { projectRoot: project, mirror: none, fetch: server.fetch, verify: true });
  assert.equal(fixed.source, 'download');
  assert.equal(await computeFileSha256(victim), getDataset(ID).manifest.files.find((f) => f.path === 'pinking.png')?.sha256);

  // A server that ignores Range answers 200: the .part is restarted, not appended to.
  fs.rmSync(path.join(dir, 'blur.png'));
  fs.writeFileSync(path.join(dir, 'blur.png.part'), 'garbage');
  const ignoring: FetchLike = async (url) => server.fetch(url, {});
  assert.equal((await resolveDataset(ID, { projectRoot: project, mirror: none, fetch: ignoring })).source, 'download');
  assert.equal(await computeFileSha256(path.join(dir, 'blur.png')), getDataset(ID).manifest.files.find((f) => f.path === 'blur.png')?.sha256);

  // HTTP errors are reported with the URL.
  fs.rmSync(path.join(dir, 'blur.png'));
  const notFound: FetchLike = async () => fakeResponse(404, []);
  await assert.rejects(resolveDataset(ID, { projectRoot: project, mirror: none, fetch: notFound }), /HTTP 404 Not Found for https:\/\/raw\.githubusercontent\.com\/EpicKiwi\/projet-datascience\/.*\/examples\/blur\.png/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
