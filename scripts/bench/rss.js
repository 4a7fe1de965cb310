#!/usr/bin/env node
// Memory over a long batch (issue 15): runs `tounum enhance` or `tounum classify` over N real
// photos (PACS, then Flickr8k, from the dataset mirror; linked, not copied) as a child process and
// samples its resident set size (VmRSS in /proc) every half second. Bounded memory means the RSS
// stops growing after the first images: the script reports the peak, the RSS after 10 %, 50 % and
// 100 % of the files, and the growth per 1,000 files over the second half. Prints a table and
// writes bench/rss-<command>.json. Linux only (/proc).
//
// Usage (after `npx tsc -p .`): node scripts/bench/rss.js [options]
//   --command enhance|classify   (default enhance)
//   --count N                    number of input files (default 2000)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '../..');
const { parseScriptArgs } = require('../train/cliArgs');

const SPEC = {
  usage: 'node scripts/bench/rss.js',
  summary: 'Resident memory of `tounum enhance` or `tounum classify` over a batch of real photos, sampled every 0.5 s; writes bench/rss-<command>.json.',
  options: [
    { name: 'command', type: 'string', choices: ['enhance', 'classify'], default: 'enhance', description: 'command to measure' },
    { name: 'count', type: 'number', default: 2000, description: 'number of input files' },
  ],
};
const opts = parseScriptArgs(SPEC, process.argv.slice(2), (o, UsageError) => {
  if (!Number.isInteger(o.count) || o.count < 10) throw new UsageError(`--count must be an integer ≥ 10, got ${o.count}`);
});

const mirror = process.env.TOUNUM_DATA_MIRROR || path.resolve(root, '..', 'shared', 'datasets');

function listImages(dir) {
  const out = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(jpe?g|png)$/i.test(e.name)) out.push(p);
    }
  })(dir);
  return out;
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function countFiles(dir) {
  let n = 0;
  (function walk(d) {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (!e.name.startsWith('.')) n++;
    }
  })(dir);
  return n;
}

async function main() {
  const sources = [...listImages(path.join(mirror, 'pacs')), ...listImages(path.join(mirror, 'flickr8k', 'images'))].slice(0, opts.count);
  if (sources.length < opts.count) throw new Error(`only ${sources.length} images in the mirror (${mirror}); lower --count`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-rss-'));
  const inDir = path.join(tmp, 'in');
  fs.mkdirSync(inDir);
  sources.forEach((s, i) => fs.symlinkSync(s, path.join(inDir, `${String(i).padStart(5, '0')}${path.extname(s)}`)));
  const out = path.join(tmp, 'out');
  const args = opts.command === 'enhance' ? ['enhance', inDir, '-o', out, '--no-progress', '--json'] : ['classify', inDir, '--no-progress', '--json', '--copy-photos-to', out, '--threshold', '0'];
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tounum.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  const samples = [];
  const timer = setInterval(() => {
    const kib = rssKiB(child.pid);
    if (kib !== null) samples.push({ seconds: (Date.now() - started) / 1000, done: countFiles(out), rssMiB: kib / 1024 });
  }, 500);
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  let summary = null;
  try {
    const j = JSON.parse(stdout);
    summary = Array.isArray(j) ? { classified: j.filter((r) => r.label !== null).length, failed: j.filter((r) => r.error !== null).length } : { written: j.succeeded, skipped: j.skipped, failed: j.failed };
  } catch {
    summary = { unparsed: stdout.slice(0, 200) };
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const n = sources.length;
  const at = (frac) => {
    const s = samples.find((x) => x.done >= frac * n) ?? samples[samples.length - 1];
    return s ? Number(s.rssMiB.toFixed(1)) : null;
  };
  const peak = Math.max(...samples.map((s) => s.rssMiB));
  const r50 = at(0.5);
  const r100 = at(1) ?? samples[samples.length - 1]?.rssMiB;
  const growthPer1000 = r50 !== null && r100 !== null ? Number((((r100 - r50) / (0.5 * n)) * 1000).toFixed(1)) : null;
  const result = {
    command: opts.command,
    files: n,
    exitCode: code,
    seconds: Number(seconds.toFixed(1)),
    summary,
    rssMiB: { at10: at(0.1), at50: r50, at100: r100 === undefined ? null : Number(r100.toFixed(1)), peak: Number(peak.toFixed(1)) },
    growthMiBPer1000FilesSecondHalf: growthPer1000,
    samples: samples.filter((_, i) => i % 10 === 0).map((s) => ({ seconds: Number(s.seconds.toFixed(1)), done: s.done, rssMiB: Number(s.rssMiB.toFixed(1)) })),
    node: process.version,
    cpus: os.cpus().length,
    date: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', `rss-${opts.command}.json`), JSON.stringify(result, null, 2) + '\n');
  console.log(`tounum ${opts.command} over ${n} files: exit ${code}, ${seconds.toFixed(0)} s, ${JSON.stringify(summary)}`);
  console.log('| after | 10 % | 50 % | 100 % | peak | growth, 2nd half |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| RSS (MiB) | ${result.rssMiB.at10} | ${result.rssMiB.at50} | ${result.rssMiB.at100} | ${result.rssMiB.peak} | ${growthPer1000} MiB / 1000 files |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
