import * as tf from '@tensorflow/tfjs';

/**
 * Mean softmax cross-entropy of integer targets, from logits, over the rows whose mask is 1:
 * `Σ_i m_i (logsumexp(z_i) − z_{i,y_i}) / Σ_i m_i`.
 *
 * The gradient is written out (`∂/∂z_i = m_i (softmax(z_i) − onehot(y_i)) / Σ m`, with a custom
 * gradient) rather than left to autodiff of `logSumExp`, whose `max` gradient alone costs an
 * `Equal` over the whole `[rows, vocabulary]` block — on the wasm backend about an eighth of a
 * captioning step. Computing from logits also avoids clipping probabilities (as
 * `tf.losses.softmaxCrossEntropy`, PyTorch's `cross_entropy` do).
 * @param logits - `[N, C]` float32 scores.
 * @param targets - `[N]` int32 class ids in [0, C).
 * @param mask - `[N]` float32 weights (1 = counted, 0 = padding); `undefined` counts every row.
 * @returns a scalar.
 */
export function maskedSoftmaxCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, mask?: tf.Tensor1D): tf.Scalar {
  if (logits.rank !== 2) throw new RangeError(`maskedSoftmaxCrossEntropy: logits must be [N, C], got rank ${logits.rank}`);
  const [n, c] = logits.shape;
  if (targets.rank !== 1 || targets.shape[0] !== n || targets.dtype !== 'int32') throw new RangeError(`maskedSoftmaxCrossEntropy: targets must be int32 [${n}], got ${targets.dtype} [${targets.shape.join(', ')}]`);
  if (mask !== undefined && (mask.rank !== 1 || mask.shape[0] !== n)) throw new RangeError(`maskedSoftmaxCrossEntropy: mask must be [${n}], got [${mask.shape.join(', ')}]`);
  const m = mask === undefined ? tf.ones([n]) : tf.cast(mask, 'float32');
  const f = tf.customGrad(((z: tf.Tensor, mm: tf.Tensor, save: tf.GradSaveFunc) => {
    const weights = tf.div(mm, tf.maximum(tf.sum(mm), 1));
    const logp = tf.logSoftmax(z as tf.Tensor2D);
    const onehot = tf.oneHot(targets, c);
    const value = tf.neg(tf.sum(tf.mul(tf.sum(tf.mul(logp, onehot), 1), weights)));
    save([logp, onehot, weights]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [lp, oh, w] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        return [tf.mul(tf.mul(tf.sub(tf.exp(lp), oh), w.reshape([n, 1])), dy), tf.zeros([n])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const out = f(logits, m) as tf.Scalar;
  m.dispose();
  return out;
}
