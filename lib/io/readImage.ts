import { resolve as resolvePath } from 'path';
import sharp from 'sharp';
import type { Image } from '../image';
import { ImageReadError } from './errors';
import { setImageSource } from './imageSource';
import { checkReadInput, depthToBits, hasEndMarker, openReadSource, readErrorFromSharp, refineNotAnImage, type ReadInput } from './internal';
import { inRange } from '../validate';

/**
 * A background colour for flattening transparency, in [0, 1] per channel:
 * a grey level (`0.5`), an `{ r, g, b }` object, or a CSS-like hex string (`'#rrggbb'` or `'#rgb'`).
 */
export type BackgroundColour = number | { r: number; g: number; b: number } | string;

/** How strictly a damaged file is rejected (sharp's `failOn`, least to most strict). */
export type ReadStrictness = 'none' | 'truncated' | 'error' | 'warning';

export interface ReadImageOptions {
  /**
   * Colour the alpha channel (if any) is flattened onto: `out = α·pixel + (1 − α)·background`,
   * computed on the stored (gamma-encoded) values, as browsers and sharp's `flatten` do.
   * On a grey image a coloured background is reduced to its luma (see `channels`).
   * @default 1 (white)
   */
  background?: BackgroundColour;
  /**
   * Channels of the result. `'keep'`: grey files (including grey+alpha) give 1 channel, everything
   * else 3. `3`: grey is replicated. `1`: colour is reduced to luma
   * Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′ (ITU-R BT.601 on gamma-encoded values, as OpenCV's
   * `cvtColor(…, COLOR_RGB2GRAY)` and Pillow's `convert('L')`).
   * @default 'keep'
   */
  channels?: 1 | 3 | 'keep';
  /**
   * Largest accepted width × height (after EXIF rotation, which does not change it). Checked from
   * the header before any pixel is decoded, so a huge or malicious file is refused cheaply.
   * `Infinity` disables the check.
   * @default 100e6
   */
  maxPixels?: number;
  /**
   * When the decoder should give up. `'error'` rejects truncated and damaged files but tolerates
   * harmless warnings (e.g. extraneous bytes in old JPEGs, common in scanned archives);
   * `'warning'` rejects those too; `'none'` decodes whatever it can (grey fill for missing rows).
   * @default 'error'
   */
  failOn?: ReadStrictness;
  /**
   * Called for each thing the decoder tolerated or the reader dropped, so that a caller can report
   * it per file (the `tounum` commands do, in text and JSON). Kinds:
   * - `'damaged-data'`: the decoder met damaged image data and filled it in (e.g. libjpeg's
   *   "Corrupt JPEG data: bad Huffman code": the rest of the picture is grey) — accepted by
   *   `failOn: 'error'`, refused by `'warning'`;
   * - `'decoder'`: a harmless decoder warning (extraneous bytes before a JPEG marker);
   * - `'alpha-flattened'`: the file has an alpha channel, flattened onto `background`;
   * - `'first-frame-only'`: the file has several pages or frames, only the first is read.
   * @default undefined (nothing reported)
   */
  onWarning?: (warning: ImageReadWarning) => void;
}

/** Something {@link readImage} tolerated or dropped (see `ReadImageOptions.onWarning`). */
export interface ImageReadWarning {
  kind: 'damaged-data' | 'decoder' | 'alpha-flattened' | 'first-frame-only';
  message: string;
}

/** libjpeg's warnings that do not affect the pixels (JWRN_EXTRANEOUS_DATA). */
const HARMLESS_DECODER_WARNING = /extraneous bytes before marker/i;

/** Decoder warnings from sharp's `warning` events: one entry per distinct message, loader prefix and counts dropped. */
function decoderWarnings(raw: readonly string[]): ImageReadWarning[] {
  const seen = new Set<string>();
  for (const w of raw) {
    for (const line of w.split('\n')) {
      const t = line.replace(/^Vips\w+: /, '').trim();
      if (t === '' || /^read gave \d+ warnings?$/.test(t)) continue;
      seen.add(t);
    }
  }
  return [...seen].map((message) => ({ kind: HARMLESS_DECODER_WARNING.test(message) ? 'decoder' : 'damaged-data', message }));
}

const STRICTNESS: readonly ReadStrictness[] = ['none', 'truncated', 'error', 'warning'];

