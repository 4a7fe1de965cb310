import sharp from 'sharp';
import { ImageReadError } from './errors';
import { checkReadInput, depthToBits, openReadSource, readErrorFromSharp, refineNotAnImage, type ReadInput } from './internal';

/** What {@link readImageMetadata} reports. */
export interface ImageMetadata {
  /** Width in pixels as displayed, i.e. after EXIF orientation (what {@link readImage} returns). */
  width: number;
  /** Height in pixels as displayed, i.e. after EXIF orientation. */
  height: number;
  /** Channels {@link readImage} returns with `channels: 'keep'`: 1 for grey (± alpha), otherwise 3. */
  channels: 1 | 3;
  /** Channels stored in the file, alpha included (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA or CMYK). */
  storedChannels: number;
  /** Whether the file has an alpha channel (flattened by {@link readImage}). */
  hasAlpha: boolean;
  /** Bits per sample as decoded: 8, 16, 32 (float/int) or 64. Palette images report 8. */
  bitDepth: number;
  /** Container format as sharp names it: 'png', 'jpeg', 'webp', 'tiff', 'gif', 'heif', 'svg', … */
  format: string;
  /** EXIF orientation tag 1–8 as stored (1 when absent); `width`/`height` already account for it. */
  orientation: number;
  /** Colour space as libvips interprets it: 'srgb', 'b-w', 'rgb16', 'grey16', 'cmyk', … */
  space: string;
  /** Whether the file stores palette indices (e.g. an indexed PNG). */
  isPalette: boolean;
  /** Number of pages/frames (multi-page TIFF, animated GIF/WebP); {@link readImage} reads the first. */
  pages: number;
}

/**
 * Reads an image's header only: size, channels, bit depth, format and EXIF orientation, without
 * decoding pixels (cost is independent of image size). Accepts the same inputs as {@link readImage}
 * and throws the same typed errors for missing, empty and non-image inputs; a truncated file may
 * still have a readable header, so only {@link readImage} reliably detects truncation.
 *
 * @param input - a file path, or a Buffer holding an encoded image.
 * @throws TypeError for a bad `input`; {@link ImageReadError} as described.
 */
export async function readImageMetadata(input: string | Buffer): Promise<ImageMetadata> {
  checkReadInput(input, 'readImageMetadata');
  const src = await openReadSource(input as ReadInput);
  let m: sharp.Metadata;
  try {
    m = await sharp(src.sharpInput, { failOn: 'none', limitInputPixels: false }).metadata();
  } catch (err) {
    throw await refineNotAnImage(readErrorFromSharp(err, src.path, src.bytes), src.sharpInput);
  }
  if (!m.width || !m.height || !m.format) throw new ImageReadError('unsupported', src.path, `${m.format ?? 'image'} without dimensions`, { bytes: src.bytes });
  const storedChannels = m.channels ?? 3;
  const grey = m.space === 'b-w' || m.space === 'grey16' || (m.space === undefined && storedChannels <= 2);
  return {
    width: m.autoOrient?.width ?? m.width,
    height: m.autoOrient?.height ?? m.height,
    channels: grey ? 1 : 3,
    storedChannels,
    hasAlpha: m.hasAlpha ?? false,
    bitDepth: depthToBits(m.depth),
    format: m.format,
    orientation: m.orientation ?? 1,
    space: m.space ?? 'unknown',
    isPalette: m.isPalette ?? false,
    pages: m.pages ?? 1,
  };
}
