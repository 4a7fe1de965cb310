/**
 * The input gradient of a depthwise convolution (or, with `depthwise: false`, of a regular one)
 * computed as one stride-1 XNNPACK convolution, by phase decomposition with the phases stacked.
 * `DepthwiseConv2dNativeBackpropInput` uses it; `Conv2DBackpropInput` runs one exact convolution per
 * phase instead (see conv2DBackpropInput.ts), which measured faster on the U-Net's deep layers, where
 * the stacked form computes up to (1 + 1/oh)² too many rows. The regular form stays as the
 * reference that benchmarks compare against.
 *
 * With forward stride s, output pixel t = ih + pad of the full transposed convolution only receives
 * the filter taps k ≡ t (mod s). Splitting the filter (zero-padded to a multiple of s taps) into its
 * s_h·s_w phases W_r[j] = W[r + s·j], flipping them and stacking them along the output channels gives
 * one stride-1 convolution of dy producing all phases at once, which a depth-to-space interleaves:
 * exactly the useful multiply-adds, unlike zero insertion (s² times more) or tfjs-backend-wasm's own
 * `Conv2DBackpropInput` (a scalar loop). See Dumoulin & Visin 2016, "A guide to convolution
 * arithmetic for deep learning", §4 (transposed convolution as a direct convolution), and Shi et al.
 * 2016, "Is the deconvolution layer the same as a convolutional layer?" (sub-pixel convolution).
 *
 * Forward dilation d with stride 1 is handled by dilating the stride-1 convolution; with both s > 1
 * and d > 1 (reachable only by calling the kernel directly, tfjs-core's gradients refuse it) the
 * filter is dilated by zero insertion first.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, reshape, runWasm, slice, transpose } from './wasmOps';

export interface PhaseGeometry {
  /** Shape of the forward input whose gradient is computed, [n, h, w, c]. */
  inputShape: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  /** Forward padding before the first row / column. */
  padTop: number;
  padLeft: number;
  /** `true`: depthwise filter [kh, kw, c, m]; `false`: regular filter [kh, kw, cIn, cOut]. */
  depthwise: boolean;
}

/**
 * Phase filters of `filter` [kh, kw, a, b] for strides (sh, sw), its taps spread by zero insertion
 * factors (zh, zw): [jh, jw, b, sh·sw·a] with
 * out[j', i', β, (rh·sw + rw)·a + α] = f[rh + sh·(jh−1−j'), rw + sw·(jw−1−i'), α, β], where f is the
 * zero-inserted filter and 0 past its end. The (α, β) swap is one wasm 4-D `Transpose`; the tap
 * flip and phase split then move whole a-vectors. (The all-kernel route, 6-D `Reverse` + `Transpose`,
 * was 20–50× slower than this.)
 */
function phaseFilters(backend: BackendWasm, filter: TensorInfo, sh: number, sw: number, zh: number, zw: number): TensorInfo {
  const [kh, kw, a, b] = filter.shape as [number, number, number, number];
  const khe = (kh - 1) * zh + 1;
  const kwe = (kw - 1) * zw + 1;
  const jh = Math.ceil(khe / sh);
  const jw = Math.ceil(kwe / sw);
  const phases = sh * sw;
  const swapped = transpose(backend, filter, [0, 1, 3, 2]); // [kh, kw, b, a]
  const out = backend.makeOutput([jh, jw, b, phases * a], 'float32');
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  dst.fill(0);
  const src = backend.typedArrayFromHeap(swapped) as Float32Array;
  for (let jo = 0; jo < jh; jo++) {
    for (let io = 0; io < jw; io++) {
      for (let rh = 0; rh < sh; rh++) {
        const th = rh + sh * (jh - 1 - jo);
        if (th >= khe || th % zh !== 0) continue;
        for (let rw = 0; rw < sw; rw++) {
          const tw = rw + sw * (jw - 1 - io);
          if (tw >= kwe || tw % zw !== 0) continue;
          const srcTap = ((th / zh) * kw + tw / zw) * b * a;
          const dstTap = (jo * jw + io) * b * phases * a + (rh * sw + rw) * a;
          for (let beta = 0; beta < b; beta++) {
            const from = srcTap + beta * a;
            dst.set(src.subarray(from, from + a), dstTap + beta * phases * a);
          }
        }
      }
    }
  }
  release(backend, swapped);
  return out;
}

