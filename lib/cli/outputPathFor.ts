import * as fs from 'fs';
import * as path from 'path';

export interface OutputPathOptions {
  /** New extension (with the dot), e.g. '.png'. @default the input's */
  extension?: string;
  /** Suffix added to the base name, e.g. '-denoised'. @default '' */
  suffix?: string;
  /** Replace an existing file instead of picking a free name. @default false */
  overwrite?: boolean;
  /** Common root of the inputs: sub-folders below it are recreated under `outDir`. */
  inputRoot?: string;
}

/**
 * Where a batch command writes the result for `input` inside `outDir`, never on top of an input or
 * an existing file (unless `overwrite`): `photo.jpg` → `OUT/photo-denoised.png`, then
 * `OUT/photo-denoised-1.png`… if taken.
 * @throws Error when the output would be the input itself.
 */
export function outputPathFor(input: string, outDir: string, options: OutputPathOptions = {}): string {
  const ext = options.extension ?? path.extname(input);
  const rel = options.inputRoot ? path.relative(options.inputRoot, path.dirname(path.resolve(input))) : '';
  const dir = path.join(outDir, rel.startsWith('..') ? '' : rel);
  const base = path.basename(input, path.extname(input)) + (options.suffix ?? '');
  let candidate = path.join(dir, base + ext);
  if (path.resolve(candidate) === path.resolve(input)) {
    throw new Error(`output ${candidate} would overwrite its input; choose another -o folder or a suffix`);
  }
  if (options.overwrite) return candidate;
  for (let i = 1; fs.existsSync(candidate); i++) candidate = path.join(dir, `${base}-${i}${ext}`);
  return candidate;
}
