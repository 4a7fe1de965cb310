import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Default name of the BullMQ queue of `tounum pipeline --queue` and `tounum worker`. */
export const PIPELINE_QUEUE_NAME = 'tounum-pipeline';

/** Attempts per job before it is kept in the failed set. */
export const PIPELINE_JOB_ATTEMPTS = 3;

/** Where a Redis server is, from `redis://[user:password@]host:port[/db]`. */
export interface RedisLocation {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

/**
 * Parses a `redis://HOST:PORT[/DB]` URL (the port defaults to 6379, the database to 0).
 * @throws RangeError naming the URL and the expected form.
 */
export function parseRedisUrl(url: string): RedisLocation {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`queue URL must look like redis://HOST:PORT, got ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'redis:') throw new RangeError(`queue URL must start with redis:// (rediss and unix sockets are not supported), got ${JSON.stringify(url)}`);
  if (u.hostname === '') throw new RangeError(`queue URL has no host: ${JSON.stringify(url)}`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RangeError(`queue URL database must be a non-negative integer, got ${JSON.stringify(dbText)} in ${url}`);
  const loc: RedisLocation = { host: u.hostname.replace(/^\[|\]$/g, ''), port, db };
  if (u.username !== '') loc.username = decodeURIComponent(u.username);
  if (u.password !== '') loc.password = decodeURIComponent(u.password);
  return loc;
}

/** The URL without its password, for messages. */
export function displayRedisUrl(loc: RedisLocation): string {
  return `redis://${loc.host}:${loc.port}${loc.db ? `/${loc.db}` : ''}`;
}

/**
 * Connects once to check that the server answers and is Redis ≥ 6.2 (what BullMQ needs), so that a
 * wrong address is a clear error instead of endless reconnection attempts.
 * @throws Error naming the address and the cause.
 */
export async function checkRedis(loc: RedisLocation, timeoutMs = 5000): Promise<string> {
  const client = new Redis({ ...loc, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([0-9.]+)/.exec(info)?.[1] ?? '0';
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 6 || (major === 6 && minor < 2)) throw new Error(`Redis ${version} at ${displayRedisUrl(loc)} is too old: BullMQ needs Redis ≥ 6.2`);
    return version;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/too old/.test(message)) throw e;
    throw new Error(`cannot reach Redis at ${displayRedisUrl(loc)} (${message}); is redis-server running there?`);
  } finally {
    client.disconnect();
  }
}

/** What a queued job carries: one input file and how to process it. */
export interface PipelineJobData {
  input: string;
  sha256: string;
  /** Absolute output folder, seen at the same path by every worker. */
  outDir: string;
  inputRoot: string | null;
  skipEnhance: boolean;
  skipCaption: boolean;
  beam: number;
  /** null: the worker's classifier card threshold. */
  threshold: number | null;
}

/**
 * Key of a run: the output folder and the options that change results. Jobs of a file are
 * `<key>-<sha256>`, so enqueuing a file twice (a re-run, or a file present twice) adds one job.
 */
export function pipelineRunKey(data: Pick<PipelineJobData, 'outDir' | 'skipEnhance' | 'skipCaption' | 'beam' | 'threshold'>): string {
  const { outDir, skipEnhance, skipCaption, beam, threshold } = data;
  return createHash('sha256').update(JSON.stringify({ outDir, skipEnhance, skipCaption, beam, threshold })).digest('hex').slice(0, 16);
}

/** Job id of one file of a run (BullMQ ids may not contain ':'). */
export function pipelineJobId(runKey: string, sha256: string): string {
  return `${runKey}-${sha256}`;
}
