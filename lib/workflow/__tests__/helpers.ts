/** Shared fixtures of the workflow tests: a mixed folder of real mirror scans, Redis, Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getDataLocations } from '../../datasets';
import { checkRedis, parseRedisUrl } from '../pipelineQueue';
import type { CatalogueEntry } from '../CatalogueEntry';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'bin', 'tounum.js');
export const FAKE_STAGES = path.join(__dirname, 'fakeStages.js');

function pick(id: string, sub: string, n: number): string[] {
  const dir = path.join(getDataLocations(id).mirrorDir, sub);
  const files: string[] = [];
  (function walk(d: string): void {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (files.length >= n) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(jpe?g|png)$/i.test(e.name)) files.push(p);
    }
  })(dir);
  if (files.length < n) throw new Error(`test data: ${dir} has fewer than ${n} images (dataset mirror missing?)`);
  return files;
}

/** A folder of real scans: PACS photos and paintings, receipts, schematics in sub-folders, plus one corrupt file. */
export interface MixedFolder {
  dir: string;
  /** Relative path → sha256 of every good image. */
  good: Record<string, string>;
  corrupt: string;
  cleanup(): void;
}

export function makeMixedFolder(counts: { photos?: number; paintings?: number; receipts?: number; schematics?: number; corrupt?: boolean } = {}): MixedFolder {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-wf-in-'));
  const good: Record<string, string> = {};
  const add = (src: string, rel: string): void => {
    const target = path.join(dir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(src, target);
    good[rel] = createHash('sha256').update(fs.readFileSync(target)).digest('hex');
  };
  pick('pacs', 'photo', counts.photos ?? 3).forEach((f, i) => add(f, path.join('box1', `photo${i}${path.extname(f)}`)));
  pick('pacs', 'art_painting', counts.paintings ?? 1).forEach((f, i) => add(f, path.join('box1', `painting${i}${path.extname(f)}`)));
  pick('sroie-receipts', '', counts.receipts ?? 1).forEach((f, i) => add(f, path.join('box2', `receipt${i}${path.extname(f)}`)));
  pick('fritzing-schematics', '', counts.schematics ?? 1).forEach((f, i) => add(f, path.join('box2', `schematic${i}${path.extname(f)}`)));
  const corrupt = path.join(dir, 'box2', 'torn.jpg');
  if (counts.corrupt !== false) fs.writeFileSync(corrupt, Buffer.from('\xff\xd8\xff\xe0 torn scan', 'latin1'));
  return { dir, good, corrupt, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Catalogue lines of a folder, parsed (throws on a malformed line). */
export function catalogueLines(outDir: string): CatalogueEntry[] {
  const file = path.join(outDir, 'catalogue.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as CatalogueEntry);
}

/** An entry without what legitimately differs between runs (timings, who, when). */
export function comparable(e: CatalogueEntry): Omit<CatalogueEntry, 'timings' | 'finishedAt' | 'processedBy'> {
  const { timings: _t, finishedAt: _f, processedBy: _p, ...rest } = e;
  return rest;
}

/** Every regular, non-hidden file under `dir` (relative paths). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  (function walk(d: string): void {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.startsWith('.')) out.push(path.relative(dir, p));
    }
  })(dir);
  return out.sort();
}

export function findChromium(): string {
  const candidates = [process.env['CHROME_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('no Chromium found: apt-get install chromium, or set CHROME_PATH');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A Redis for the test: `TOUNUM_TEST_REDIS_URL` (started by .ci/run), else a redis-server of our own on a free loopback port. */
export interface TestRedis {
  url: string;
  /** Restarts our own server on the same port (empty: it runs with --save ''); undefined with an external server. */
  restart?: () => Promise<void>;
  /** Stops our own server, and starts it again on the same port (empty). */
  down?: () => Promise<void>;
  up?: () => Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const external = process.env['TOUNUM_TEST_REDIS_URL'];
  if (external) {
    await checkRedis(parseRedisUrl(external));
    return { url: external, stop: async () => undefined };
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess;
  const launch = async (): Promise<void> => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const failed = new Promise<never>((_r, reject) => proc.once('error', (e) => reject(new Error(`cannot start redis-server (apt-get install redis-server, or set TOUNUM_TEST_REDIS_URL): ${e.message}`))));
    for (let i = 0; ; i++) {
      try {
        await Promise.race([checkRedis(parseRedisUrl(url), 500), failed]);
        return;
      } catch (e) {
        if (i > 50 || /cannot start/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const kill = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await launch();
  return { url, restart: async () => { await kill(); await launch(); }, down: kill, up: launch, stop: kill };
}

/** A `tounum worker` child process with the fake captioner; `stop()` sends SIGTERM and waits. */
export interface TestWorker {
  proc: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export function startWorker(url: string, queueName: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): TestWorker {
  const proc = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--queue-name', queueName, '--stages', FAKE_STAGES, '--lock-duration', '2000', '--stalled-interval', '1000', ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout?.on('data', (d) => (log += String(d)));
  proc.stderr?.on('data', (d) => (log += String(d)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const alive = (): boolean => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    log: () => log,
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (alive()) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until `cond()` holds (polling), or throws with `what` after `timeoutMs`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
