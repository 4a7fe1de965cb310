/**
 * `Conv2DBackpropInput` for the wasm backend, replacing tfjs-backend-wasm 4.22's own kernel (a scalar
 * loop that took 286 ms of a 438 ms U-Net training step). It runs in every `conv2dTranspose` forward
 * pass and in every convolution's input gradient.
 *
 * Phase decomposition: with forward stride s, input pixel i only receives the filter taps
 * k ≡ (i + pad) (mod s). So dx splits into s_h·s_w interleaved phase images, each a stride-1 XNNPACK
 * convolution of dy with that phase's flipped sub-kernel W_r[j] = W[r + s·j] (channels transposed),
 * padded so that it yields exactly the rows/columns of its phase. Only useful multiply-adds are done
 * (zero insertion does s² times more; one convolution with the phases stacked as output channels
 * computes up to (1 + 1/oh)² more and was slower on deep, small layers). A copy loop interleaves the
 * phases. See Dumoulin & Visin 2016, "A guide to convolution arithmetic for deep learning", §4, and
 * Shi et al. 2016, "Is the deconvolution layer the same as a convolutional layer?".
 */
import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type Conv2DBackpropInputInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, runWasm, slice, transpose } from './wasmOps';

/** Rows of one phase along one axis: which q are needed and how to pad the stride-1 convolution. */
interface PhaseAxis {
  /** Taps of the phase sub-kernel (0: this phase receives nothing). */
  taps: number;
  /** First phase index q needed, and how many. */
  qFirst: number;
  count: number;
  padBefore: number;
  padAfter: number;
  /** Rows of the convolution's output to skip before the needed ones. */
  skip: number;
}

function phaseAxis(size: number, pad: number, k: number, s: number, r: number, outSize: number): PhaseAxis {
  const taps = r < k ? Math.ceil((k - r) / s) : 0;
  // Input index i = q·s + r − pad must lie in [0, size).
  const qFirst = Math.ceil((pad - r) / s);
  const qLast = Math.floor((size - 1 + pad - r) / s);
  const count = Math.max(0, qLast - qFirst + 1);
  // Output row u of the stride-1 correlation with the flipped taps is phase row q = u + taps − 1 − padBefore.
  const padBefore = Math.max(0, taps - 1 - qFirst);
  const skip = qFirst - (taps - 1 - padBefore);
  const padAfter = Math.max(0, skip + count - (outSize + padBefore - taps + 1));
  return { taps, qFirst, count, padBefore, padAfter, skip };
}

/** Flipped, channel-transposed sub-kernel of phase (rh, rw): [th, tw, cOut, cIn] from `swappedInfo` [kh, kw, cOut, cIn]. */
function subKernel(backend: BackendWasm, swappedInfo: TensorInfo, sh: number, sw: number, rh: number, rw: number, th: number, tw: number): TensorInfo {
  const [, kw, co, ci] = swappedInfo.shape as [number, number, number, number];
  const ab = co * ci;
  const out = backend.makeOutput([th, tw, co, ci], 'float32');
  // Views are taken after the allocation: growing the wasm memory detaches earlier ones.
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const swapped = backend.typedArrayFromHeap(swappedInfo) as Float32Array;
  for (let j = 0; j < th; j++) {
    for (let i = 0; i < tw; i++) {
      const from = ((rh + sh * (th - 1 - j)) * kw + (rw + sw * (tw - 1 - i))) * ab;
      dst.set(swapped.subarray(from, from + ab), (j * tw + i) * ab);
    }
  }
  return out;
}

export function conv2DBackpropInput(args: { inputs: Conv2DBackpropInputInputs; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`wasm Conv2DBackpropInput supports dataFormat 'NHWC' only; got '${dataFormat}'`);
  }
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, [kh, kw, ci, co], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [n, h, w] = inputShape;
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const sh = info.strideHeight;
  const sw = info.strideWidth;

  const swappedInfo = transpose(backend, filter, [0, 1, 3, 2]); // [kh, kw, co, ci]
  const phases: { y: TensorInfo; ah: PhaseAxis; aw: PhaseAxis; rh: number; rw: number }[] = [];
  for (let rh = 0; rh < sh; rh++) {
    const ah = phaseAxis(h, info.padInfo.top, kh, sh, rh, oh);
    if (ah.taps === 0 || ah.count === 0) continue;
    for (let rw = 0; rw < sw; rw++) {
      const aw = phaseAxis(w, info.padInfo.left, kw, sw, rw, ow);
      if (aw.taps === 0 || aw.count === 0) continue;
      const sub = subKernel(backend, swappedInfo, sh, sw, rh, rw, ah.taps, aw.taps);
      const full = runWasm(backend, 'Conv2D', { x: dy, filter: sub }, {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [[0, 0], [ah.padBefore, ah.padAfter], [aw.padBefore, aw.padAfter], [0, 0]],
        dataFormat: 'NHWC',
      });
      release(backend, sub);
      const y = slice(backend, full, [0, ah.skip, aw.skip, 0], [n, ah.count, aw.count, ci]);
      release(backend, full);
      phases.push({ y, ah, aw, rh, rw });
    }
  }
  release(backend, swappedInfo);

  const only = phases[0];
  if (sh === 1 && sw === 1 && only !== undefined) return only.y;

  // Interleave (views taken after the last allocation, see subKernel): phase (rh, rw) row i, column j is dx[q·s + r − pad] with q = qFirst + i.
  const dx = backend.makeOutput([n, h, w, ci], 'float32');
  const dst = backend.typedArrayFromHeap(dx) as Float32Array;
  if (phases.length < sh * sw) dst.fill(0);
  for (const { y, ah, aw, rh, rw } of phases) {
    const src = backend.typedArrayFromHeap(y) as Float32Array;
    const row0 = ah.qFirst * sh + rh - info.padInfo.top;
    const col0 = aw.qFirst * sw + rw - info.padInfo.left;
    let from = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < ah.count; i++) {
        let to = ((b * h + row0 + i * sh) * w + col0) * ci;
        const step = sw * ci;
        for (let j = 0; j < aw.count; j++, to += step) {
          for (let c = 0; c < ci; c++) dst[to + c] = src[from++] as number;
        }
      }
    }
    release(backend, y);
  }
  return dx;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
