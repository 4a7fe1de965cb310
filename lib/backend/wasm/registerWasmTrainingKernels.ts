/**
 * Registers, for the `wasm` backend, the kernels that training needs and tfjs-backend-wasm 4.22
 * lacks or runs slowly. Each kernel lives in its own file in this folder.
 *
 * | kernel | how it is computed | needed by |
 * |---|---|---|
 * | `Conv2DBackpropFilter` | one XNNPACK `Conv2D` of the transposed input with the transposed output gradient as filter, dilated by the forward stride | every conv layer's weight gradient: CNN classifier, MobileNetV2 pointwise convs, U-Net, PatchGAN |
 * | `Conv2DBackpropInput` (replaces wasm's own, a scalar loop) | phase decomposition: s_h·s_w exact stride-1 XNNPACK `Conv2D`s, one per flipped sub-kernel W[r + s·j], interleaved by a copy loop; no wasted multiply-adds | every `conv2dTranspose` forward (U-Net decoder) and every conv layer's input gradient |
 * | `DepthwiseConv2dNativeBackpropFilter` | one XNNPACK `DepthwiseConv2dNative` of the input with the batch folded into channels and the output gradient as filter, then a sum over the batch | MobileNetV2-style depthwise separable blocks |
 * | `DepthwiseConv2dNativeBackpropInput` | phase decomposition with the phases stacked: one stride-1 XNNPACK `DepthwiseConv2dNative` with channel multiplier s_h·s_w, a transpose to interleave, a sum over a channel multiplier m > 1 | MobileNetV2-style depthwise separable blocks |
 * | `Tile` (replaces wasm's own) | block copies on the wasm heap (`copyWithin` doubling), 10×+ faster than the stock element loop | the batch-norm gradient (U-Net, PatchGAN, MobileNetV2), the GRU/LSTM layers |
 * | `Sum`, `Mean` (replace wasm's own for float32 reductions over leading axes; other cases delegated to them) | no transpose: an XNNPACK product with a row of ones when ≥ 512 rows are reduced, else one streaming pass with float64 accumulators | batch-norm gradients and moments, broadcast bias gradients (every model) |
 * | `Identity` (replaces wasm's own, a full copy) | a new reference to the input's memory, as the cpu backend and wasm's `Reshape` do | gradient tapes, `customGrad`, `clone`: many times per step in every model |
 * | `BatchMatMul`, `_FusedMatMul` (replace wasm's own when an operand is transposed; other calls delegated) | one wasm `Transpose` of the transposed operand, then the stock XNNPACK path: 10× faster than wasm's transposed scalar loop; `BatchMatMul` computes (op(B)ᵀ·op(A)ᵀ)ᵀ instead when that packs fewer elements; batched `_FusedMatMul` with a bias runs unfused (the stock one adds the bias wrongly for batch > 1) | every matMul gradient: dense layers (all classifiers), GRU/LSTM cells, attention (decoder) |
 * | `MaxPoolGrad` (replaces wasm's own) | one pass, first strict maximum per window and channel (cpu/TensorFlow tie rule), channels innermost | CNN classifier max-pooling |
 * | `Unpack` (replaces wasm's own) | block copies on the wasm heap instead of one strided `Slice` per output | GRU/LSTM and `timeDistributed` (decoders), forward and backward |
 * | `UnsortedSegmentSum` | typed-array scatter-add on the wasm heap | embedding gradients (captioner decoder); `gather` gradients in general |
 *
 * The depthwise gradients honour dilations (tfjs-core's gradient refuses dilations > 1 and the cpu
 * backprop kernels ignore them; the tests check against explicitly zero-inserted filters). The regular
 * `Conv2DBackprop*` kernels have no dilation attribute in tfjs-core 4.22.
 *
 * Already provided by tfjs-backend-wasm 4.22 and used as they are: `AvgPoolGrad`,
 * `ResizeBilinearGrad`, `ResizeNearestNeighborGrad`, `FusedBatchNorm`, `LeakyRelu`, `Relu6`, `Step`,
 * `EluGrad`, `GatherV2` and the element-wise ops that the other gradients are built from.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwiseConv2dNativeBackpropInput';
import { batchMatMulConfig, fusedMatMulConfig } from './batchMatMul';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './maxPoolGrad';
import { stockKernels } from './stockKernels';
import { unpackConfig } from './unpack';
import { meanConfig, sumConfig } from './sumOverLeadingAxes';
import { tileConfig } from './tile';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum';

/** Training kernels provided by tounum-lab for the wasm backend. */
export const TRAINING_KERNELS: KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  tileConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  maxPoolGradConfig,
  unpackConfig,
  sumConfig,
  meanConfig,
  unsortedSegmentSumConfig,
  identityConfig,
];

/** Kernels that tfjs-backend-wasm does provide but that ours replace because theirs is slow. */
export const REPLACED_WASM_KERNELS: readonly string[] = ['Conv2DBackpropInput', 'Tile', 'BatchMatMul', '_FusedMatMul', 'MaxPoolGrad', 'Unpack', 'Sum', 'Mean', 'Identity'];

/** The stock wasm kernels we unregistered: replacements delegate to them, {@link unregisterWasmTrainingKernels} restores them. */
const replaced = stockKernels;

/**
 * Registers {@link TRAINING_KERNELS} for wasm. Idempotent: a kernel already registered (by a previous
 * call, or by someone else for a kernel we do not replace) is left alone; a stock kernel listed in
 * {@link REPLACED_WASM_KERNELS} is unregistered first and remembered.
 *
 * @returns the names of the kernels that are registered for wasm after the call.
 */
export function registerWasmTrainingKernels(): string[] {
  const names: string[] = [];
  for (const config of TRAINING_KERNELS) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing?.kernelFunc === config.kernelFunc) {
      names.push(config.kernelName);
      continue;
    }
    if (existing !== undefined) {
      if (!REPLACED_WASM_KERNELS.includes(config.kernelName)) {
        names.push(config.kernelName);
        continue;
      }
      replaced.set(config.kernelName, existing);
      unregisterKernel(config.kernelName, 'wasm');
      // Replacements delegate to the stock kernel, whose setup (binding its wasm function) must still
      // run when the wasm backend initialises after this call.
      const { setupFunc, disposeFunc } = existing;
      registerKernel({ ...config, ...(setupFunc ? { setupFunc } : {}), ...(disposeFunc ? { disposeFunc } : {}) });
    } else {
      registerKernel(config);
    }
    names.push(config.kernelName);
  }
  return names;
}

/**
 * Undoes {@link registerWasmTrainingKernels}: unregisters our kernels and re-registers the stock wasm
 * kernels they replaced. For benchmarks and tests that compare against tfjs-backend-wasm as shipped.
 *
 * @param names - only these kernels (e.g. `REPLACED_WASM_KERNELS`, to measure the stock ones while
 *   keeping the kernels wasm lacks). @default all of {@link TRAINING_KERNELS}
 * @returns the names of the kernels unregistered.
 */
export function unregisterWasmTrainingKernels(names: readonly string[] = TRAINING_KERNELS.map((k) => k.kernelName)): string[] {
  const removed: string[] = [];
  for (const config of TRAINING_KERNELS) {
    if (!names.includes(config.kernelName)) continue;
    if (getKernel(config.kernelName, 'wasm')?.kernelFunc !== config.kernelFunc) continue;
    unregisterKernel(config.kernelName, 'wasm');
    removed.push(config.kernelName);
    const original = replaced.get(config.kernelName);
    if (original !== undefined) {
      registerKernel(original);
      replaced.delete(config.kernelName);
    }
  }
  return removed;
}
