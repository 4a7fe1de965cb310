#!/usr/bin/env node
// Runs the compiled unit tests (dist/**/__tests__/*.test.js) with node's test runner.
// Usage: node scripts/run-tests.js [substring…]   e.g. `node scripts/run-tests.js io/ metrics`
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
if (!fs.existsSync(dist)) {
  console.error('run-tests: dist/ is missing; run `npm run build` first.');
  process.exit(2);
}
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js') && p.includes(`${path.sep}__tests__${path.sep}`)) files.push(p);
  }
})(dist);
const filters = process.argv.slice(2);
const selected = files
  .filter((f) => filters.length === 0 || filters.some((s) => path.relative(dist, f).includes(s)))
  .sort();
if (selected.length === 0) {
  console.error(`run-tests: no test file matches ${filters.join(' ') || '(all)'}`);
  process.exit(2);
}
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...selected], { stdio: 'inherit', cwd: root });
process.exit(res.status === null ? 1 : res.status);