/**
 * Reads an image file (or encoded bytes) into a float {@link Image}.
 *
 * - Formats: whatever sharp 0.34 decodes (PNG, JPEG, WebP, TIFF, GIF, AVIF/HEIF, SVG…); multi-page
 *   files give their first page.
 * - EXIF orientation is applied, so `width`/`height` are as displayed (sharp `autoOrient`).
 * - Colour: embedded ICC profiles and CMYK are converted to sRGB by sharp/libvips (CMYK without a
 *   profile uses libvips' built-in CMYK profile); palette images are expanded.
 * - Precision: 8-bit samples are divided by 255, 16-bit (and deeper) samples are read as 16-bit and
 *   divided by 65535, so 16-bit PNG/TIFF keep their full precision.
 * - Alpha is flattened onto `options.background`; the result never has an alpha channel.
 * - What was tolerated or dropped (damaged data, alpha, later frames) is reported to `options.onWarning`.
 * - A path whose name is not valid UTF-8 is accepted in the escaped form of {@link decodeFsName}.
 * - The file is only read. When `input` is a path, its absolute path is recorded on the returned
 *   object under the non-enumerable symbol {@link IMAGE_SOURCE} (see {@link getImageSource}),
 *   which lets {@link writeImage} refuse to overwrite it.
 *
 * @param input - a file path, or a Buffer holding an encoded image.
 * @throws TypeError / RangeError for bad arguments or options.
 * @throws {@link ImageReadError} with `reason` `'missing' | 'not-a-file' | 'permission' | 'empty' |
 *   'truncated' | 'corrupt' | 'not-an-image' | 'too-large' | 'unsupported' | 'io'`; the message names
 *   the file and the problem, e.g. `cannot read image /x/y.jpg: file is empty (0 bytes)`.
 */
