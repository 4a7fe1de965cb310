import { assertImage, type Image } from './Image';
import { nonNegativeInt, positiveInt, invalidParameterError } from '../validate';

/**
 * Copies the rectangle (x, y, width, height) of an image, all channels. The input is not changed.
 * @throws RangeError when the rectangle is not whole pixels inside the image.
 */
export function cropImage(image: Image, x: number, y: number, width: number, height: number): Image {
  const fn = 'cropImage';
  assertImage(image, `${fn}: image`);
  nonNegativeInt(fn, 'x', x);
  nonNegativeInt(fn, 'y', y);
  positiveInt(fn, 'width', width);
  positiveInt(fn, 'height', height);
  if (x + width > image.width || y + height > image.height) {
    throw invalidParameterError(fn, 'rectangle', `inside the ${image.width}×${image.height} image`, `${width}×${height} at (${x}, ${y})`);
  }
  const c = image.channels;
  const out = new Float32Array(width * height * c);
  for (let row = 0; row < height; row++) {
    const src = ((y + row) * image.width + x) * c;
    out.set(image.data.subarray(src, src + width * c), row * width * c);
  }
  return { data: out, width, height, channels: c };
}
