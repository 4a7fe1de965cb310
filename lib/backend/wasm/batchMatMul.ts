/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend, replacing tfjs-backend-wasm 4.22's own when
 * an operand is transposed. Their transposed path is a scalar loop: 1.1–1.3 GFLOP/s against 14–15
 * for the XNNPACK path without transposes (1280×256 by 256×5000 here). Every matMul gradient
 * (dA = dC·Bᵀ, dB = Aᵀ·dC) is transposed, so dense layers and recurrent cells trained 10× slower
 * than they ran. Here the transposed operand is materialised with one wasm `Transpose` (2–6 ms at
 * that size) and the stock kernel runs untransposed; untransposed calls go to it unchanged.
 *
 * XNNPACK packs the right-hand operand anew on every call. So `BatchMatMul` also chooses between
 * C = op(A)·op(B) and C = (op(B)ᵀ·op(A)ᵀ)ᵀ, whichever packs and copies fewer elements: for a dense
 * layer's input gradient dy·Wᵀ with a 256×5000 W and 64 rows, (W·dyᵀ)ᵀ is 2× faster.
 *
 * The stock `_FusedMatMul` adds the bias wrongly when the batch is > 1 (tfjs-backend-wasm 4.22 bug:
 * off by up to 0.8 on a [3,7,5]·[3,5,9] product); such calls run unfused here (product, `Add`, activation kernel).
 */
import { BatchMatMul, _FusedMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runStock } from './stockKernels';
import { release, runWasm, transpose } from './wasmOps';

/** Swaps the last two axes. */
function transposeInner(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, x, perm);
}

const size = (t: TensorInfo) => t.shape.reduce((x, y) => x * y, 1);

function untransposed(name: string, args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: BatchMatMulAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  if (name === BatchMatMul && a.dtype === 'float32' && b.dtype === 'float32' && (attrs.transposeA || attrs.transposeB)) {
    // Elements packed or copied: direct = pack op(B) + transposes; swapped = pack op(A)ᵀ + transposes + Cᵀ.
    const m = attrs.transposeA ? (a.shape[a.shape.length - 1] as number) : (a.shape[a.shape.length - 2] as number);
    const n = attrs.transposeB ? (b.shape[b.shape.length - 2] as number) : (b.shape[b.shape.length - 1] as number);
    const batch = Math.max(size(a) / (a.shape[a.shape.length - 1] as number) / (a.shape[a.shape.length - 2] as number), size(b) / (b.shape[b.shape.length - 1] as number) / (b.shape[b.shape.length - 2] as number));
    const direct = size(b) + (attrs.transposeA ? size(a) : 0) + (attrs.transposeB ? size(b) : 0);
    const swapped = size(a) + (attrs.transposeA ? 0 : size(a)) + (attrs.transposeB ? 0 : size(b)) + batch * m * n;
    if (swapped < direct) {
      const left = attrs.transposeB ? null : transposeInner(backend, b); // op(B)ᵀ
      const right = attrs.transposeA ? null : transposeInner(backend, a); // op(A)ᵀ
      const ct = runStock(name, { inputs: { a: left ?? b, b: right ?? a }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as NamedAttrMap });
      release(backend, left, right);
      const c = transposeInner(backend, ct);
      release(backend, ct);
      return c;
    }
  }
  const aT = attrs.transposeA && a.dtype === 'float32' ? transposeInner(backend, a) : null;
  const bT = attrs.transposeB && b.dtype === 'float32' ? transposeInner(backend, b) : null;
  const out = runStock(name, {
    inputs: { ...inputs, a: aT ?? a, b: bT ?? b },
    backend,
    attrs: { ...attrs, transposeA: aT ? false : attrs.transposeA, transposeB: bT ? false : attrs.transposeB } as unknown as NamedAttrMap,
  });
  release(backend, aT, bT);
  return out;
}

/** The activation kernels `_FusedMatMul` may fuse, as separate wasm kernels. */
function activate(backend: BackendWasm, x: TensorInfo, attrs: NamedAttrMap, prelu: TensorInfo | undefined): TensorInfo {
  switch (attrs['activation']) {
    case undefined:
    case null:
    case 'linear':
      return x;
    case 'relu':
      return runWasm(backend, 'Relu', { x });
    case 'relu6':
      return runWasm(backend, 'Relu6', { x });
    case 'elu':
      return runWasm(backend, 'Elu', { x });
    case 'sigmoid':
      return runWasm(backend, 'Sigmoid', { x });
    case 'leakyrelu':
      return runWasm(backend, 'LeakyRelu', { x }, { alpha: attrs['leakyreluAlpha'] ?? 0.2 });
    case 'prelu':
      return runWasm(backend, 'Prelu', { x, alpha: prelu as TensorInfo });
    default:
      throw new Error(`wasm _FusedMatMul: unknown activation ${String(attrs['activation'])}`);
  }
}

function fusedMatMul(args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: BatchMatMulAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const batch = Math.max(a.shape.length > 2 ? (a.shape[0] as number) : 1, b.shape.length > 2 ? (b.shape[0] as number) : 1);
  if (batch === 1 || inputs.bias === undefined) return untransposed(_FusedMatMul, args);
  const product = untransposed(BatchMatMul, { inputs: { a, b }, backend, attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB } });
  const biased = runWasm(backend, 'Add', { a: product, b: inputs.bias });
  release(backend, product);
  const out = activate(backend, biased, attrs as unknown as NamedAttrMap, inputs.preluActivationWeights);
  if (out !== biased) release(backend, biased);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: ((args: { inputs: NamedTensorInfoMap; backend: BackendWasm; attrs: BatchMatMulAttrs }) => untransposed(BatchMatMul, args)) as unknown as KernelFunc,
};

export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as KernelFunc,
};
