import { promises as fsp } from 'fs';
import sharp from 'sharp';
import { hasEscapedBytes, toFsPath } from './fsPath';

/**
 * Whether `file` is a complete, undamaged image: it is decoded to the last pixel with sharp's
 * strictest setting (`failOn: 'warning'`), streaming, without keeping the pixels (memory stays
 * small whatever the size). Used to decide whether an existing output of an interrupted batch can
 * be kept. Never throws: a missing, truncated or damaged file gives `false`.
 */
export async function verifyImageFile(file: string): Promise<boolean> {
  try {
    const input = hasEscapedBytes(file) ? await fsp.readFile(toFsPath(file)) : file;
    await sharp(input, { failOn: 'warning', limitInputPixels: false }).stats();
    return true;
  } catch {
    return false;
  }
}
