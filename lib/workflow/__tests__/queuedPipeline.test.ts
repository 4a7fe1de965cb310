/**
 * The distributed pipeline against a real redis-server on loopback (TOUNUM_TEST_REDIS_URL from
 * .ci/run, or one started here): `tounum worker` processes, the coordinator, failures kept after
 * three attempts, a worker killed with -9 mid-job, Redis restarted mid-run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { selectBackend } from '../../backend';
import { main } from '../../cli';
import { loadPhotoClassifier, type PhotoClassifier } from '../../models/classifier';
import { getPipelineQueueStatus, loadPipelineStages, runPipeline, runQueuedPipeline, type PipelineStages } from '..';
import { fakeCaptioner } from './fakeStages';
import { catalogueLines, comparable, listFiles, makeMixedFolder, startRedis, startWorker, waitFor, type MixedFolder, type TestRedis, type TestWorker } from './helpers';

let redis: TestRedis;
let folder: MixedFolder;
let classifier: PhotoClassifier;
let stages: PipelineStages;
const workers: TestWorker[] = [];
const outs: string[] = [];
let queueCounter = 0;
const queueName = (): string => `tounum-test-${process.pid}-${++queueCounter}`;
const tmpOut = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-wfq-out-'));
  outs.push(d);
  return d;
};
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

before(async () => {
  redis = await startRedis();
  await selectBackend({ log: false });
  classifier = await loadPhotoClassifier();
  stages = await loadPipelineStages({ classifier, captioner: fakeCaptioner });
  folder = makeMixedFolder();
});
after(async () => {
  for (const w of workers) await w.stop();
  stages.dispose();
  classifier.dispose();
  folder.cleanup();
  for (const d of outs) fs.rmSync(d, { recursive: true, force: true });
  await redis.stop();
});

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
function worker(url: string, name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): TestWorker {
  const w = startWorker(url, name, args, env);
  workers.push(w);
  return w;
}

test('two workers (one running 2 jobs at a time): the same catalogue and outputs as one machine; a failing file is kept after 3 attempts and listed by --status', async () => {
  const name = queueName();
  const inputs = [...Object.keys(folder.good).map((r) => path.join(folder.dir, r)), folder.corrupt];
  const local = tmpOut();
  await runPipeline(inputs, local, { stages });
  const w1 = worker(redis.url, name);
  const w2 = worker(redis.url, name, ['--concurrency', '2']);
  const out = tmpOut();
  const r = await cli(['pipeline', ...inputs, '-o', out, '--queue', redis.url, '--queue-name', name, '--backoff', '100', '--json', '--no-progress']);
  assert.equal(r.code, 1, r.err);
  const s = JSON.parse(r.out) as { queue: string; processed: number; failed: number; files: Array<{ input: string; status: string; error?: string }> };
  assert.equal(s.queue, redis.url);
  assert.equal(s.processed, Object.keys(folder.good).length);
  assert.equal(s.failed, 1);
  assert.match(s.files.find((f) => f.status === 'failed')?.error ?? '', /torn\.jpg.*after 3 attempts/);

  const byInput = <T extends { input: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.input < b.input ? -1 : 1));
  assert.deepEqual(byInput(catalogueLines(out)).map(comparable), byInput(catalogueLines(local)).map(comparable), 'identical entries (timings aside)');
  const files = listFiles(out);
  assert.deepEqual(files, listFiles(local));
  // catalogue.jsonl and .csv hold timings; every other file must be byte-identical.
  for (const f of files.filter((f) => !/^catalogue\.(jsonl|csv)$/.test(f))) {
    assert.equal(sha(path.join(out, f)), sha(path.join(local, f)), `${f}: same bytes`);
  }

  const status = await cli(['pipeline', '--queue', redis.url, '--queue-name', name, '--status', '--json']);
  assert.equal(status.code, 0, status.err);
  const st = JSON.parse(status.out) as { counts: Record<string, number>; workers: number; failed: Array<{ input: string; attemptsMade: number; error: string }> };
  assert.equal(st.counts['failed'], 1);
  assert.equal(st.counts['completed'], 0, 'completed jobs are removed once catalogued');
  assert.equal(st.workers, 2);
  assert.equal(st.failed[0]?.input, folder.corrupt);
  assert.equal(st.failed[0]?.attemptsMade, 3);
  assert.match(st.failed[0]?.error ?? '', /cannot read image .*torn\.jpg/);
  const text = await cli(['pipeline', '--queue', redis.url, '--queue-name', name, '--status']);
  assert.match(text.out, /1 failed; 2 worker\(s\) connected/);
  assert.match(text.out, /✘ .*torn\.jpg .*\(3 attempts/);

  // A re-run catalogues nothing twice and tries the failed file again (three more attempts).
  const again = await cli(['pipeline', ...inputs, '-o', out, '--queue', redis.url, '--queue-name', name, '--backoff', '100', '--json', '--no-progress']);
  const s2 = JSON.parse(again.out) as { processed: number; skipped: number; failed: number };
  assert.deepEqual([s2.processed, s2.skipped, s2.failed], [0, Object.keys(folder.good).length, 1]);
  assert.equal(catalogueLines(out).length, Object.keys(folder.good).length);
  await Promise.all([w1.stop(), w2.stop()]);
  assert.match(w1.log() + w2.log(), /✔ /);
});

test('a worker killed with -9 mid-job: its job is taken over (stalled-job check) and every file is catalogued exactly once', async () => {
  const name = queueName();
  const photos = makeMixedFolder({ photos: 4, paintings: 0, receipts: 0, schematics: 0, corrupt: false });
  try {
    const out = tmpOut();
    const detached = await cli(['pipeline', photos.dir, '-o', out, '--queue', redis.url, '--queue-name', name, '--detach', '--threshold', '0', '--json']);
    assert.equal(detached.code, 0, detached.err);
    assert.equal((JSON.parse(detached.out) as { queued: number }).queued, 4);
    assert.equal(catalogueLines(out).length, 0, '--detach returns before any processing');

    const slow = worker(redis.url, name, [], { TOUNUM_TEST_CAPTION_DELAY_MS: '4000' });
    await waitFor(async () => (await getPipelineQueueStatus(redis.url, { queueName: name })).counts.active >= 1, 'a job active on the slow worker');
    await slow.kill9();
    const st = await getPipelineQueueStatus(redis.url, { queueName: name });
    assert.equal(st.counts.active, 1, 'the killed worker\'s job is still marked active (its lock has not expired yet)');

    const rescuer = worker(redis.url, name);
    const s = await runQueuedPipeline([photos.dir].flatMap((d) => Object.keys(photos.good).map((r) => path.join(d, r))), out, redis.url, { queueName: name, threshold: 0, backoffMs: 100, sweepMs: 500 });
    assert.equal(s.processed, 4);
    assert.equal(s.failed, 0);
    const lines = catalogueLines(out);
    assert.deepEqual(lines.map((l) => l.sha256).sort(), Object.values(photos.good).sort(), 'every file exactly once');
    assert.equal(listFiles(path.join(out, 'photos')).length, 4);
    await rescuer.stop();
    assert.match(rescuer.log(), /↻ job \S+ taken back from a worker that stopped renewing its lock/, 'BullMQ\'s stalled-job check recovered the job');
  } finally {
    photos.cleanup();
  }
});

/** A redis-server of the test's own (even when TOUNUM_TEST_REDIS_URL is set), to restart or stop it. */
async function privateRedisServer(): Promise<TestRedis> {
  const saved = process.env['TOUNUM_TEST_REDIS_URL'];
  delete process.env['TOUNUM_TEST_REDIS_URL'];
  try {
    return await startRedis();
  } finally {
    if (saved !== undefined) process.env['TOUNUM_TEST_REDIS_URL'] = saved;
  }
}

