/**
 * `DepthwiseConv2dNativeBackpropFilter` for the wasm backend (tfjs-backend-wasm 4.22 has none), as
 * one XNNPACK depthwise convolution.
 *
 * dW[kh,kw,c,q] = Σ_{n,oh,ow} x[n, oh·s + kh·d − pad, ow·s + kw·d − pad, c] · dy[n,oh,ow,c·m+q]. Folding the
 * batch into the channels, x' = x[1,h,w,n·c] convolved depthwise with the filter dy' = dy[oh,ow,n·c,m]
 * at stride d and dilation s gives [1, kh, kw, n·c·m]; summing over n leaves dW.
 */
import { backend_util, DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterAttrs, type DepthwiseConv2dNativeBackpropFilterInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { padAfterFor } from './conv2DBackpropFilter';
import { release, reshape, runWasm, slice, transpose } from './wasmOps';

export function depthwiseConv2dNativeBackpropFilter(args: {
  inputs: DepthwiseConv2dNativeBackpropFilterInputs;
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true);
  const [kh, kw, c, m] = filterShape;
  const [n, h, w] = x.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const { top, left } = info.padInfo;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const dh = info.dilationHeight;
  const dw = info.dilationWidth;

  const xT = transpose(backend, x, [1, 2, 0, 3]); // [h, w, n, c]
  const xR = reshape(backend, xT, [1, h, w, n * c]);
  release(backend, xT);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]); // [oh, ow, n, c·m]
  const dyR = reshape(backend, dyT, [oh, ow, n * c, m]);
  release(backend, dyT);
  const full = runWasm(backend, 'DepthwiseConv2dNative', { x: xR, filter: dyR }, {
    strides: [dh, dw],
    dilations: [sh, sw],
    pad: [[0, 0], [top, padAfterFor(h, top, oh, sh, kh, dh)], [left, padAfterFor(w, left, ow, sw, kw, dw)], [0, 0]],
  }); // [1, ≥kh, ≥kw, n·c·m]
  release(backend, xR, dyR);
  const cropped = slice(backend, full, [0, 0, 0, 0], [1, kh, kw, n * c * m]);
  release(backend, full);
  const perImage = reshape(backend, cropped, [kh, kw, n, c * m]);
  release(backend, cropped);
  const summed = n > 1 ? runWasm(backend, 'Sum', { x: perImage }, { axis: [2], keepDims: false }) : reshape(backend, perImage, [kh, kw, c * m]);
  release(backend, perImage);
  const out = reshape(backend, summed, [kh, kw, c, m]);
  release(backend, summed);
  return out;
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as KernelFunc,
};
