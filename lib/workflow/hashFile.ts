import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * sha256 of a file's bytes (hex), streamed: memory stays constant whatever the size of the scan.
 * @throws the file system's error (ENOENT, EISDIR, EACCES…) naming the path.
 */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  if (typeof file !== 'string' || file === '') throw new TypeError(`hashFile: file must be a non-empty path, got ${JSON.stringify(file)}`);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
