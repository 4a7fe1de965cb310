import * as fs from 'fs';
import { decodeFsName } from '../io/fsPath';

/**
 * The process's command-line arguments after the script, with names that are not valid UTF-8
 * kept exact. Node decodes `process.argv` lossily (an invalid byte becomes U+FFFD, and the file
 * can no longer be opened); when that happened, the raw bytes are re-read from
 * `/proc/self/cmdline` (Linux) and decoded with `decodeFsName`, which escapes each invalid
 * byte so that `toFsPath` gives it back. Elsewhere `process.argv` is returned as is.
 */
export function commandLineArguments(argv: readonly string[] = process.argv): string[] {
  const args = argv.slice(2);
  if (!args.some((a) => a.includes('\uFFFD'))) return args;
  let raw: Buffer;
  try {
    raw = fs.readFileSync('/proc/self/cmdline');
  } catch {
    return args;
  }
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      parts.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < raw.length) parts.push(raw.subarray(start));
  // cmdline is node, its own options, the script, then the arguments: the last ones are ours.
  if (parts.length < args.length) return args;
  const tail = parts.slice(parts.length - args.length).map((b) => decodeFsName(b));
  // Only trust the raw bytes if they decode to the same text where Node's decoding was lossless.
  return tail.every((t, i) => (args[i] as string).includes('\uFFFD') || t === args[i]) ? tail : args;
}
