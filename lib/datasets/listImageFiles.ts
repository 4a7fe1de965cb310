import fs from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from './buildManifest';

/** Extensions {@link listImageFiles} accepts by default (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp', '.webp', '.gif'];

/** Options of {@link listImageFiles}. */
export interface ListImageFilesOptions {
  /** Descend into sub-folders. @default false */
  recursive?: boolean;
  /** Extensions to keep, with or without the dot, case-insensitive. @default IMAGE_EXTENSIONS */
  extensions?: readonly string[];
}

/**
 * Absolute paths of the image files in a folder, in a deterministic order: sorted by
 * POSIX relative path in code-unit order (locale-independent, `B.png` before `a.png`),
 * so a seeded shuffle of the list gives the same split on every machine.
 * Hidden files (`.name`) and unfinished downloads (`*.part`) are skipped.
 * @param dir - folder to list.
 * @throws TypeError when `dir` is not an existing folder; RangeError for an empty extension.
 */
export function listImageFiles(dir: string, options: ListImageFilesOptions = {}): string[] {
  if (typeof dir !== 'string' || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new TypeError(`listImageFiles: dir must be an existing folder, got ${JSON.stringify(dir)}`);
  }
  const exts = new Set(
    (options.extensions ?? IMAGE_EXTENSIONS).map((e) => {
      const t = e.trim().toLowerCase();
      if (t === '' || t === '.') throw new RangeError(`listImageFiles: extensions must be non-empty like ".png", got ${JSON.stringify(e)}`);
      return t.startsWith('.') ? t : `.${t}`;
    }),
  );
  const root = path.resolve(dir);
  const found: string[] = [];
  (function walk(sub: string): void {
    for (const e of fs.readdirSync(path.join(root, sub), { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) {
        if (options.recursive === true) walk(rel);
      } else if (e.isFile() && exts.has(path.extname(e.name).toLowerCase())) found.push(rel);
    }
  })('');
  return found.sort(compareCodeUnits).map((rel) => path.join(root, ...rel.split('/')));
}