test('Redis restarted (without persistence) mid-run: lost jobs are queued again and the run completes with every file once', async () => {
  const privateRedis = await privateRedisServer();
  const name = queueName();
  const photos = makeMixedFolder({ photos: 5, paintings: 1, receipts: 0, schematics: 0, corrupt: false });
  try {
    const out = tmpOut();
    const w = worker(privateRedis.url, name, [], { TOUNUM_TEST_CAPTION_DELAY_MS: '700' });
    const files = Object.keys(photos.good).map((r) => path.join(photos.dir, r));
    const notes: string[] = [];
    const run = runQueuedPipeline(files, out, privateRedis.url, { queueName: name, backoffMs: 100, sweepMs: 500, onNote: (m) => notes.push(m) });
    await waitFor(() => catalogueLines(out).length >= 1, 'a first catalogued file');
    await (privateRedis.restart as () => Promise<void>)();
    const s = await run;
    assert.equal(s.processed, files.length);
    assert.equal(s.failed, 0);
    assert.deepEqual(catalogueLines(out).map((l) => l.sha256).sort(), Object.values(photos.good).sort(), 'every file exactly once');
    assert.ok(notes.some((n) => /queued again/.test(n)), `lost jobs were re-queued: ${notes.join('; ')}`);
    await w.stop();
  } finally {
    photos.cleanup();
    await privateRedis.stop();
  }
});

