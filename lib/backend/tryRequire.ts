import { createRequire } from 'module';
import * as path from 'path';

/**
 * Loads an optional package without making it a dependency: resolves from the current
 * working directory first (a user's project), then from tounum-lab itself.
 */
export function tryRequire(name: string): { ok: true; module: unknown } | { ok: false; reason: string } {
  const bases = [path.join(process.cwd(), 'noop.js'), __filename];
  let reason = 'not installed';
  for (const base of bases) {
    const req = createRequire(base);
    let resolved: string;
    try {
      resolved = req.resolve(name);
    } catch {
      continue;
    }
    try {
      return { ok: true, module: req(resolved) };
    } catch (e) {
      reason = `installed but failed to load: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return { ok: false, reason };
}
