import * as tf from '@tensorflow/tfjs';

/** The smallest positive normal float32 (C's `FLT_MIN`, 2⁻¹²⁶): anything smaller in magnitude is subnormal. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Sets to exactly 0 every float32 weight of `net` whose magnitude is subnormal (0 < |w| < 2⁻¹²⁶).
 *
 * Why: x86 CPUs take a slow microcode path for subnormal operands unless flush-to-zero is set, and
 * WebAssembly cannot set it. Adam with an L2 penalty drives unused weights (the kernels of dead
 * filters, whose only gradient is 2λw) geometrically towards 0: once |2λw| ≪ ε the update is
 * ≈ lr·2λw/ε, so each step multiplies w by 1 − 2λ·lr/ε (0.6 at lr 2e-4, λ = 1e-4, ε = 1e-7). Low-rate
 * fine-tuning stages thus fill a network with subnormals: half of the 257 k weights of the 96-px
 * scratch CNN of notebook 02 during its third stage. On the wasm backend that made its epochs 3.4×
 * slower (490 s vs 145 s with this flush) and inference 6× slower (`npm run bench:denormals`).
 * Values below 2⁻¹²⁶ change no float32 sum of normal terms, so flushing them is numerically
 * invisible (the test scores of that CNN did not change by a single bit). Batch-norm statistics are
 * flushed too. Cost on wasm: four element-wise passes, 5.6 ms for those 257 k weights (0.3 % of a
 * training step), 19 ms for a 1 M-weight U-Net.
 * @param net - its weights are updated in place.
 */
export function flushDenormalWeights(net: tf.LayersModel): void {
  tf.tidy(() => {
    for (const w of net.weights) {
      if (w.dtype !== 'float32') continue;
      const v = w.read();
      w.write(tf.where(tf.less(tf.abs(v), FLOAT32_MIN_NORMAL), tf.zerosLike(v), v));
    }
  });
}
