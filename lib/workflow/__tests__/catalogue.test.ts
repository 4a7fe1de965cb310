import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as workflow from '..';
import { appendCatalogueEntry, formatCatalogueCsv, formatContactSheet, lockOutputFolder, LOCK_FILE, parseRedisUrl, pipelineJobId, pipelineRunKey, readCatalogue, scanOutputPaths, type CatalogueEntry } from '..';

test('barrel exports the documented names', () => {
  assert.deepEqual(Object.keys(workflow).sort(), [
    'CATALOGUE_CSV_COLUMNS', 'CATALOGUE_FILE', 'CATALOGUE_VERSION', 'LOCK_FILE', 'MAX_EMBEDDED_THUMBNAILS', 'PIPELINE_JOB_ATTEMPTS', 'PIPELINE_QUEUE_NAME', 'THUMBNAIL_SIZE',
    'appendCatalogueEntry', 'checkRedis', 'describeEnhancement', 'exportCatalogue', 'formatCatalogueCsv', 'formatContactSheet',
    'getPipelineQueueStatus', 'hashFile', 'loadPipelineStages', 'lockOutputFolder', 'parseRedisUrl', 'pipelineJobId', 'pipelineRunKey', 'processScan',
    'readCatalogue', 'runPipeline', 'runQueuedPipeline', 'scanOutputPaths', 'startPipelineWorker', 'writeCatalogueCsv', 'writeContactSheet',
  ]);
});

const entry = (sha: string, input = `/scans/${sha}.jpg`): CatalogueEntry => ({
  version: 1, input, sha256: sha, bytes: 10, format: 'jpeg', width: 4, height: 3,
  class: { label: 'photo', probability: 0.9, threshold: 0.5 },
  enhancement: { sigma: 0.02, blurScore: 100, steps: [{ op: 'denoise', method: 'nlm', params: { h: 0.0123456 }, reason: 'noisy' }], skipped: [] },
  output: `photos/${sha}.png`, thumbnail: `thumbs/${sha}.jpg`, caption: { text: 'a dog, "running"', words: ['a', 'dog'], logProb: -2.5, beam: 5 },
  timings: { total: 1.25 }, errors: {}, finishedAt: '2026-01-01T00:00:00.000Z', processedBy: 'host:1',
});

test('readCatalogue ignores a line cut by a power loss, and appendCatalogueEntry starts a fresh line after it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-cat-'));
  try {
    assert.equal((await readCatalogue(dir)).entries.length, 0, 'no catalogue yet: empty');
    await appendCatalogueEntry(dir, entry('a'));
    fs.appendFileSync(path.join(dir, 'catalogue.jsonl'), '{"version":1,"input":"/scans/b.jp');
    let c = await readCatalogue(dir);
    assert.deepEqual([c.entries.length, c.badLines], [1, 1]);
    await appendCatalogueEntry(dir, entry('c'));
    c = await readCatalogue(dir);
    assert.deepEqual(c.entries.map((e) => e.sha256), ['a', 'c']);
    assert.equal(c.badLines, 1);
    assert.ok(c.bySha.has('c'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('formatCatalogueCsv quotes captions and summarises the enhancement steps', () => {
  const [header, row] = formatCatalogueCsv([entry('a')]).trim().split('\n');
  assert.match(header ?? '', /^input,sha256,bytes,format,/);
  assert.match(row ?? '', /,nlm\(h=0\.0123\),photos\/a\.png,"a dog, ""running""",-2\.5000,5,1\.250,$/);
});

test('scanOutputPaths keeps the sub-folder below the input root and adds the hash', () => {
  const sha = 'ab'.repeat(32);
  const p = scanOutputPaths('/in/box1/Scan 1.JPG', sha, '/in');
  assert.equal(p.photo, path.join('photos', 'box1', 'Scan 1-abababab.png'));
  assert.equal(p.other, path.join('other', 'box1', 'Scan 1-abababab.jpg'));
  assert.equal(p.thumbnail, path.join('thumbs', `${sha}.jpg`));
  assert.equal(scanOutputPaths('/elsewhere/x.png', sha, '/in').photo, path.join('photos', 'x-abababab.png'), 'outside the root: top level');
});

test('parseRedisUrl and job ids', () => {
  assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6390'), { host: '127.0.0.1', port: 6390, db: 0 });
  assert.deepEqual(parseRedisUrl('redis://u:p%40ss@h/2'), { host: 'h', port: 6379, db: 2, username: 'u', password: 'p@ss' });
  assert.throws(() => parseRedisUrl('localhost:6379'), /queue URL must (look like|start with) redis:\/\//);
  assert.throws(() => parseRedisUrl('http://h:1'), /must start with redis:\/\/.*"http:\/\/h:1"/);
  assert.throws(() => parseRedisUrl('redis://h:1/x'), /database must be a non-negative integer/);
  const base = { outDir: '/out', skipEnhance: false, skipCaption: false, beam: 5, threshold: null };
  const key = pipelineRunKey(base);
  assert.equal(key, pipelineRunKey({ ...base }), 'stable');
  assert.notEqual(key, pipelineRunKey({ ...base, beam: 3 }), 'options that change results change the key');
  assert.doesNotMatch(pipelineJobId(key, 'f'.repeat(64)), /:/, 'BullMQ ids may not contain ":"');
});

test('lockOutputFolder: one run per output folder; a lock left by a dead process is taken over', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-lock-'));
  try {
    const release = await lockOutputFolder(dir);
    await assert.rejects(lockOutputFolder(dir), new RegExp(`is in use by another tounum pipeline run \\(${os.hostname()} pid ${process.pid} .*delete .*${LOCK_FILE.replace('.', '\\.')}`));
    await release();
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)));
    // A pid that cannot be alive (beyond pid_max) on this host: stale.
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: os.hostname(), pid: 2 ** 30, since: 'then' }));
    const again = await lockOutputFolder(dir);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    await again();
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: 'other-machine', pid: 1, since: 'then' }));
    await assert.rejects(lockOutputFolder(dir), /other-machine pid 1 .* if no run is active on that machine/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('formatContactSheet escapes text, and links the thumbnails instead of embedding them when asked (large catalogues)', async () => {
  const e = { ...entry('a'), input: '/scans/<b>&.jpg', caption: { text: 'a <script>', words: ['a'], logProb: -1, beam: 5 } };
  const linked = await formatContactSheet('/nonexistent', [e], { embedThumbnails: false, title: 'Box <1>' });
  assert.match(linked, /<img alt="" loading="lazy" src="thumbs\/a\.jpg">/);
  assert.match(linked, /<title>Box &lt;1&gt;<\/title>/);
  assert.match(linked, /&lt;b&gt;&amp;\.jpg/);
  assert.match(linked, /data-caption="a &lt;script&gt;"/);
  assert.doesNotMatch(linked, /<script>[^(]/, 'the only script is the page\'s own');
  const embedded = await formatContactSheet('/nonexistent', [e]);
  assert.match(embedded, /\(no thumbnail\)/, 'auto embeds, and a missing thumbnail leaves the card');
});
