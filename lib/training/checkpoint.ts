import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainingHistory } from './types';

/** A tensor with a name, as optimizers' getWeights return. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** What a checkpoint folder holds besides the tensors. */
export interface CheckpointState {
  format: 1;
  /** Epochs completed (the next epoch to run, 0-based). */
  epochsDone: number;
  history: TrainingHistory;
  /** Best monitored value so far and the early-stopping counter. */
  best: { value: number; epoch: number; wait: number };
  /** Names and shapes of the saved model weights, checked on restore. */
  weightShapes: number[][];
  /** Epochs in the running weight average (`average-weights.*`), when weight averaging is on. */
  averageCount?: number;
}

async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}

async function saveTensors(file: string, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const bytes = Buffer.from(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]));
  await writeAtomic(`${file}.bin`, bytes);
  await writeAtomic(`${file}.json`, JSON.stringify(specs));
}

async function loadTensors(file: string): Promise<NamedTensor[]> {
  const specs = JSON.parse(await fs.promises.readFile(`${file}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const buf = await fs.promises.readFile(`${file}.bin`);
  const map = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, specs);
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
}

/** Saves the model weights (by position), optional best and averaged weights, optimizer slots and state into `dir`. */
export async function saveCheckpoint(
  dir: string,
  net: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: Omit<CheckpointState, 'format' | 'weightShapes'>,
  bestWeights: tf.Tensor[] | null,
  averageWeights: tf.Tensor[] | null = null,
): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  await saveTensors(path.join(dir, 'weights'), net.getWeights().map((t, i) => ({ name: `w${i}`, tensor: t })));
  if (bestWeights) await saveTensors(path.join(dir, 'best-weights'), bestWeights.map((t, i) => ({ name: `w${i}`, tensor: t })));
  if (averageWeights) await saveTensors(path.join(dir, 'average-weights'), averageWeights.map((t, i) => ({ name: `w${i}`, tensor: t })));
  const optWeights = await optimizer.getWeights();
  await saveTensors(path.join(dir, 'optimizer'), optWeights);
  // The state file is written last: a checkpoint counts only once it exists, so a crash mid-save
  // leaves the previous checkpoint's state pointing at weights at most one epoch newer, never torn files.
  const full: CheckpointState = { format: 1, weightShapes: net.getWeights().map((t) => t.shape), ...state };
  await writeAtomic(path.join(dir, 'state.json'), JSON.stringify(full, null, 1));
}

/** Whether `dir` holds a complete checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'state.json')) && fs.existsSync(path.join(dir, 'weights.bin'));
}

/**
 * Restores weights and optimizer slots from `dir` into `net` / `optimizer`.
 * @returns the state, and the best and averaged weights (caller owns them) when saved.
 * @throws Error when the checkpoint's weight shapes do not match `net` (a different architecture).
 */
export async function loadCheckpoint(dir: string, net: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ state: CheckpointState; bestWeights: tf.Tensor[] | null; averageWeights: tf.Tensor[] | null }> {
  const state = JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as CheckpointState;
  const shapes = net.getWeights().map((t) => t.shape);
  if (JSON.stringify(shapes) !== JSON.stringify(state.weightShapes)) {
    throw new Error(`checkpoint ${dir} was saved from a different architecture (weight shapes differ); delete it or pass resume: false`);
  }
  const weights = await loadTensors(path.join(dir, 'weights'));
  net.setWeights(weights.map((w) => w.tensor));
  weights.forEach((w) => w.tensor.dispose());
  const opt = await loadTensors(path.join(dir, 'optimizer'));
  if (opt.length > 0) await optimizer.setWeights(opt);
  let bestWeights: tf.Tensor[] | null = null;
  if (fs.existsSync(path.join(dir, 'best-weights.bin'))) bestWeights = (await loadTensors(path.join(dir, 'best-weights'))).map((w) => w.tensor);
  let averageWeights: tf.Tensor[] | null = null;
  if (state.averageCount !== undefined && fs.existsSync(path.join(dir, 'average-weights.bin'))) averageWeights = (await loadTensors(path.join(dir, 'average-weights'))).map((w) => w.tensor);
  return { state, bestWeights, averageWeights };
}
