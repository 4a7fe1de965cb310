import type { Image } from '../image';

/**
 * Non-enumerable symbol property under which {@link readImage} records the absolute path an image
 * was read from. It does not show in `JSON.stringify`, `Object.keys`, spreads or `cloneImage`, so
 * only the very object `readImage` returned carries it; derived images (filtered, resized…) do not.
 * `Symbol.for` so that two copies of the library agree on it.
 */
export const IMAGE_SOURCE: unique symbol = Symbol.for('tounum-lab.io.imageSource');

/** The absolute path `image` was read from by {@link readImage}, or `undefined` if it was not read from a file. */
export function getImageSource(image: Image): string | undefined {
  const v = (image as Image & { [IMAGE_SOURCE]?: unknown })[IMAGE_SOURCE];
  return typeof v === 'string' ? v : undefined;
}

/** @internal Attaches the source path (non-enumerable, read-only). */
export function setImageSource(image: Image, absolutePath: string): void {
  Object.defineProperty(image, IMAGE_SOURCE, { value: absolutePath, enumerable: false, writable: false, configurable: false });
}
