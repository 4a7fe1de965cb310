import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * SHA-256 of a file, streamed (constant memory).
 * @param file - path of the file.
 * @returns lower-case hex digest.
 */
export async function computeFileSha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
