import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../random';

/** Upscaling factors the super-resolution networks support. */
export const SR_SCALES = [2, 3, 4] as const;
export type SrScale = (typeof SR_SCALES)[number];

/** Options of {@link buildSrNetwork}. */
export interface SrNetworkOptions {
  /** Channels of the first (feature-extraction) 5×5 layer. @default 64 */
  features?: number;
  /** Channels of the 3×3 mapping layers. @default 32 */
  mapping?: number;
  /** Number of 3×3 mapping layers (each mapping → mapping, ReLU). @default 3 */
  mappingLayers?: number;
  /** Seed of the weight initialisers. @default 0 */
  seed?: number;
}

/** Checks a scale factor. @throws RangeError naming `name` */
export function assertSrScale(scale: unknown, name: string): asserts scale is SrScale {
  if (!(SR_SCALES as readonly unknown[]).includes(scale)) {
    throw new RangeError(`${name} must be one of ${SR_SCALES.join(', ')}, got ${String(scale)}`);
  }
}

/**
 * A compact super-resolution network on the luma channel, in the ESPCN family
 * (Shi et al. 2016, "Real-time single image and video super-resolution using an efficient sub-pixel
 * convolutional neural network"), with the global residual learning of VDSR (Kim et al. 2016).
 *
 * Input: the low-resolution Y plane `[n, h, w, 1]` (values in [0, 1]). Output: `[n, h, w, scale²]`,
 * the high-resolution *residual* over bicubic interpolation, arranged sub-pixel-wise: `tf.depthToSpace`
 * of the output (block size `scale`) gives `[n, scale·h, scale·w, 1]`, to be added to the bicubic
 * upscale of the input (see `upscaleLuma`). Layers: 5×5 conv (features) + ReLU, `mappingLayers` ×
 * [3×3 conv (mapping) + ReLU], 3×3 conv (scale²), all "same" padded.
 *
 * Why this design: every convolution runs at the *low* resolution, so a ×2 network costs ¼ (×4: 1/16)
 * of the same layers applied after bicubic upsampling (SRCNN/VDSR style); the sub-pixel output
 * keeps the last layer learned instead of a fixed interpolation (ESPCN); and predicting the residual
 * over bicubic starts training from bicubic quality (zero-initialised last layer) and converges in far
 * fewer steps (VDSR), which matters on a CPU. The depth-to-space step is outside the model so the
 * saved file is a plain layers model: training compares the output with the space-to-depth of the
 * target residual, which is the same loss.
 *
 * With the defaults: 5·5·64 + 9·64·32 + 2·9·32·32 + 9·32·s² weights ≈ 39 k (×2) / 42 k (×4) parameters,
 * about 39 k multiply-adds per low-resolution pixel.
 * @param scale - upscaling factor (2, 3 or 4).
 * @returns an uncompiled `tf.Sequential` accepting any input size.
 * @throws RangeError for a bad scale or option.
 */
export function buildSrNetwork(scale: SrScale, options: SrNetworkOptions = {}): tf.Sequential {
  assertSrScale(scale, 'buildSrNetwork: scale');
  if (options === null || typeof options !== 'object') throw new TypeError(`buildSrNetwork: options must be an object, got ${String(options)}`);
  const { features = 64, mapping = 32, mappingLayers = 3, seed = 0 } = options;
  for (const [name, v, min] of [['features', features, 1], ['mapping', mapping, 1], ['mappingLayers', mappingLayers, 0]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 512) {
      throw new RangeError(`buildSrNetwork: options.${name} must be an integer in [${min}, 512], got ${String(v)}`);
    }
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`buildSrNetwork: options.seed must be a finite number, got ${String(seed)}`);
  let s = seed;
  // He initialisation suits ReLU layers (He et al. 2015); the output layer starts at zero so the
  // untrained network reproduces bicubic interpolation exactly.
  const he = (): ReturnType<typeof tf.initializers.heNormal> => tf.initializers.heNormal({ seed: layerSeed(s++) });
  const net = tf.sequential({ name: `sr_x${scale}` });
  net.add(tf.layers.conv2d({ inputShape: [null, null, 1], filters: features, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'feature' }));
  for (let i = 0; i < mappingLayers; i++) {
    net.add(tf.layers.conv2d({ filters: mapping, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(), name: `map${i + 1}` }));
  }
  net.add(tf.layers.conv2d({ filters: scale * scale, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros', name: 'subpixel' }));
  return net;
}
