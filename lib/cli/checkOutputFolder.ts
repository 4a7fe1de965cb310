import * as fs from 'fs';
import * as path from 'path';
import { decodeFsName, displayPath, toFsPath } from '../io/fsPath';
import { osErrorText, temporaryPathFor } from '../io/internal';
import { UsageError } from './parseCommandLine';

/** `fs.realpathSync` that keeps names which are not UTF-8 exact; the path itself when it does not exist. */
export function realpathExact(p: string): string {
  try {
    return decodeFsName(fs.realpathSync(toFsPath(p), { encoding: 'buffer' }));
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realpathExact(parent), path.basename(p));
  }
}

/** Whether `inner` is `outer` or lies below it (both absolute, symlinks resolved by the caller). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

/**
 * Checks, before any image is processed, that `dir` can receive the outputs: it is a folder or
 * can be created as one, and a file can be created in it. Creates it when missing.
 * @param flag - the option that named it, for the message (`-o`, `--copy-photos-to`).
 * @throws UsageError (exit code 2) naming the folder and the reason.
 */
export function checkOutputFolder(dir: string, flag: string): void {
  const shown = `${flag} ${displayPath(dir)}`;
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(toFsPath(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${shown}: cannot use this folder (${osErrorText(err)})`);
  }
  if (st !== null && !st.isDirectory()) throw new UsageError(`${shown} exists and is not a folder; give a folder for the outputs`);
  if (st === null) {
    try {
      fs.mkdirSync(toFsPath(dir), { recursive: true });
    } catch (err) {
      throw new UsageError(`${shown}: cannot create the folder (${osErrorText(err)})`);
    }
  }
  // access(W_OK) says yes to root on a read-only filesystem: create a real (temporary-named) file.
  const probe = temporaryPathFor(path.join(dir, 'tounum-write-check'));
  try {
    fs.closeSync(fs.openSync(toFsPath(probe), 'wx'));
  } catch (err) {
    throw new UsageError(`${shown} is not writable (${osErrorText(err)})`);
  }
  fs.rmSync(toFsPath(probe), { force: true });
}

/** The folders that command-line inputs walk: folder arguments and the fixed part of globs (resolved). */
export function inputFolders(inputs: readonly string[]): Array<{ input: string; folder: string }> {
  const folders: Array<{ input: string; folder: string }> = [];
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const firstWild = input.search(/[*?]/);
      folders.push({ input, folder: realpathExact(path.resolve(input.slice(0, input.lastIndexOf('/', firstWild) + 1) || '.')) });
      continue;
    }
    try {
      if (fs.statSync(toFsPath(input)).isDirectory()) folders.push({ input, folder: realpathExact(path.resolve(input)) });
    } catch {
      // A missing input is reported by expandInputs.
    }
  }
  return folders;
}

/**
 * Refuses an output folder that is one of the input folders: its results would be mixed with the
 * originals and taken as inputs by the next run. (An output folder inside an input folder is
 * allowed: the files found in it are earlier results and are not taken as inputs.)
 * @param inputs - the command-line inputs (files, folders, globs); only folders and glob bases count.
 * @throws UsageError (exit code 2).
 */
export function checkOutputOutsideInputs(dir: string, flag: string, inputs: readonly string[]): void {
  const out = realpathExact(path.resolve(dir));
  for (const { input, folder } of inputFolders(inputs)) {
    if (folder !== out) continue;
    throw new UsageError(`${flag} ${displayPath(dir)} is the input folder ${displayPath(input)}: the results would be mixed with the originals and taken as inputs by the next run; choose another folder`);
  }
}