export async function readImage(input: string | Buffer, options: ReadImageOptions = {}): Promise<Image> {
  checkReadInput(input, 'readImage');
  const opts = validateReadOptions(options);
  const src = await openReadSource(input as ReadInput);

  let meta: sharp.Metadata;
  try {
    meta = await sharp(src.sharpInput, { failOn: 'none', limitInputPixels: false }).metadata();
  } catch (err) {
    throw await refineNotAnImage(readErrorFromSharp(err, src.path, src.bytes), src.sharpInput);
  }
  if (!meta.width || !meta.height) throw new ImageReadError('unsupported', src.path, `${meta.format ?? 'image'} without dimensions`, { bytes: src.bytes });
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (width * height > opts.maxPixels) {
    throw new ImageReadError(
      'too-large',
      src.path,
      `image is ${width}×${height} = ${(width * height).toLocaleString('en-US')} pixels, more than maxPixels = ${opts.maxPixels.toLocaleString('en-US')}`,
      { bytes: src.bytes },
    );
  }

  const grey = meta.space === 'b-w' || meta.space === 'grey16' || (meta.space === undefined && (meta.channels === 1 || meta.channels === 2));
  const deep = depthToBits(meta.depth) > 8;
  let raw: { data: Buffer; info: sharp.OutputInfo };
  const warnings: string[] = [];
  try {
    const decoder = sharp(src.sharpInput, {
      failOn: opts.failOn,
      limitInputPixels: Number.isFinite(opts.maxPixels) ? Math.max(1, Math.floor(opts.maxPixels)) : false,
      autoOrient: true,
    });
    decoder.on('warning', (w: unknown) => warnings.push(String(w)));
    raw = await decoder
      // libvips drops alpha when converting grey+alpha to 'b-w', so that case is decoded as RGBA
      // (R = G = B = grey, exactly) and reduced back to one channel below.
      .toColourspace(grey && !meta.hasAlpha ? (deep ? 'grey16' : 'b-w') : deep ? 'rgb16' : 'srgb')
      .raw({ depth: deep ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    const e = readErrorFromSharp(err, src.path, src.bytes);
    if (e.reason === 'truncated' || e.reason === 'corrupt') {
      const ended = await hasEndMarker(src.sharpInput, meta.format).catch(() => undefined);
      if (ended === false && e.reason === 'corrupt') throw new ImageReadError('truncated', src.path, `file is truncated or incomplete (${firstLine(err)})`, { cause: err, bytes: src.bytes });
      if (ended === true && e.reason === 'truncated') throw new ImageReadError('corrupt', src.path, `image data is damaged (${firstLine(err)})`, { cause: err, bytes: src.bytes });
    }
    throw e;
  }

  if (options.onWarning) {
    for (const w of decoderWarnings(warnings)) options.onWarning(w);
    if (meta.hasAlpha && transparentPixels(raw, deep, decodedColourCount(grey, meta.hasAlpha ?? false)) > 0) {
      options.onWarning({ kind: 'alpha-flattened', message: `the alpha channel (transparency) was flattened onto ${describeBackground(opts.background)}` });
    }
    if ((meta.pages ?? 1) > 1) options.onWarning({ kind: 'first-frame-only', message: `the file has ${meta.pages} ${meta.format === 'gif' || meta.format === 'webp' ? 'frames' : 'pages'}; only the first was read` });
  }

  const { info, data } = raw;
  const colour = grey ? 1 : 3;
  const decodedColour = grey && meta.hasAlpha ? 3 : colour;
  if (info.channels !== decodedColour && info.channels !== decodedColour + 1) {
    throw new ImageReadError('unsupported', src.path, `decoded to ${info.channels} channels (${meta.space ?? 'unknown'} colour space), expected ${decodedColour} or ${decodedColour + 1}`, { bytes: src.bytes });
  }
  const bands = info.channels;
  // Offset of the alpha sample within a pixel, when there is one.
  const alphaAt = bands === decodedColour + 1 ? decodedColour : -1;
  const samples = deep ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : data;
  // Divide (not multiply by a reciprocal) so that k/255 and k/65535 are the correctly rounded
  // float32 values: a written-then-read image then compares exactly equal to the original.
  const max = deep ? 65535 : 255;
  const n = info.width * info.height;
  const flat = new Float32Array(n * colour);
  const bg = grey ? [luma(opts.background[0], opts.background[1], opts.background[2])] : opts.background;
  if (alphaAt < 0 && bands === colour) {
    for (let i = 0; i < flat.length; i++) flat[i] = samples[i] / max;
  } else {
    for (let p = 0; p < n; p++) {
      const a = alphaAt < 0 ? 1 : samples[p * bands + alphaAt] / max;
      for (let c = 0; c < colour; c++) flat[p * colour + c] = a === 1 ? samples[p * bands + c] / max : (a * samples[p * bands + c]) / max + (1 - a) * bg[c];
    }
  }

  const target = opts.channels === 'keep' ? colour : opts.channels;
  let out = flat;
  if (target === 3 && colour === 1) {
    out = new Float32Array(n * 3);
    for (let p = 0; p < n; p++) out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = flat[p];
  } else if (target === 1 && colour === 3) {
    out = new Float32Array(n);
    for (let p = 0; p < n; p++) out[p] = luma(flat[3 * p], flat[3 * p + 1], flat[3 * p + 2]);
  }
  const image: Image = { data: out, width: info.width, height: info.height, channels: target };
  if (src.path !== undefined) setImageSource(image, resolvePath(src.path));
  return image;
}

function decodedColourCount(grey: boolean, hasAlpha: boolean): number {
  return grey && hasAlpha ? 3 : grey ? 1 : 3;
}

/** Pixels whose alpha is below opaque (an alpha channel that is opaque everywhere loses nothing when flattened). */
function transparentPixels(raw: { data: Buffer; info: sharp.OutputInfo }, deep: boolean, colour: number): number {
  const bands = raw.info.channels;
  if (bands !== colour + 1) return 0;
  const samples = deep ? new Uint16Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength / 2) : raw.data;
  const max = deep ? 65535 : 255;
  let n = 0;
  for (let i = colour; i < samples.length; i += bands) if ((samples[i] as number) < max) n++;
  return n;
}

function describeBackground([r, g, b]: readonly number[]): string {
  if (r === 1 && g === 1 && b === 1) return 'white';
  if (r === 0 && g === 0 && b === 0) return 'black';
  return `rgb(${[r, g, b].map((v) => Math.round((v as number) * 255)).join(', ')})`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
}

/** BT.601 luma on gamma-encoded values (OpenCV `COLOR_RGB2GRAY`). */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

interface ResolvedReadOptions {
  background: [number, number, number];
  channels: 1 | 3 | 'keep';
  maxPixels: number;
  failOn: ReadStrictness;
}

function validateReadOptions(options: ReadImageOptions): ResolvedReadOptions {
  if (options === null || typeof options !== 'object') throw new TypeError(`readImage: options must be an object, got ${String(options)}`);
  const channels = options.channels ?? 'keep';
  if (channels !== 1 && channels !== 3 && channels !== 'keep') {
    throw new RangeError(`readImage: options.channels must be 1, 3 or 'keep', got ${JSON.stringify(channels)}`);
  }
  const maxPixels = options.maxPixels ?? 100e6;
  inRange('readImage', 'options.maxPixels', maxPixels, 1, Infinity, { expected: 'a number ≥ 1 (or Infinity)' });
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new TypeError(`readImage: options.onWarning must be a function, got ${typeof options.onWarning}`);
  const failOn = options.failOn ?? 'error';
  if (!STRICTNESS.includes(failOn)) throw new RangeError(`readImage: options.failOn must be one of ${STRICTNESS.join(', ')}, got ${JSON.stringify(failOn)}`);
  return { background: parseBackground(options.background ?? 1), channels, maxPixels, failOn };
}

/**
 * Parses a {@link BackgroundColour} into `[r, g, b]` in [0, 1].
 * @throws RangeError / TypeError naming `options.background`.
 */
export function parseBackground(value: BackgroundColour): [number, number, number] {
  const name = 'options.background';
  const inUnit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
  if (typeof value === 'number') {
    if (!inUnit(value)) throw new RangeError(`${name} must be a grey level in [0, 1], got ${value}`);
    return [value, value, value];
  }
  if (typeof value === 'string') {
    const m = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value.trim());
    if (!m) throw new RangeError(`${name} must be a hex colour '#rrggbb' or '#rgb', got ${JSON.stringify(value)}`);
    const hex = m[1].length === 3 ? [...m[1]].map((ch) => ch + ch).join('') : m[1];
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  }
  if (value !== null && typeof value === 'object') {
    const { r, g, b } = value;
    if (!inUnit(r) || !inUnit(g) || !inUnit(b)) {
      throw new RangeError(`${name} must be {r, g, b} with each in [0, 1], got ${JSON.stringify(value)}`);
    }
    return [r, g, b];
  }
  throw new TypeError(`${name} must be a number in [0, 1], {r, g, b} or '#rrggbb', got ${String(value)}`);
}
