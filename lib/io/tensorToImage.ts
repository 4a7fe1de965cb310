import type * as tf from '@tensorflow/tfjs';
import type { Image } from '../image';
import { booleanValue } from '../validate';

export interface TensorToImageOptions {
  /**
   * Clip values to [0, 1] (NaN becomes 0). Network outputs often overshoot slightly; clipping here
   * matches what {@link writeImage} stores. Pass `false` to keep the raw values.
   * @default true
   */
  clip?: boolean;
}

/**
 * Converts a tensor `[h, w, c]` or `[1, h, w, c]` (c = 1 or 3, any numeric dtype) to an
 * {@link Image}. Values are copied (synchronously, via `dataSync`) and not rescaled: the tensor is
 * expected to hold values in [0, 1]. The tensor is neither disposed nor modified, and no
 * intermediate tensors are created.
 * @throws TypeError for a non-tensor or disposed tensor; RangeError for a bad shape.
 */
export function tensorToImage(tensor: tf.Tensor, options: TensorToImageOptions = {}): Image {
  const t = tensor as Partial<tf.Tensor> | null;
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || typeof t.dataSync !== 'function') {
    throw new TypeError(`tensorToImage: tensor must be a tf.Tensor, got ${t === null ? 'null' : typeof t}`);
  }
  if (t.isDisposed) throw new TypeError('tensorToImage: tensor has been disposed');
  if (options === null || typeof options !== 'object') throw new TypeError(`tensorToImage: options must be an object, got ${String(options)}`);
  const clip = options.clip ?? true;
  booleanValue('tensorToImage', 'options.clip', clip);
  const shape = tensor.shape;
  let dims: number[];
  if (shape.length === 3) dims = shape;
  else if (shape.length === 4 && shape[0] === 1) dims = shape.slice(1);
  else throw new RangeError(`tensorToImage: tensor shape must be [h, w, c] or [1, h, w, c], got [${shape.join(', ')}]`);
  const [height, width, channels] = dims;
  if (channels !== 1 && channels !== 3) throw new RangeError(`tensorToImage: tensor must have 1 or 3 channels (last axis), got shape [${shape.join(', ')}]`);
  if (height === 0 || width === 0) throw new RangeError(`tensorToImage: tensor is empty, shape [${shape.join(', ')}]`);
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') throw new TypeError(`tensorToImage: tensor dtype must be numeric, got ${tensor.dtype}`);
  const src = tensor.dataSync() as Float32Array | Int32Array | Uint8Array;
  // dataSync may return the backend's own storage: always copy.
  const data = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    data[i] = clip ? (v > 0 ? (v < 1 ? v : 1) : 0) : v;
  }
  return { data, width, height, channels };
}
