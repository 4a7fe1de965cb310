import { assertImage, createImage, type Image } from '../../image';
import { PAL_SAMPLE_RATE_MHZ } from './palConstants';

/**
 * A frame in Y′UV float planes on a (possibly scaled) PAL raster: the working representation of
 * every VHS effect.
 *
 * - `y`: luma Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′ in [0, 1] (gamma-encoded, BT.601) [S9, S10].
 * - `u`, `v`: PAL colour differences U = 0.493 (B′ − Y′) ∈ ±0.436, V = 0.877 (R′ − Y′) ∈ ±0.615 [S9, S10].
 * - Rows are picture lines, interlaced: even rows (0, 2, …) are the first field, odd rows the second.
 * - `scale`: raster pixels per BT.601 sample horizontally **and** per picture line vertically. 1 is
 *   the native PAL raster (13.5 MHz, 576 lines) — also right for training patches cropped from a PAL
 *   frame; 0.5 is a half-resolution raster. Effects convert their physical parameters with it:
 *   a horizontal length of n PAL samples (or t µs) becomes n·scale (t·13.5·scale) raster pixels, a
 *   frequency of f MHz becomes f / (13.5·scale) cycles per raster pixel, n lines become n·scale rows.
 *
 * Planes are treated as immutable: effects return new frames and may share the planes they leave
 * unchanged with their input.
 */
export interface YuvFrame {
  width: number;
  height: number;
  /** Raster pixels per BT.601 sample and per picture line. @default 1 */
  scale: number;
  y: Float32Array;
  u: Float32Array;
  v: Float32Array;
}

/** U = 0.493 (B′ − Y′) [S10]. */
export const U_WEIGHT = 0.493;
/** V = 0.877 (R′ − Y′) [S10]. */
export const V_WEIGHT = 0.877;

/**
 * Creates a frame, black and colourless unless planes are given.
 * @throws RangeError naming the bad size, scale or plane length.
 */
export function createYuvFrame(width: number, height: number, scale = 1, planes?: { y: Float32Array; u: Float32Array; v: Float32Array }): YuvFrame {
  if (!Number.isInteger(width) || width <= 0) throw new RangeError(`createYuvFrame: width must be a positive integer, got ${width}`);
  if (!Number.isInteger(height) || height <= 0) throw new RangeError(`createYuvFrame: height must be a positive integer, got ${height}`);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new RangeError(`createYuvFrame: scale must be a positive number, got ${String(scale)}`);
  const n = width * height;
  const frame = planes === undefined
    ? { width, height, scale, y: new Float32Array(n), u: new Float32Array(n), v: new Float32Array(n) }
    : { width, height, scale, y: planes.y, u: planes.u, v: planes.v };
  assertYuvFrame(frame, 'createYuvFrame: frame');
  return frame;
}

/**
 * Checks that `frame` is a well-formed {@link YuvFrame}.
 * @throws TypeError / RangeError naming `name` and the problem.
 */
export function assertYuvFrame(frame: unknown, name = 'frame'): asserts frame is YuvFrame {
  const f = frame as Partial<YuvFrame> | null;
  if (f === null || typeof f !== 'object') throw new TypeError(`${name} must be a YuvFrame {width, height, scale, y, u, v}, got ${String(frame)}`);
  if (!Number.isInteger(f.width) || (f.width as number) <= 0) throw new RangeError(`${name}.width must be a positive integer, got ${String(f.width)}`);
  if (!Number.isInteger(f.height) || (f.height as number) <= 0) throw new RangeError(`${name}.height must be a positive integer, got ${String(f.height)}`);
  if (typeof f.scale !== 'number' || !Number.isFinite(f.scale) || f.scale <= 0) throw new RangeError(`${name}.scale must be a positive number, got ${String(f.scale)}`);
  const n = (f.width as number) * (f.height as number);
  for (const p of ['y', 'u', 'v'] as const) {
    const plane = f[p];
    if (!(plane instanceof Float32Array)) throw new TypeError(`${name}.${p} must be a Float32Array`);
    if (plane.length !== n) throw new RangeError(`${name}.${p} has ${plane.length} samples, expected ${f.width}×${f.height} = ${n}`);
  }
}

/**
 * Converts an RGB (or grey) {@link Image} to a {@link YuvFrame} with the PAL matrix [S10].
 * A grey image gives Y′ = grey, U = V = 0.
 * @param scale - raster density of the result (see {@link YuvFrame}). @default 1
 */
export function rgbToYuvFrame(image: Image, scale = 1): YuvFrame {
  assertImage(image, 'rgbToYuvFrame: image');
  const { width, height, channels, data } = image;
  const frame = createYuvFrame(width, height, scale);
  const { y, u, v } = frame;
  if (channels === 1) {
    y.set(data);
    return frame;
  }
  for (let i = 0, j = 0; i < y.length; i++, j += 3) {
    const r = data[j], g = data[j + 1], b = data[j + 2];
    const yy = 0.299 * r + 0.587 * g + 0.114 * b;
    y[i] = yy;
    u[i] = U_WEIGHT * (b - yy);
    v[i] = V_WEIGHT * (r - yy);
  }
  return frame;
}

/**
 * Converts a {@link YuvFrame} back to an RGB image (or, with `channels: 1`, to its luma),
 * clipping to [0, 1] as an 8-bit capture would.
 */
export function yuvFrameToRgb(frame: YuvFrame, channels: 1 | 3 = 3): Image {
  assertYuvFrame(frame, 'yuvFrameToRgb: frame');
  if (channels !== 1 && channels !== 3) throw new RangeError(`yuvFrameToRgb: channels must be 1 or 3, got ${String(channels)}`);
  const { width, height, y, u, v } = frame;
  const out = createImage(width, height, channels);
  const d = out.data;
  if (channels === 1) {
    for (let i = 0; i < y.length; i++) d[i] = clip01(y[i]);
    return out;
  }
  const iu = 1 / U_WEIGHT, iv = 1 / V_WEIGHT;
  for (let i = 0, j = 0; i < y.length; i++, j += 3) {
    const yy = y[i];
    const b = yy + u[i] * iu;
    const r = yy + v[i] * iv;
    const g = (yy - 0.299 * r - 0.114 * b) / 0.587;
    d[j] = clip01(r);
    d[j + 1] = clip01(g);
    d[j + 2] = clip01(b);
  }
  return out;
}

/** A deep copy of `frame`. */
export function cloneYuvFrame(frame: YuvFrame): YuvFrame {
  return { width: frame.width, height: frame.height, scale: frame.scale, y: frame.y.slice(), u: frame.u.slice(), v: frame.v.slice() };
}

/** Sampling rate of `frame`'s raster in MHz: 13.5 × scale. */
export function sampleRateMHz(frame: YuvFrame): number {
  return PAL_SAMPLE_RATE_MHZ * frame.scale;
}

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
