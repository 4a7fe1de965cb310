import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resizeImageArea, type Image } from '../image';
import { readImage } from '../io';
import { positiveInt } from '../validate';

/** Options of {@link loadSquareImage}. */
export interface LoadSquareImageOptions {
  /**
   * Folder of a disk cache of the resized pixels (8-bit, one small file per image and size, keyed
   * by the absolute path, size and modification time). Later epochs read these few kB instead of
   * decoding a multi-megapixel scan again. `undefined` = no cache.
   * @default undefined
   */
  cacheDir?: string;
}

/**
 * Reads an image file as RGB and resizes it to `size × size` by area averaging
 * ({@link resizeImageArea}): the input of the photo classifiers. Grey scans are replicated to
 * three channels; the aspect ratio is not kept, so a whole page fits.
 * @param file - image path (any format `readImage` reads).
 * @param size - side of the output in pixels (positive integer).
 * @throws the {@link ImageReadError} of `readImage` for an unreadable file; RangeError for a bad size.
 */
export async function loadSquareImage(file: string, size: number, options: LoadSquareImageOptions = {}): Promise<Image> {
  positiveInt('loadSquareImage', 'size', size);
  const cacheFile = options.cacheDir === undefined ? undefined : cachePath(file, size, options.cacheDir);
  if (cacheFile !== undefined) {
    const bytes = await fs.promises.readFile(cacheFile).catch(() => undefined);
    if (bytes !== undefined && bytes.length === size * size * 3) {
      const data = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) data[i] = (bytes[i] as number) / 255;
      return { data, width: size, height: size, channels: 3 };
    }
  }
  const image = resizeImageArea(await readImage(file, { channels: 3 }), size, size);
  if (cacheFile !== undefined) {
    // Quantise to 8 bits and return the quantised values, so that a cached and a fresh read are identical.
    const bytes = Buffer.alloc(image.data.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, image.data[i] as number)) * 255);
    for (let i = 0; i < bytes.length; i++) image.data[i] = (bytes[i] as number) / 255;
    await fs.promises.mkdir(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, cacheFile);
  }
  return image;
}

function cachePath(file: string, size: number, cacheDir: string): string {
  const abs = path.resolve(file);
  let mtime = 0;
  try {
    mtime = fs.statSync(abs).mtimeMs;
  } catch {
    // A missing file has no cache entry; readImage reports it properly.
  }
  const key = crypto.createHash('sha1').update(`${abs}\0${size}\0${mtime}`).digest('hex');
  return path.join(cacheDir, `rgb${size}`, key.slice(0, 2), `${key}.u8`);
}
