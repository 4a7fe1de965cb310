import * as tf from '@tensorflow/tfjs';
import { encodeFloat16 } from '../io/float16';
import { writeFileAtomic } from '../io/writeFileAtomic';

/** Index of a tensor file: names, shapes and byte offsets into the `.bin` beside it. */
export interface TensorFileIndex {
  format: 'tounum-tensors';
  version: 1;
  dtype: 'float32' | 'float16';
  tensors: { name: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number; length: number }[];
}

/** Options of {@link writeTensors}. */
export interface WriteTensorsOptions {
  /** Storage type of float32 tensors (int32 ones stay int32). `float16` halves the size. @default 'float32' */
  dtype?: 'float32' | 'float16';
}

/**
 * Encodes named tensors as the two parts of a tensor file: the index (`<base>.json`) and the
 * little-endian data (`<base>.bin`), for callers that publish them themselves (checkpoints).
 * @param tensors - name → tensor (float32 or int32).
 */
export async function encodeTensors(tensors: readonly { name: string; tensor: tf.Tensor }[], options: WriteTensorsOptions = {}): Promise<{ index: string; data: Buffer }> {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') throw new RangeError(`writeTensors: options.dtype must be 'float32' or 'float16', got ${String(dtype)}`);
  const index: TensorFileIndex = { format: 'tounum-tensors', version: 1, dtype, tensors: [] };
  const parts: Buffer[] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new TypeError(`writeTensors: tensor ${name} is ${tensor.dtype}; only float32 and int32 are stored`);
    const values = await tensor.data();
    let bytes: Buffer;
    if (tensor.dtype === 'float32' && dtype === 'float16') {
      const h = encodeFloat16(values as Float32Array);
      bytes = Buffer.from(h.buffer, h.byteOffset, h.byteLength);
    } else bytes = Buffer.from((values as Float32Array | Int32Array).slice().buffer);
    index.tensors.push({ name, shape: [...tensor.shape], dtype: tensor.dtype, offset, length: bytes.length });
    parts.push(bytes);
    offset += bytes.length;
  }
  return { index: `${JSON.stringify(index, null, 1)}\n`, data: Buffer.concat(parts) };
}

/**
 * Writes named tensors as `<base>.json` (index) + `<base>.bin` (little-endian data), each written
 * atomically (data first, index last), so a reader never sees an index without its data.
 * @param tensors - name → tensor (float32 or int32).
 * @param base - path without extension.
 */
export async function writeTensors(tensors: readonly { name: string; tensor: tf.Tensor }[], base: string, options: WriteTensorsOptions = {}): Promise<void> {
  const { index, data } = await encodeTensors(tensors, options);
  await writeFileAtomic(`${base}.bin`, data);
  await writeFileAtomic(`${base}.json`, index);
}
