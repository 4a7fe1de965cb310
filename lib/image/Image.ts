import { oneOf, positiveInt } from '../validate';
/**
 * The image type shared by every tounum-lab operation: interleaved HWC float samples.
 *
 * Values are nominally in [0, 1] (0 = black, 1 = white); operations that can leave that range
 * (noise, sharpening) say so, and writers clip. Row-major: sample (y, x, c) is at
 * `data[(y * width + x) * channels + c]`.
 */
export interface Image {
  data: Float32Array;
  width: number;
  height: number;
  /** 1 = grey, 3 = RGB (alpha is flattened on read). */
  channels: 1 | 3;
}

/**
 * Creates an image, checking that the sizes agree. Without `data`, the image is black.
 * @throws RangeError naming the bad parameter.
 */
export function createImage(width: number, height: number, channels: 1 | 3, data?: Float32Array): Image {
  positiveInt('createImage', 'width', width);
  positiveInt('createImage', 'height', height);
  oneOf('createImage', 'channels', channels, [1, 3], '1 or 3');
  const n = width * height * channels;
  if (data !== undefined && data.length !== n) {
    throw new RangeError(`createImage: data has ${data.length} samples, expected ${width}×${height}×${channels} = ${n}`);
  }
  return { data: data ?? new Float32Array(n), width, height, channels };
}

/**
 * Checks that `image` is a well-formed {@link Image}; used by operations to validate their input.
 * @param name - how to call the argument in the error message.
 * @throws TypeError / RangeError naming `name` and the problem.
 */
export function assertImage(image: unknown, name = 'image'): asserts image is Image {
  const im = image as Partial<Image> | null;
  if (im === null || typeof im !== 'object') throw new TypeError(`${name} must be an Image {data, width, height, channels}, got ${String(image)}`);
  if (!(im.data instanceof Float32Array)) throw new TypeError(`${name}.data must be a Float32Array`);
  if (!Number.isInteger(im.width) || (im.width as number) <= 0) throw new RangeError(`${name}.width must be a positive integer, got ${String(im.width)}`);
  if (!Number.isInteger(im.height) || (im.height as number) <= 0) throw new RangeError(`${name}.height must be a positive integer, got ${String(im.height)}`);
  if (im.channels !== 1 && im.channels !== 3) throw new RangeError(`${name}.channels must be 1 or 3, got ${String(im.channels)}`);
  const n = (im.width as number) * (im.height as number) * im.channels;
  if (im.data.length !== n) throw new RangeError(`${name}.data has ${im.data.length} samples, expected ${im.width}×${im.height}×${im.channels} = ${n}`);
}

/** A deep copy of `image`. */
export function cloneImage(image: Image): Image {
  return { data: image.data.slice(), width: image.width, height: image.height, channels: image.channels };
}
