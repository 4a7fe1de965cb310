#!/usr/bin/env node
/* Executes the notebooks headless with the tslab kernel through Jupyter's own executor (nbclient),
 * writing executed notebooks, standalone HTML reports and reports/index.html.
 * Run `node scripts/run-notebooks.js --help` for usage. */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const HELP = `Usage: npm run notebooks -- [options] [notebook…]

Executes notebooks top to bottom with the tslab kernel (Jupyter's nbclient), like "Run All".
Notebooks default to every notebooks/NN-*.ipynb; a name may be a path, a file name, or a prefix
such as 01 or 01-preprocessing.

Options:
  --profile smoke|full   experiment size passed to notebooks as TOUNUM_PROFILE (default: smoke)
  --timeout SECONDS      per-cell timeout (default: 900)
  --out DIR              report folder (default: reports/)
  --python PATH          Python with nbclient + nbconvert (default: $TOUNUM_PYTHON, python3, /usr/bin/python3)
  --list                 list the notebooks and exit
  -h, --help             this help

Outputs: DIR/<name>.ipynb (executed), DIR/<name>.html (standalone, offline), DIR/index.html and
DIR/summary.json. A failing cell stops its notebook; the exit code is 1 if any notebook failed.`;

function parseArgs(argv) {
  const opts = { profile: 'smoke', timeout: 900, out: path.join(ROOT, 'reports'), python: null, list: false, names: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`option ${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--profile') opts.profile = value();
    else if (a === '--timeout') opts.timeout = Number(value());
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--python') opts.python = value();
    else if (a === '--list') opts.list = true;
    else if (a.startsWith('-')) fail(`unknown option ${a} (see --help)`);
    else opts.names.push(a);
  }
  if (!['smoke', 'full'].includes(opts.profile)) fail(`--profile must be smoke or full, got "${opts.profile}"`);
  if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) fail('--timeout must be a positive number of seconds');
  return opts;
}

function fail(message, code = 2) {
  console.error(`run-notebooks: ${message}`);
  process.exit(code);
}

function allNotebooks() {
  const dir = path.join(ROOT, 'notebooks');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort().map((f) => path.join(dir, f));
}

function selectNotebooks(names) {
  const all = allNotebooks();
  if (names.length === 0) return all;
  return names.map((name) => {
    if (fs.existsSync(name) && name.endsWith('.ipynb')) return path.resolve(name);
    const hits = all.filter((p) => path.basename(p) === name || path.basename(p).startsWith(name));
    if (hits.length === 1) return hits[0];
    fail(hits.length === 0
      ? `no notebook matches "${name}"; available: ${all.map((p) => path.basename(p)).join(', ') || '(none)'}`
      : `"${name}" matches several notebooks: ${hits.map((p) => path.basename(p)).join(', ')}`);
  });
}

function findPython(explicit) {
  const candidates = [explicit, process.env.TOUNUM_PYTHON, 'python3', '/usr/bin/python3', 'python'].filter(Boolean);
  const tried = [];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import nbclient, nbconvert, nbformat'], { encoding: 'utf8' });
    if (r.status === 0) return py;
    tried.push(`${py}: ${r.error ? r.error.code : (r.stderr || '').trim().split('\n').pop()}`);
  }
  fail(`no Python with nbclient and nbconvert found (${tried.join('; ')}).\n` +
    'Install them (Debian: apt-get install jupyter-nbconvert python3-nbclient; conda: conda env create -f environment.yml) ' +
    'or point --python / TOUNUM_PYTHON at one.');
}

/** Installs the project's tslab kernelspec in a project-local JUPYTER_PATH (no root needed). */
function ensureKernelspec() {
  const tslabBin = path.join(ROOT, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!fs.existsSync(tslabBin)) fail(`tslab is not installed (${tslabBin} missing): run npm install`);
  const jupyterPath = path.join(ROOT, '.jupyter');
  const dir = path.join(jupyterPath, 'kernels', 'tslab');
  const spec = {
    argv: [process.execPath, tslabBin, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (tounum-lab)',
    language: 'typescript',
  };
  const file = path.join(dir, 'kernel.json');
  const text = JSON.stringify(spec, null, 1) + '\n';
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, text);
  }
  return jupyterPath;
}

function runOne(python, notebook, opts, env) {
  const name = path.basename(notebook, '.ipynb');
  const outIpynb = path.join(opts.out, `${name}.ipynb`);
  const outHtml = path.join(opts.out, `${name}.html`);
  const args = [path.join(__dirname, 'notebooks', 'execute_notebook.py'), notebook, outIpynb, outHtml, '--timeout', String(opts.timeout)];
  const mathjax = path.join(ROOT, 'node_modules', 'mathjax', 'es5', 'tex-svg.js');
  if (fs.existsSync(mathjax)) args.push('--mathjax', mathjax);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    const tick = setInterval(() => process.stderr.write(`  … ${name} running for ${Math.round((Date.now() - started) / 1000)} s\n`), 60000);
    child.on('close', (code) => {
      clearInterval(tick);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      const result = line ? JSON.parse(line.slice(7)) : { status: 'error', error: `executor exited with code ${code}` };
      resolve({ name, notebook: path.relative(ROOT, notebook), html: `${name}.html`, ipynb: `${name}.ipynb`,
        duration: result.duration ?? (Date.now() - started) / 1000, exitCode: code, ...result });
    });
  });
}

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function writeIndex(results, opts, startedAt) {
  const rows = results.map((r) => `<tr class="${r.status}"><td>${escapeHtml(r.name)}</td><td>${r.status === 'ok' ? '✔ ok' : `✘ ${escapeHtml(r.status)}${r.failedCell !== undefined && r.failedCell !== null ? ` (cell ${r.failedCell})` : ''}`}</td><td>${r.duration.toFixed(1)} s</td><td><a href="${escapeHtml(r.html)}">report</a> · <a href="${escapeHtml(r.ipynb)}">executed notebook</a></td></tr>`).join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>tounum-lab notebooks (${opts.profile})</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.4em .9em;border-bottom:1px solid #ddd;text-align:left}tr.ok td:nth-child(2){color:#1a7f37}tr.error td:nth-child(2),tr.timeout td:nth-child(2){color:#cf222e;font-weight:bold}</style></head>
<body><h1>tounum-lab notebooks</h1><p>Profile <b>${opts.profile}</b>, run ${escapeHtml(startedAt.toISOString())}, ${results.filter((r) => r.status === 'ok').length}/${results.length} succeeded.</p>
<table><thead><tr><th>notebook</th><th>status</th><th>duration</th><th>output</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>\n`;
  fs.writeFileSync(path.join(opts.out, 'index.html'), html);
  fs.writeFileSync(path.join(opts.out, 'summary.json'), JSON.stringify({ profile: opts.profile, startedAt, results }, null, 2) + '\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const notebooks = selectNotebooks(opts.names);
  if (opts.list) {
    for (const nb of notebooks) console.log(path.relative(ROOT, nb));
    return;
  }
  if (notebooks.length === 0) fail('no notebooks to run (notebooks/NN-*.ipynb)');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) fail('dist/ is missing: run `npm run build` first');
  const python = findPython(opts.python);
  const jupyterPath = ensureKernelspec();
  fs.mkdirSync(opts.out, { recursive: true });
  const env = {
    ...process.env,
    TOUNUM_PROFILE: opts.profile,
    JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
    PATH: [path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
  };
  const startedAt = new Date();
  const results = [];
  for (const nb of notebooks) {
    console.log(`▶ ${path.relative(ROOT, nb)} (profile ${opts.profile})`);
    const r = await runOne(python, nb, opts, env);
    results.push(r);
    console.log(`${r.status === 'ok' ? '✔' : '✘'} ${r.name}: ${r.status} in ${r.duration.toFixed(1)} s`);
    writeIndex(results, opts, startedAt);
  }
  const failed = results.filter((r) => r.status !== 'ok');
  console.log(`\nnotebooks: ${results.length - failed.length} passed, ${failed.length} failed`);
  console.log(`report: ${path.join(opts.out, "index.html")}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => fail(e.stack || String(e), 1));
