#!/usr/bin/env node
// Throughput of the scanning pipeline (`tounum pipeline`): images/s on the same mixed scans for one
// process, one queue worker and two queue workers, on a loopback redis-server that this script starts
// itself (free 127.0.0.1 port, no persistence) and always stops, also on an error or Ctrl-C.
//
//   npx tsc -p . && node scripts/bench/pipeline.js [options]
// Options (--help prints them):
//   --files N         scans (default 200)
//   --skip STAGE      stage left out: caption (default), enhance or none
//   --with-caption    also run every mode with the caption stage
//   --repeat N        runs of each mode, interleaved (default 1); the median is reported
//
// The scans: a seeded selection (seed 2026) from the test part of the photo-vs-other split
// (buildPhotoDataset, seed 42 — images the shipped classifier never trained on): half PACS photos,
// half the other sources in turn (paintings, cartoons, sketches, receipts, text pages, flowcharts,
// schematics), copied into a temporary input folder, one sub-folder per source. Each run is one
// `tounum pipeline` command (the CLI, as a user runs it) into its own output folder; images/s is its
// own summary (files processed / seconds of the run, model loading included). The catalogue of
// every run is checked against the inputs: lost files (an input sha256 with no line) and duplicated
// ones (more lines than distinct sha256). Prints a table and writes bench/pipeline.json.
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { parseScriptArgs } = require('../train/cliArgs');

const opts = parseScriptArgs(
  {
    usage: 'node scripts/bench/pipeline.js',
    summary:
      'Throughput of `tounum pipeline` on the same mixed mirror scans: one process, 1 and 2 queue workers on a loopback redis-server started (and stopped) by this script; lost/duplicated files per run; writes bench/pipeline.json.',
    options: [
      { name: 'files', type: 'number', default: 200, description: 'number of scans (half photos, half other documents)' },
      {
        name: 'skip',
        type: 'string',
        default: 'caption',
        choices: ['caption', 'enhance', 'none'],
        description:
          'stage left out of the timed runs. Default caption: the caption stage is optional (--skip caption is how the pipeline runs without a captioner) and the slowest per photo, so leaving it out measures the pipeline and the queue rather than the decoder; --with-caption adds the runs with it',
      },
      { name: 'with-caption', type: 'boolean', description: 'also run every mode with the caption stage (beam 5, the shipped captioner)' },
      { name: 'repeat', type: 'number', default: 1, description: 'runs of each mode, interleaved (one process, 1 worker, 2 workers, then again); the median is reported' },
      { name: 'run-timeout', type: 'number', default: 3600, description: 'seconds after which one run is stopped and the benchmark fails' },
      { name: 'keep', type: 'boolean', description: 'keep the temporary inputs and outputs (their folder is printed)' },
    ],
  },
  process.argv.slice(2),
  (o, UsageError) => {
    if (!(Number.isInteger(o.files) && o.files >= 2)) throw new UsageError(`--files must be an integer ≥ 2; got ${o.files}`);
    if (!(Number.isInteger(o.repeat) && o.repeat >= 1)) throw new UsageError(`--repeat must be an integer ≥ 1; got ${o.repeat}`);
    if (!(o['run-timeout'] > 0)) throw new UsageError(`--run-timeout must be > 0; got ${o['run-timeout']}`);
    if (o['with-caption'] && o.skip !== 'caption') throw new UsageError(`--with-caption adds captioned runs to the --skip caption ones; with --skip ${o.skip} every run is captioned already`);
  },
);

const root = path.resolve(__dirname, '..', '..');
const TOUNUM = path.join(root, 'bin', 'tounum.js');
const SEED = 2026;
const SPLIT_SEED = 42;

/** Live child processes (redis-server, workers, pipeline runs), killed on any way out. */
const children = new Set();
/** The temporary inputs and outputs (removed on Ctrl-C unless --keep). */
let tmpDir = null;

function killAll(signal = 'SIGKILL') {
  for (const c of children) {
    try {
      // Workers run in their own process group (their job processes are its members).
      if (c.group) process.kill(-c.pid, signal);
      else c.kill(signal);
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    process.stderr.write(`\npipeline.js: ${sig}, stopping workers and redis-server\n`);
    killAll();
    if (tmpDir !== null && !opts.keep) fs.rmSync(tmpDir, { recursive: true, force: true });
    process.exit(130);
  });
}

function track(child, group = false) {
  child.group = group;
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); }));
  return child;
}

