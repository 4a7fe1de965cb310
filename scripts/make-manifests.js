#!/usr/bin/env node
// Writes data/manifests/<id>.json (path, bytes, sha256 of every file but SOURCE.txt) from a datasets mirror.
// Usage: npx tsc -p . && node scripts/make-manifests.js [--mirror DIR] [ids…]
//   --mirror DIR   mirror root holding one folder per id (default: $TOUNUM_DATA_MIRROR, else ../shared/datasets)
//   ids            datasets to (re)generate (default: every registry id)
// Licence/readme files listed in the entry's licence.noticeFiles get "role": "notice" and do not count as data.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const datasets = require(path.join(root, 'dist', 'datasets'));

function main(argv) {
  let mirror;
  const ids = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--mirror') mirror = argv[++i];
    else if (a.startsWith('--mirror=')) mirror = a.slice('--mirror='.length);
    else if (a === '--help' || a === '-h') {
      console.log('Usage: node scripts/make-manifests.js [--mirror DIR] [ids…]');
      return Promise.resolve(0);
    } else if (a.startsWith('-')) {
      console.error(`make-manifests: unknown option ${a}`);
      return Promise.resolve(2);
    } else ids.push(a);
  }
  if (mirror === undefined && argv.includes('--mirror')) {
    console.error('make-manifests: --mirror needs a folder');
    return Promise.resolve(2);
  }
  const unknown = ids.filter((id) => !datasets.DATASET_IDS.includes(id));
  if (unknown.length > 0) {
    console.error(`make-manifests: unknown id(s) ${unknown.join(', ')}; valid ids: ${datasets.DATASET_IDS.join(', ')}`);
    return Promise.resolve(2);
  }
  const outDir = path.join(root, 'data', 'manifests');
  fs.mkdirSync(outDir, { recursive: true });
  return (async () => {
    let status = 0;
    for (const id of ids.length > 0 ? ids : datasets.DATASET_IDS) {
      const entry = datasets.getDataset(id);
      const { mirrorDir } = datasets.getDataLocations(id, { mirror });
      const manifest = await datasets.buildManifest(mirrorDir, id, { noticeFiles: entry.licence.noticeFiles });
      if (manifest.fileCount !== entry.fileCount) {
        console.error(`make-manifests: ${id}: ${manifest.fileCount} data files in ${mirrorDir}, registry says ${entry.fileCount}`);
        status = 1;
      }
      fs.writeFileSync(path.join(outDir, `${id}.json`), formatManifest(manifest));
      console.log(`${id}: ${manifest.fileCount} data + ${manifest.noticeCount} notice files, ${manifest.totalBytes} bytes`);
    }
    return status;
  })();
}

// One file per line keeps the JSON small and its diffs readable.
function formatManifest(m) {
  const head = { id: m.id, format: m.format, fileCount: m.fileCount, noticeCount: m.noticeCount, dataBytes: m.dataBytes, totalBytes: m.totalBytes };
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const files = m.files.map((f) => `    ${JSON.stringify(f)}`).join(',\n');
  return `{\n${lines.join('\n')}\n  "files": [\n${files}\n  ]\n}\n`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`make-manifests: ${err && err.message ? err.message : err}`);
    process.exit(1);
  },
);
