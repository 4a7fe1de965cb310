import * as tf from '@tensorflow/tfjs';
import { assertImage, type Image } from '../../image';
import { extractLineWindows } from './extractLineWindows';

/** Options of {@link predictLineShifts}. */
export interface PredictLineShiftsOptions {
  /** Rows per forward pass. @default 128 */
  batchSize?: number;
  /** Rows to estimate. @default every row */
  rows?: ArrayLike<number>;
}

/**
 * Estimates the horizontal displacement of every line of a degraded frame with a trained
 * line-shift regressor (`buildLineShiftNet`, trained by `trainLineShiftEstimator`): the frame's
 * windows ({@link extractLineWindows} with the net's window size) are fed in batches. Leak-free.
 * @param net - the regressor; its input shape gives the window's lines and columns.
 * @param image - the degraded frame (1 or 3 channels) at the pixel scale the net was trained on (square pixels, one row per line). Not modified.
 * @returns one shift per requested row, px at the frame's width (positive = the line was moved right; shift it left by this much to realign).
 * @throws TypeError / RangeError naming the parameter.
 */
export function predictLineShifts(net: tf.LayersModel, image: Image, options: PredictLineShiftsOptions = {}): Float32Array {
  const fn = 'predictLineShifts';
  if (net === null || typeof net !== 'object' || typeof (net as tf.LayersModel).predict !== 'function') throw new TypeError(`${fn}: net must be a tf.LayersModel`);
  assertImage(image, `${fn}: image`);
  const shape = net.inputs[0]?.shape;
  if (shape === undefined || shape.length !== 4 || shape[3] !== 2) throw new RangeError(`${fn}: net must take [n, lines, columns, 2] windows, got input shape ${JSON.stringify(shape)}`);
  const lines = shape[1] as number;
  const columns = shape[2] as number;
  const batchSize = options.batchSize ?? 128;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${fn}: options.batchSize must be a positive integer, got ${String(batchSize)}`);
  const rows = options.rows ?? Int32Array.from({ length: image.height }, (_, i) => i);
  const out = new Float32Array(rows.length);
  for (let start = 0; start < rows.length; start += batchSize) {
    const chunk = Array.from({ length: Math.min(batchSize, rows.length - start) }, (_, i) => rows[start + i] as number);
    const x = extractLineWindows(image, { lines, columns, rows: chunk });
    const values = tf.tidy(() => (net.predict(tf.tensor4d(x, [chunk.length, lines, columns, 2])) as tf.Tensor).dataSync());
    out.set(values.subarray(0, chunk.length), start);
  }
  return out;
}
