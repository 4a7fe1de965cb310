import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { CheckpointTransaction } from './checkpoint';

/** A tensor with the name it is saved under. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Stages named tensors in a checkpoint transaction as `<rel>.bin` (tfjs weight encoding) and
 * `<rel>.json` (its manifest), so they commit atomically with the rest of the checkpoint.
 */
export async function stageNamedTensors(tx: CheckpointTransaction, rel: string, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await tx.stage(`${rel}.bin`, Buffer.from(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data])));
  await tx.stage(`${rel}.json`, JSON.stringify(specs));
}

/** Reads tensors written by {@link stageNamedTensors} from `<file>.bin` + `<file>.json`; the caller owns (disposes) them. */
export async function readNamedTensors(file: string): Promise<NamedTensor[]> {
  const specs = JSON.parse(await fs.promises.readFile(`${file}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const buf = await fs.promises.readFile(`${file}.bin`);
  const map = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, specs);
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
}

/**
 * Stages a network's weights (`weights.*`) and its optimizer's slots (`optimizer.*`) in one
 * checkpoint transaction. `getWeights()` returns the slot variables themselves plus a fresh
 * `iter` scalar, which is disposed here.
 */
export async function stageWeightsAndSlots(tx: CheckpointTransaction, net: { getWeights(): tf.Tensor[] }, optimizer: tf.Optimizer): Promise<void> {
  await stageNamedTensors(tx, 'weights', net.getWeights().map((t, i) => ({ name: `w${i}`, tensor: t })));
  const slots = await optimizer.getWeights();
  await stageNamedTensors(tx, 'optimizer', slots);
  slots.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
}