// ---------------------------------------------------------------- the scans
/** Seeded mixed selection: ceil(n/2) photos, the rest of the sources taken in turn, each shuffled. */
function selectMixedScans(items, n, seed, createRng, shuffle, sources) {
  const rng = createRng(seed);
  const bySource = new Map(sources.map((s) => [s.name, shuffle(items.filter((it) => it.source === s.name), rng)]));
  const photos = sources.filter((s) => s.label === 1).flatMap((s) => bySource.get(s.name));
  const others = sources.filter((s) => s.label === 0).map((s) => bySource.get(s.name));
  const nPhotos = Math.ceil(n / 2);
  if (photos.length < nPhotos) throw new RangeError(`only ${photos.length} test photos for ${nPhotos} requested`);
  const chosen = photos.slice(0, nPhotos);
  for (let round = 0; chosen.length < n; round++) {
    const before = chosen.length;
    for (const list of others) if (chosen.length < n && round < list.length) chosen.push(list[round]);
    if (chosen.length === before) throw new RangeError(`only ${chosen.length} test scans for --files ${n}`);
  }
  return chosen;
}

async function prepareInputs(dir, n) {
  const { buildPhotoDataset, PHOTO_SOURCES } = require(path.join(root, 'dist', 'datasets'));
  const { createRng, shuffle } = require(path.join(root, 'dist', 'random'));
  const { hashFile } = require(path.join(root, 'dist', 'workflow'));
  const ds = await buildPhotoDataset({ seed: SPLIT_SEED });
  const chosen = selectMixedScans(ds.test, n, SEED, createRng, shuffle, PHOTO_SOURCES);
  const files = [];
  for (const it of chosen) {
    const sub = path.join(dir, it.source.replace(/[^a-z0-9]+/gi, '-'));
    fs.mkdirSync(sub, { recursive: true });
    const dest = path.join(sub, path.basename(it.file));
    if (fs.existsSync(dest)) throw new Error(`two selected scans share the name ${path.basename(it.file)} in ${it.source}`);
    fs.copyFileSync(it.file, dest);
    files.push({ file: dest, source: it.source, label: it.label, sha256: (await hashFile(dest)).sha256 });
  }
  return files;
}

// ---------------------------------------------------------------- redis and workers
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until `child`'s output (stdout or stderr) matches `re`, or fails after `ms`. */
function waitForOutput(child, re, ms, what) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready after ${ms / 1000} s: ${seen.slice(-500)}`)), ms);
    const onData = (d) => {
      seen += d.toString();
      if (re.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${signal ?? code}) before it was ready: ${seen.slice(-500)}`));
    });
  });
}

async function startRedis(dir) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] }));
    try {
      await waitForOutput(child, /Ready to accept connections/, 15000, 'redis-server');
      const version = execFileSync('redis-server', ['--version']).toString().match(/v=(\S+)/)?.[1] ?? '?';
      return { child, url: `redis://127.0.0.1:${port}`, version };
    } catch (e) {
      child.kill('SIGKILL');
      await child.exited;
      if (attempt === 4 || /ENOENT/.test(String(e))) throw e;
    }
  }
  throw new Error('unreachable');
}

async function startWorker(url, logFile) {
  const child = track(spawn(process.execPath, [TOUNUM, 'worker', '--queue', url], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true }), true);
  const log = fs.createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  await waitForOutput(child, /waiting for jobs/, 60000, 'tounum worker');
  return child;
}

