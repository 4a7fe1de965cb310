import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../random';

/** Options of {@link buildLineShiftNet}. */
export interface LineShiftNetOptions {
  /** Lines of the window (odd: the centre line and (lines − 1)/2 same-field neighbours above and below). @default 7 */
  lines?: number;
  /** Columns taken at each end of the line. @default 64 */
  columns?: number;
  /** Filters of the three width convolutions. @default [16, 16, 24] */
  filters?: readonly [number, number, number];
  /** Units of the hidden dense layer. @default 32 */
  hidden?: number;
  /** Seed of the weight initialisers. @default 0 */
  seed?: number;
}

/** The defaults of {@link buildLineShiftNet}, also recorded in model cards. */
export const LINE_SHIFT_NET_DEFAULTS = { lines: 7, columns: 64, filters: [16, 16, 24] as const, hidden: 32 } as const;

/**
 * A small convolutional regressor of the horizontal displacement of one video line (a learned
 * time-base corrector working from the picture). Input `[n, lines, columns, 2]`: the luma (Y′ in
 * [0, 1], minus 0.5) of the centre line and its same-field neighbours, channel 0 the first `columns`
 * samples of each line, channel 1 the last `columns` samples mirrored (so both line ends, where the
 * blanking enters a shifted line, sit at column 0). Output `[n, 1]`: the centre line's shift in
 * pixels (positive = picture moved right).
 *
 * Layers: three 3×5 convolutions + ReLU (the second and third with stride 2 along the line), a
 * `lines`×1 valid convolution that merges the window's lines, then flatten → dense(`hidden`, ReLU) →
 * dense(1). Flattening keeps the column position, so the net can read how much blanking entered at
 * each end (the absolute shift) as well as how the centre line is displaced against its neighbours
 * (the relative shift, what Kokaram's registration of neighbouring lines measures). ≈ 26 k parameters
 * with the defaults.
 * @returns an uncompiled `tf.LayersModel`.
 * @throws RangeError for bad options.
 */
export function buildLineShiftNet(options: LineShiftNetOptions = {}): tf.LayersModel {
  const fn = 'buildLineShiftNet';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object, got ${String(options)}`);
  const { lines = LINE_SHIFT_NET_DEFAULTS.lines, columns = LINE_SHIFT_NET_DEFAULTS.columns, filters = LINE_SHIFT_NET_DEFAULTS.filters, hidden = LINE_SHIFT_NET_DEFAULTS.hidden, seed = 0 } = options;
  if (!Number.isInteger(lines) || lines < 1 || lines > 63 || lines % 2 === 0) throw new RangeError(`${fn}: options.lines must be an odd integer in [1, 63], got ${String(lines)}`);
  if (!Number.isInteger(columns) || columns < 8 || columns > 1024 || columns % 4 !== 0) throw new RangeError(`${fn}: options.columns must be a multiple of 4 in [8, 1024], got ${String(columns)}`);
  if (!Array.isArray(filters) || filters.length !== 3 || filters.some((f) => !Number.isInteger(f) || f < 1 || f > 256)) {
    throw new RangeError(`${fn}: options.filters must be 3 integers in [1, 256], got ${JSON.stringify(filters)}`);
  }
  if (!Number.isInteger(hidden) || hidden < 1 || hidden > 1024) throw new RangeError(`${fn}: options.hidden must be an integer in [1, 1024], got ${String(hidden)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  let s = seed;
  const he = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: layerSeed(s++) });
  const [f1, f2, f3] = filters;
  const input = tf.input({ shape: [lines, columns, 2], name: 'lines' });
  let x = tf.layers.conv2d({ filters: f1, kernelSize: [3, 5], padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: f2, kernelSize: [3, 5], strides: [1, 2], padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'conv2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: f3, kernelSize: [3, 5], strides: [1, 2], padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'conv3' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: f3, kernelSize: [lines, 1], padding: 'valid', activation: 'relu', kernelInitializer: he(), name: 'merge' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: he(), name: 'hidden' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: layerSeed(s++) }), name: 'shift' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'lineShiftNet' });
}
