#!/usr/bin/env node
'use strict';
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('tounum: the library is not built (dist/ missing); run `npm install` or `npm run build` in ' + path.dirname(__dirname));
  process.exit(2);
}
// Arguments with file names that are not UTF-8 are re-read as bytes (see commandLineArguments).
const { commandLineArguments } = require(path.join(__dirname, '..', 'dist', 'cli', 'commandLineArguments.js'));
require(entry)
  .main(commandLineArguments(process.argv))
  .then((code) => { process.exitCode = code; })
  .catch((e) => { console.error(e && e.stack ? e.stack : e); process.exitCode = 1; });
