import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Options of {@link buildTransferHead}. */
export interface TransferHeadOptions {
  /** Size of the frozen encoder's feature vector. @default 1280 (MobileNetV2 Conv_1 after global average pooling) */
  inputDim?: number;
  /** Hidden ReLU units; `0` gives plain logistic regression on the features. @default 64 */
  hiddenUnits?: number;
  /** Dropout rate on the features and the hidden layer, in [0, 1). @default 0.3 */
  dropout?: number;
  /** L2 penalty λ on the kernels. @default 1e-4 */
  l2?: number;
  /** Seed of the initialisers. @default 0 */
  seed?: number;
}

/**
 * The small trainable head of the transfer-learning classifier: features → dropout →
 * dense(ReLU) → dropout → dense(1, sigmoid) = P(photo). The encoder stays frozen, as in the
 * "feature extraction" recipe of Yosinski et al. 2014 and the Keras transfer-learning guide.
 * With the defaults: 1280·64 + 64 + 64 + 1 = 82 049 parameters (≈ 330 kB of float32).
 * @throws RangeError for options out of range.
 */
export function buildTransferHead(options: TransferHeadOptions = {}): tf.Sequential {
  const inputDim = options.inputDim ?? 1280;
  const hidden = options.hiddenUnits ?? 64;
  const dropout = options.dropout ?? 0.3;
  const l2 = options.l2 ?? 1e-4;
  let seed = options.seed ?? 0;
  if (!Number.isInteger(inputDim) || inputDim < 1) throw new RangeError(`buildTransferHead: options.inputDim must be a positive integer, got ${inputDim}`);
  if (!Number.isInteger(hidden) || hidden < 0) throw new RangeError(`buildTransferHead: options.hiddenUnits must be an integer ≥ 0, got ${hidden}`);
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`buildTransferHead: options.dropout must be in [0, 1), got ${dropout}`);
  if (!(l2 >= 0)) throw new RangeError(`buildTransferHead: options.l2 must be ≥ 0, got ${l2}`);
  const reg = l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {};
  const net = tf.sequential({ name: 'photo_head' });
  net.add(tf.layers.inputLayer({ inputShape: [inputDim], name: 'features' }));
  if (dropout > 0) net.add(tf.layers.dropout({ rate: dropout, seed: seed++, name: 'dropout_features' }));
  if (hidden > 0) {
    net.add(tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed++) }), ...reg, name: 'hidden' }));
    if (dropout > 0) net.add(tf.layers.dropout({ rate: dropout, seed: seed++, name: 'dropout_hidden' }));
  }
  net.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed++) }), ...reg, name: 'p_photo' }));
  return net;
}
