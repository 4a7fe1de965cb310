import path from 'node:path';

/** Deepest folder containing every file of `files` (absolute paths); undefined for no file. */
export function commonInputRoot(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  let common = path.dirname(path.resolve(files[0] as string));
  for (const f of files) {
    const dir = path.dirname(path.resolve(f));
    while (!(dir + path.sep).startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const up = path.dirname(common);
      if (up === common) return common;
      common = up;
    }
  }
  return common;
}
