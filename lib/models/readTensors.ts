import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { decodeFloat16 } from '../io/float16';
import type { TensorFileIndex } from './writeTensors';

/**
 * Reads tensors written by `writeTensors` (float16 storage is widened back to float32).
 * @param base - path without extension.
 * @returns name → tensor, in file order (the caller owns and disposes them).
 * @throws Error naming the file when it is missing, malformed or truncated.
 */
export async function readTensors(base: string): Promise<Map<string, tf.Tensor>> {
  let index: TensorFileIndex;
  let data: Buffer;
  try {
    index = JSON.parse(await fs.promises.readFile(`${base}.json`, 'utf8')) as TensorFileIndex;
    data = await fs.promises.readFile(`${base}.bin`);
  } catch (e) {
    throw new Error(`readTensors: cannot read ${base}.json/.bin: ${(e as Error).message}`, { cause: e });
  }
  if (index.format !== 'tounum-tensors' || !Array.isArray(index.tensors)) throw new Error(`readTensors: ${base}.json is not a tounum tensor index`);
  const out = new Map<string, tf.Tensor>();
  for (const t of index.tensors) {
    if (t.offset + t.length > data.length) {
      out.forEach((x) => x.dispose());
      throw new Error(`readTensors: ${base}.bin is truncated (tensor ${t.name} needs bytes ${t.offset}–${t.offset + t.length}, file has ${data.length})`);
    }
    const bytes = data.subarray(t.offset, t.offset + t.length);
    const copy = new Uint8Array(bytes).buffer;
    let values: Float32Array | Int32Array;
    if (t.dtype === 'int32') values = new Int32Array(copy);
    else if (index.dtype === 'float16') values = decodeFloat16(new Uint16Array(copy));
    else values = new Float32Array(copy);
    out.set(t.name, tf.tensor(values, t.shape, t.dtype));
  }
  return out;
}
