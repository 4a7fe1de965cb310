import * as path from 'path';

export interface OutputPathOptions {
  /** New extension (with the dot), e.g. '.png'. @default the input's */
  extension?: string;
  /** Suffix added to the base name, e.g. '-denoised'. No path separators (see {@link checkSuffix}). @default '' */
  suffix?: string;
  /** Common root of the inputs: sub-folders below it are recreated under `outDir`. */
  inputRoot?: string;
}

/**
 * Refuses a `--suffix` that could leave the output folder or create folders (`/../x`, `/sub`).
 * @throws RangeError naming the value.
 */
export function checkSuffix(suffix: string): void {
  if (/[/\\\0]/.test(suffix)) throw new RangeError(`--suffix must not contain a path separator or NUL (it is added to a file name), got ${JSON.stringify(suffix)}`);
}

/**
 * Where a batch command writes the result for `input` inside `outDir`: `photo.jpg` →
 * `OUT/photo-denoised.png`, sub-folders below `inputRoot` recreated. The name depends only on the
 * input, so a re-run finds its earlier outputs (batches resume instead of piling up copies);
 * whether an existing file is kept or replaced is the caller's choice.
 * @throws RangeError for a suffix with a path separator; Error when the output would be the input itself.
 */
export function outputPathFor(input: string, outDir: string, options: OutputPathOptions = {}): string {
  const suffix = options.suffix ?? '';
  checkSuffix(suffix);
  const ext = options.extension ?? path.extname(input);
  const rel = options.inputRoot ? path.relative(options.inputRoot, path.dirname(path.resolve(input))) : '';
  const dir = path.join(outDir, rel.startsWith('..') ? '' : rel);
  const candidate = path.join(dir, path.basename(input, path.extname(input)) + suffix + ext);
  if (path.resolve(candidate) === path.resolve(input)) {
    throw new Error(`output ${candidate} would overwrite its input; choose another -o folder or a suffix`);
  }
  return candidate;
}
