import * as fs from 'fs';
import * as path from 'path';
import { decodeFsName, toFsPath } from '../io/fsPath';
import { READ_EXTENSIONS } from '../io/readableExtensions';

export interface ExpandInputsOptions {
  /**
   * Extensions kept when walking folders or globs (lower case, with the dot; compared with
   * `endsWith`, so `.svg.gz` works). @default READ_EXTENSIONS (what `readImage` decodes)
   */
  extensions?: readonly string[];
  /** Walk sub-folders of a folder argument. @default true */
  recursive?: boolean;
}

/** An argument that gave no file, and why. */
export interface MissingInput {
  input: string;
  reason: string;
}

/** Result: the files found (sorted, unique) and the arguments that matched nothing. */
export interface ExpandedInputs {
  files: string[];
  /** The arguments that gave no file (their text, as given). */
  missing: string[];
  /** The same arguments with the reason, e.g. "no such file or folder". */
  missingReasons: MissingInput[];
  /**
   * Files seen while walking folders but not taken: `hidden` (name starting with a dot, e.g. the
   * temporaries of a running writer) or `extension` (not a format the reader decodes, e.g. `.bmp`,
   * `.txt`). Reported so that nothing in a folder is left out silently.
   */
  ignored: Array<{ path: string; reason: 'hidden' | 'extension' }>;
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'su');
}

/**
 * Lists a folder with names kept as bytes (see `decodeFsName`), so that names which are not
 * UTF-8 can still be opened. Symbolic links are listed as files (a link to a folder, a loop or a
 * dangling link then gets a clear error from the reader) and not followed into folders.
 */
function walk(dir: string, recursive: boolean, out: string[], hidden?: string[]): void {
  for (const e of fs.readdirSync(toFsPath(dir), { withFileTypes: true, encoding: 'buffer' })) {
    const name = decodeFsName(e.name);
    const p = path.join(dir, name);
    if (name.startsWith('.')) {
      if (!e.isDirectory()) hidden?.push(p);
      continue;
    }
    if (e.isDirectory()) {
      if (recursive) walk(p, recursive, out, hidden);
    } else if (e.isFile() || e.isSymbolicLink()) out.push(p);
  }
}

/**
 * Expands command-line inputs — files, folders and globs (`*`, `?`, `**`) — into a sorted list
 * of files. Explicit files are kept whatever their extension (the reader then says what is wrong);
 * folders and globs keep the extensions the reader decodes ({@link READ_EXTENSIONS}). Globs are
 * expanded here so that quoting works the same on every shell. Names that are not valid UTF-8 are
 * returned in the escaped form of `decodeFsName` (open them through `toFsPath`).
 */
export function expandInputs(inputs: readonly string[], options: ExpandInputsOptions = {}): ExpandedInputs {
  const extensions = (options.extensions ?? READ_EXTENSIONS).map((e) => e.toLowerCase());
  const recursive = options.recursive ?? true;
  const keep = (f: string): boolean => {
    const lower = path.basename(f).toLowerCase();
    return extensions.some((e) => lower.endsWith(e));
  };
  const files = new Set<string>();
  const missingReasons: MissingInput[] = [];
  const ignored = new Map<string, 'hidden' | 'extension'>();
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const posix = input.split(path.sep).join('/');
      const firstWild = posix.search(/[*?]/);
      const baseDir = posix.slice(0, posix.lastIndexOf('/', firstWild) + 1) || './';
      const re = globToRegExp(path.posix.normalize(posix));
      const found: string[] = [];
      let isDir = false;
      try {
        isDir = fs.statSync(toFsPath(baseDir)).isDirectory();
      } catch {
        isDir = false;
      }
      if (isDir) walk(baseDir, true, found);
      const matches = found.filter((f) => re.test(path.posix.normalize(f.split(path.sep).join('/'))) && keep(f));
      if (matches.length === 0) missingReasons.push({ input, reason: isDir ? 'the glob matched no image file' : `no such folder ${baseDir}` });
      for (const m of matches) files.add(path.resolve(m));
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(toFsPath(input));
    } catch (err) {
      let reason = 'no such file or folder';
      try {
        if (fs.lstatSync(toFsPath(input)).isSymbolicLink()) {
          const code = (err as NodeJS.ErrnoException).code;
          reason = code === 'ELOOP' ? 'symbolic link loop (too many levels of symbolic links)' : `dangling symbolic link (its target ${decodeFsName(fs.readlinkSync(toFsPath(input), { encoding: 'buffer' }))} does not exist)`;
        }
      } catch {
        // Not even a link: no such file.
      }
      missingReasons.push({ input, reason });
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      const hidden: string[] = [];
      walk(input, recursive, found, hidden);
      const kept = found.filter(keep);
      for (const f of hidden) ignored.set(path.resolve(f), 'hidden');
      for (const f of found) if (!keep(f)) ignored.set(path.resolve(f), 'extension');
      if (kept.length === 0) missingReasons.push({ input, reason: 'the folder holds no image file' });
      for (const f of kept) files.add(path.resolve(f));
    } else files.add(path.resolve(input));
  }
  for (const f of files) ignored.delete(f);
  const ignoredList = [...ignored].map(([p, reason]) => ({ path: p, reason })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: [...files].sort(), missing: missingReasons.map((m) => m.input), missingReasons, ignored: ignoredList };
}
