import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../image';
import { booleanValue } from '../validate';

export interface ImageToTensorOptions {
  /** Add a leading batch axis: shape `[1, h, w, c]` instead of `[h, w, c]`. @default false */
  batch?: boolean;
}

/**
 * Converts an {@link Image} to a float32 tensor `[height, width, channels]` (or `[1, h, w, c]` with
 * `batch: true`), the NHWC layout tf.layers convolutions expect. Values are copied, unscaled, so
 * later changes to `image.data` do not reach the tensor. The caller owns (and must dispose) it.
 * @throws TypeError / RangeError for a malformed image or options.
 */
export function imageToTensor(image: Image, options?: ImageToTensorOptions & { batch?: false }): tf.Tensor3D;
export function imageToTensor(image: Image, options: ImageToTensorOptions & { batch: true }): tf.Tensor4D;
export function imageToTensor(image: Image, options?: ImageToTensorOptions): tf.Tensor3D | tf.Tensor4D;
export function imageToTensor(image: Image, options: ImageToTensorOptions = {}): tf.Tensor3D | tf.Tensor4D {
  assertImage(image, 'image');
  if (options === null || typeof options !== 'object') throw new TypeError(`imageToTensor: options must be an object, got ${String(options)}`);
  const batch = options.batch ?? false;
  booleanValue('imageToTensor', 'options.batch', batch);
  // tfjs may keep a reference to the array it is given; copy so the tensor and image stay independent.
  const values = image.data.slice();
  return batch
    ? tf.tensor4d(values, [1, image.height, image.width, image.channels], 'float32')
    : tf.tensor3d(values, [image.height, image.width, image.channels], 'float32');
}
