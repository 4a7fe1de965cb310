import * as fs from 'fs';
import * as path from 'path';
import { IMAGE_EXTENSIONS } from '../datasets';

export interface ExpandInputsOptions {
  /** Extensions kept when walking folders or globs (lower case, with the dot). @default IMAGE_EXTENSIONS */
  extensions?: readonly string[];
  /** Walk sub-folders of a folder argument. @default true */
  recursive?: boolean;
}

/** Result: the files found (sorted, unique) and the arguments that matched nothing. */
export interface ExpandedInputs {
  files: string[];
  missing: string[];
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
  return new RegExp(`^${re}$`);
}

function walk(dir: string, recursive: boolean, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive) walk(p, recursive, out);
    } else if (e.isFile() || e.isSymbolicLink()) out.push(p);
  }
}

/**
 * Expands command-line inputs — files, folders and globs (`*`, `?`, `**`) — into a sorted list
 * of files. Explicit files are kept whatever their extension (the reader then says what is wrong);
 * folders and globs keep image extensions only. Globs are expanded here so that quoting works the
 * same on every shell.
 */
export function expandInputs(inputs: readonly string[], options: ExpandInputsOptions = {}): ExpandedInputs {
  const extensions = (options.extensions ?? IMAGE_EXTENSIONS).map((e) => e.toLowerCase());
  const recursive = options.recursive ?? true;
  const keep = (f: string): boolean => extensions.includes(path.extname(f).toLowerCase());
  const files = new Set<string>();
  const missing: string[] = [];
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const posix = input.split(path.sep).join('/');
      const firstWild = posix.search(/[*?]/);
      const baseDir = posix.slice(0, posix.lastIndexOf('/', firstWild) + 1) || './';
      const re = globToRegExp(path.posix.normalize(posix));
      const found: string[] = [];
      if (fs.existsSync(baseDir) && fs.statSync(baseDir).isDirectory()) walk(baseDir, true, found);
      const matches = found.filter((f) => re.test(path.posix.normalize(f.split(path.sep).join('/'))) && keep(f));
      if (matches.length === 0) missing.push(input);
      for (const m of matches) files.add(path.resolve(m));
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(input, recursive, found);
      const kept = found.filter(keep);
      if (kept.length === 0) missing.push(input);
      for (const f of kept) files.add(path.resolve(f));
    } else files.add(path.resolve(input));
  }
  return { files: [...files].sort(), missing };
}
