/**
 * `DepthwiseConv2dNativeBackpropInput` for the wasm backend (tfjs-backend-wasm 4.22 has none): one
 * stride-1 XNNPACK depthwise convolution by phase decomposition (see {@link backpropInputByPhases}),
 * with channel multiplier s_h·s_w carrying the phases; a channel multiplier m > 1 is summed out.
 */
import { backend_util, DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputAttrs, type DepthwiseConv2dNativeBackpropInputInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backpropInputByPhases } from './backpropInputByPhases';

export function depthwiseConv2dNativeBackpropInput(args: {
  inputs: DepthwiseConv2dNativeBackpropInputInputs;
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, dilations ?? 1, pad, dimRoundingMode, true);
  return backpropInputByPhases(backend, dy, filter, {
    inputShape,
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    depthwise: true,
  });
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as KernelFunc,
};