async function stopWorker(child) {
  try {
    child.kill('SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, 30000);
  await child.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- one run
function runPipelineCommand(inDir, outDir, queueUrl, skip, timeoutS) {
  const args = [TOUNUM, 'pipeline', inDir, '-o', outDir, '--json', '--no-progress', ...(skip ? ['--skip', skip] : []), ...(queueUrl ? ['--queue', queueUrl] : [])];
  const child = track(spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const t0 = process.hrtime.bigint();
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
  return child.exited.then(({ code, signal }) => {
    clearTimeout(timer);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (signal || (code !== 0 && code !== 1)) throw new Error(`tounum pipeline ${queueUrl ? '--queue ' : ''}exited (${signal ?? code}) after ${wallS.toFixed(0)} s: ${stderr.slice(-1500)}`);
    return { summary: JSON.parse(stdout), wallS };
  });
}

function checkCatalogue(outDir, inputs) {
  const lines = fs.readFileSync(path.join(outDir, 'catalogue.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const entries = lines.map((l) => JSON.parse(l));
  const shas = new Set(entries.map((e) => e.sha256));
  const expected = new Set(inputs.map((f) => f.sha256));
  const lost = [...expected].filter((s) => !shas.has(s)).length;
  const strays = [...shas].filter((s) => !expected.has(s)).length;
  const stages = ['hash', 'read', 'classify', 'enhance', 'caption', 'write', 'total'];
  const meanStage = {};
  for (const k of stages) {
    const v = entries.map((e) => e.timings[k]).filter((x) => typeof x === 'number');
    if (v.length > 0) meanStage[k] = v.reduce((a, b) => a + b, 0) / v.length;
  }
  const processSeconds = entries.reduce((a, e) => a + e.timings.total, 0);
  // What must not depend on where a file ran: its verdict, output name and enhancement.
  const fingerprint = entries
    .map((e) => JSON.stringify([e.sha256, e.class.label, e.class.probability.toFixed(6), e.output, e.enhancement?.steps ?? null, e.caption?.text ?? null]))
    .sort()
    .join('\n');
  return { lines: lines.length, distinct: shas.size, lost, duplicated: lines.length - shas.size, strays, meanStage, processSeconds, fingerprint, photos: entries.filter((e) => e.class.label === 'photo').length };
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => os.loadavg().map((v) => Number(v.toFixed(2)));

// ---------------------------------------------------------------- main
async function main() {
  const started = new Date();
  const loadBefore = load();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-bench-pipeline-'));
  tmpDir = tmp;
  const inDir = path.join(tmp, 'scans');
  process.stderr.write(`pipeline.js: selecting ${opts.files} scans into ${inDir} …\n`);
  const inputs = await prepareInputs(inDir, opts.files);
  const distinctInputs = new Set(inputs.map((f) => f.sha256)).size;
  const bySource = {};
  for (const f of inputs) bySource[f.source] = (bySource[f.source] ?? 0) + 1;

  const redis = await startRedis(tmp);
  process.stderr.write(`pipeline.js: redis-server ${redis.version} on ${redis.url} (no persistence)\n`);
  const skips = [opts.skip === 'none' ? null : opts.skip];
  if (opts['with-caption']) skips.push(null);
  const MODES = [
    { key: 'single', label: 'one process', workers: 0 },
    { key: 'queue1', label: '1 queue worker', workers: 1 },
    { key: 'queue2', label: '2 queue workers', workers: 2 },
  ];
  const runs = [];
  const workers = [];
  try {
    for (const skip of skips) {
      for (let r = 1; r <= opts.repeat; r++) {
        for (const mode of MODES) {
          while (workers.length < mode.workers) workers.push(await startWorker(redis.url, path.join(tmp, `worker-${workers.length + 1}.log`)));
          while (workers.length > mode.workers) await stopWorker(workers.pop());
          const outDir = path.join(tmp, `out-${mode.key}-${skip ?? 'all'}-${r}`);
          const lb = load();
          process.stderr.write(`pipeline.js: ${mode.label}${skip ? `, --skip ${skip}` : ', all stages'}, run ${r}/${opts.repeat} (load ${lb.join(' ')}) … `);
          const { summary, wallS } = await runPipelineCommand(inDir, outDir, mode.workers > 0 ? redis.url : null, skip, opts['run-timeout']);
          const check = checkCatalogue(outDir, inputs);
          const run = {
            mode: mode.key, workers: mode.workers, skip, repeat: r,
            processed: summary.processed, failed: summary.failed, stageErrors: summary.stageErrors, photos: summary.photos, others: summary.others,
            seconds: summary.seconds, wallS, imagesPerSecond: summary.filesPerSecond,
            catalogueLines: check.lines, lost: check.lost, duplicated: check.duplicated, strays: check.strays,
            meanStageSeconds: check.meanStage,
            // Sum of per-file processing time over the run's wall time: how many files were in flight on average.
            parallelism: check.processSeconds / summary.seconds,
            loadBefore: lb, loadAfter: load(),
          };
          run.fingerprint = check.fingerprint;
          runs.push(run);
          process.stderr.write(`${run.imagesPerSecond.toFixed(3)} images/s (${run.seconds.toFixed(1)} s), lost ${run.lost}, duplicated ${run.duplicated}\n`);
        }
      }
    }
  } finally {
    while (workers.length > 0) await stopWorker(workers.pop());
    redis.child.kill('SIGTERM');
    await redis.child.exited;
  }
  const loadAfter = load();

  // One row per (stage set, mode): medians over the repeats.
  const rows = [];
  for (const skip of skips) {
    for (const mode of MODES) {
      const rs = runs.filter((x) => x.skip === skip && x.mode === mode.key);
      rows.push({
        mode: mode.key, label: mode.label + (skip ? '' : ' + caption'), skip, runs: rs.length,
        imagesPerSecond: median(rs.map((x) => x.imagesPerSecond)), allImagesPerSecond: rs.map((x) => x.imagesPerSecond),
        seconds: median(rs.map((x) => x.seconds)), parallelism: median(rs.map((x) => x.parallelism)),
        meanTotalSeconds: median(rs.map((x) => x.meanStageSeconds.total)),
        lost: rs.reduce((a, x) => a + x.lost, 0), duplicated: rs.reduce((a, x) => a + x.duplicated, 0), failed: rs.reduce((a, x) => a + x.failed, 0),
      });
    }
  }
  const ratios = skips.map((skip) => {
    const get = (m) => rows.find((x) => x.skip === skip && x.mode === m).imagesPerSecond;
    return {
      skip,
      twoWorkersOverOne: get('queue2') / get('queue1'),
      // Positive: the queued run is slower than one process by this share of its throughput.
      queueOverheadPercent: 100 * (1 - get('queue1') / get('single')),
    };
  });
  // Same verdicts, outputs and enhancement steps wherever a file ran.
  const identical = skips.map((skip) => {
    const fps = new Set(runs.filter((x) => x.skip === skip).map((x) => x.fingerprint));
    return { skip, identical: fps.size === 1 };
  });
  for (const x of runs) delete x.fingerprint;

  const cores = os.cpus().length;
  const pad = (s, n) => String(s).padStart(n);
  console.log(`\ntounum pipeline, ${inputs.length} mixed scans (${distinctInputs} distinct), ${opts.repeat} run(s) per mode, redis-server ${redis.version} on loopback`);
  console.log(`${'mode'.padEnd(36)}${pad('images/s', 10)}${pad('s', 8)}${pad('s/file', 8)}${pad('in flight', 10)}${pad('lost', 6)}${pad('dup.', 6)}${pad('failed', 8)}`);
  for (const x of rows) {
    console.log(`${`${x.label}${x.skip ? ` (--skip ${x.skip})` : ''}`.padEnd(36)}${pad(x.imagesPerSecond.toFixed(3), 10)}${pad(x.seconds.toFixed(1), 8)}${pad(x.meanTotalSeconds.toFixed(3), 8)}${pad(x.parallelism.toFixed(2), 10)}${pad(x.lost, 6)}${pad(x.duplicated, 6)}${pad(x.failed, 8)}`);
  }
  for (const r of ratios) {
    console.log(`${r.skip ? `--skip ${r.skip}` : 'all stages'}: 2 workers / 1 worker ${r.twoWorkersOverOne.toFixed(2)}×; queue overhead (1 worker vs one process) ${r.queueOverheadPercent.toFixed(1)} %`);
  }
  const notes = [
    `Inputs: ${inputs.length} scans from the test part of the photo-vs-other split (seed ${SPLIT_SEED}), selected with seed ${SEED}: ${Object.entries(bySource).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    `images/s = files processed / seconds of the run as \`tounum pipeline --json\` reports them (model loading included: in the single process by the command, with the queue by each worker's job process at its first job); "in flight" = sum of the per-file processing times over the run's seconds (≈ 1 for one process, up to the number of workers when they really run in parallel).`,
    `Workers: separate \`tounum worker --queue\` processes at --concurrency 1, started before the run; each runs its jobs in a child process (BullMQ sandboxed processor).`,
    `Lost = input sha256 without a catalogue line; duplicated = catalogue lines beyond one per sha256; summed over the runs of a row. Verdicts, output names, enhancement steps (and captions) identical across every run of a stage set: ${identical.map((x) => `${x.skip ? `--skip ${x.skip}` : 'all stages'} ${x.identical}`).join(', ')}.`,
    `Machine: ${cores} logical cores (${os.cpus()[0]?.model ?? '?'}); load average (1/5/15 min) before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}; benchmark priority (nice) ${os.getPriority()}. Two workers can approach 2× one worker only with two idle cores (load average below ${cores - 2} on ${cores} cores); a load average of ${loadBefore[0]} before the runs means ${loadBefore[0] >= cores ? 'no core was free: the workers shared the CPU with other processes' : `about ${(cores - loadBefore[0]).toFixed(1)} core(s) were free`}.`,
  ];
  console.log('');
  for (const n of notes) console.log(`- ${n}`);
  const json = {
    date: started.toISOString(), node: process.version, cores, cpu: os.cpus()[0]?.model, loadBefore, loadAfter, nice: os.getPriority(),
    redis: redis.version, files: inputs.length, distinctFiles: distinctInputs, bySource, repeat: opts.repeat, skip: opts.skip, withCaption: opts['with-caption'] === true,
    rows, ratios, identical, runs, notes, elapsedS: (Date.now() - started.getTime()) / 1000,
  };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'pipeline.json'), JSON.stringify(json, null, 2) + '\n');
  if (opts.keep) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`\nwrote bench/pipeline.json (${json.elapsedS.toFixed(0)} s)`);
}

main().catch((e) => {
  console.error(e);
  process.stderr.write('(temporary inputs, outputs and worker logs are left in the tounum-bench-pipeline-* folder of the temp dir)\n');
  killAll();
  process.exit(1);
});