test('Redis gone for longer than the outage limit: the run stops with a clear message, and the same command resumes once Redis is back', async () => {
  const privateRedis = await privateRedisServer();
  const name = queueName();
  const photos = makeMixedFolder({ photos: 4, paintings: 0, receipts: 0, schematics: 0, corrupt: false });
  try {
    const out = tmpOut();
    const w = worker(privateRedis.url, name, [], { TOUNUM_TEST_CAPTION_DELAY_MS: '700' });
    const argv = ['pipeline', photos.dir, '-o', out, '--queue', privateRedis.url, '--queue-name', name, '--threshold', '0', '--json', '--no-progress'];
    const files = Object.keys(photos.good).map((r) => path.join(photos.dir, r));
    const run = runQueuedPipeline(files, out, privateRedis.url, { queueName: name, threshold: 0, sweepMs: 500, outageMs: 3000 });
    await waitFor(() => catalogueLines(out).length >= 1, 'a first catalogued file');
    await (privateRedis.down as () => Promise<void>)();
    const t0 = Date.now();
    await assert.rejects(run, /lost Redis at redis:\/\/127\.0\.0\.1:\d+ for 3 s; \d file\(s\) catalogued in .*still queued\. When Redis is back, run the same command again to resume/);
    assert.ok(Date.now() - t0 < 20_000, 'stops within seconds of the limit, not after minutes of retries');
    const before = catalogueLines(out).length;
    assert.ok(before >= 1 && before < 4);
    await (privateRedis.up as () => Promise<void>)();
    const r = await cli(argv);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out) as { processed: number; skipped: number };
    assert.equal(s.skipped, before);
    assert.equal(s.processed, 4 - before);
    assert.deepEqual(catalogueLines(out).map((l) => l.sha256).sort(), Object.values(photos.good).sort(), 'every file exactly once');
    await w.stop();
  } finally {
    photos.cleanup();
    await privateRedis.stop();
  }
});

test('unreachable Redis is a clear error, not a hang', async () => {
  const r = await cli(['pipeline', '--queue', 'redis://127.0.0.1:1', '--status']);
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 .*is redis-server running there\?/);
  const w = await cli(['worker', '--queue', 'redis://127.0.0.1:1']);
  assert.equal(w.code, 1);
  assert.match(w.err, /cannot reach Redis/);
  assert.equal((await cli(['worker'])).code, 2);
  assert.match((await cli(['worker', '--queue', redis.url, '--concurrency', '0'])).err, /--concurrency must be an integer in 1–64; got 0/);
});
