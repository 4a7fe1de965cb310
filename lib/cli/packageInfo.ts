import * as fs from 'fs';
import * as path from 'path';

/** The project root (where package.json is), from dist/cli or lib/cli. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** The version of an installed package, read from its package.json without loading it. */
export function installedVersion(name: string): string | null {
  const candidates = [path.join(PACKAGE_ROOT, 'node_modules', name, 'package.json')];
  try {
    candidates.push(require.resolve(`${name}/package.json`, { paths: [PACKAGE_ROOT] }));
  } catch {
    // packages whose exports hide package.json: the node_modules path above covers them
  }
  for (const file of candidates) {
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      // try the next candidate
    }
  }
  return null;
}