/** dx for dy [n, oh, ow, cOut] and the forward filter; see the module comment. */
export function backpropInputByPhases(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, g: PhaseGeometry): TensorInfo {
  const [n, h, w, c] = g.inputShape;
  const [, oh, ow, dyChannels] = dy.shape as [number, number, number, number];
  const [sh, sw] = g.strides;
  let [dh, dw] = g.dilations;
  // With s > 1 and d > 1 the filter is dilated by zero insertion; with s = 1 the stride-1 convolution dilates.
  const zh = sh > 1 ? dh : 1;
  const zw = sw > 1 ? dw : 1;
  if (sh > 1) dh = 1;
  if (sw > 1) dw = 1;
  const [fh, fw] = filter.shape as [number, number];
  const f = g.depthwise ? reshape(backend, filter, [fh, fw, 1, dyChannels]) : filter;
  const phases = phaseFilters(backend, f, sh, sw, zh, zw); // [jh, jw, dyChannels, sh·sw·a]
  if (f !== filter) release(backend, f);
  const kh = (fh - 1) * zh + 1;
  const kw = (fw - 1) * zw + 1;

  // Taps of each stride-1 phase convolution and their extent.
  const jh = Math.ceil(kh / sh);
  const jw = Math.ceil(kw / sw);
  const eh = (jh - 1) * dh + 1;
  const ew = (jw - 1) * dw + 1;
  // Phase rows q cover full-output rows t = q·s + r; dx row i is t = i + padTop.
  const range = (size: number, pad: number, s: number, e: number, o: number) => {
    const q0 = Math.floor(pad / s);
    const q1 = Math.ceil((size + pad) / s) - 1;
    const before = Math.max(0, e - 1 - q0);
    const qStart = e - 1 - before;
    const after = Math.max(0, q1 - qStart + 1 - (o + before - e + 1));
    return { before, after, rows: o + before + after - e + 1, offset: pad - qStart * s };
  };
  const rh = range(h, g.padTop, sh, eh, oh);
  const rw = range(w, g.padLeft, sw, ew, ow);
  const attrs = { strides: [1, 1], dilations: [dh, dw], pad: [[0, 0], [rh.before, rh.after], [rw.before, rw.after], [0, 0]], dataFormat: 'NHWC' };
  const y = g.depthwise
    ? runWasm(backend, 'DepthwiseConv2dNative', { x: dy, filter: phases }, attrs) // [n, rows, cols, c·m·sh·sw]
    : runWasm(backend, 'Conv2D', { x: dy, filter: phases }, attrs); // [n, rows, cols, sh·sw·c]
  release(backend, phases);

  let interleaved: TensorInfo;
  if (sh === 1 && sw === 1 && !g.depthwise) {
    interleaved = y;
  } else {
    let grouped: TensorInfo; // [n·rows, cols, sh, sw·c]
    if (g.depthwise && sh * sw === 1 && dyChannels === c) {
      grouped = y;
    } else if (g.depthwise) {
      const m = dyChannels / c;
      const r = reshape(backend, y, [n * rh.rows, rw.rows, c, m, sh, sw]);
      release(backend, y);
      let summed = r;
      if (m > 1) {
        summed = runWasm(backend, 'Sum', { x: r }, { axis: [3], keepDims: false });
        release(backend, r);
      }
      const s5 = reshape(backend, summed, [n * rh.rows, rw.rows, c, sh, sw]);
      release(backend, summed);
      grouped = transpose(backend, s5, [0, 1, 3, 4, 2]);
      release(backend, s5);
    } else {
      grouped = y;
    }
    if (sh === 1 && sw === 1) {
      interleaved = grouped;
    } else {
      const g4 = reshape(backend, grouped, [n * rh.rows, rw.rows, sh, sw * c]);
      release(backend, grouped);
      const t = transpose(backend, g4, [0, 2, 1, 3]);
      release(backend, g4);
      interleaved = t;
    }
  }
  const full = reshape(backend, interleaved, [n, rh.rows * sh, rw.rows * sw, c]);
  release(backend, interleaved);
  const dx = slice(backend, full, [0, rh.offset, rw.offset, 0], [n, h, w, c]);
  release(backend, full);
  return dx;
}
