import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { resolveDataset, type ResolveDatasetOptions } from '../../datasets/resolveDataset';
import { loadLayersModelFromDisk } from '../../models/io';

/** The frozen ImageNet encoders the captioner can use, by registry id. */
export const CAPTION_ENCODERS = ['mobilenetv2-100-224', 'mobilenetv2-035-224'] as const;
/** Registry id of a caption encoder. */
export type CaptionEncoderId = (typeof CAPTION_ENCODERS)[number];

/** A frozen convolutional encoder giving a grid of region features. */
export interface CaptionEncoder {
  /** Registry id. */
  id: CaptionEncoderId;
  /** `[n, 224, 224, 3]` RGB in [-1, 1] → `[n, 7, 7, 1280]` (post-ReLU6 `Conv_1`). */
  net: tf.LayersModel;
  /** Input side in pixels (224). */
  inputSize: number;
  /** Regions of the grid (7 × 7 = 49). */
  regions: number;
  /** Channels per region (1280). */
  featureDim: number;
  /** Folder the weights were read from. */
  dir: string;
  /** Frees every weight. */
  dispose(): void;
}

/** Options of {@link loadCaptionEncoder}. */
export interface LoadCaptionEncoderOptions extends Pick<ResolveDatasetOptions, 'mirror' | 'projectRoot' | 'download'> {
  /** A folder holding the model instead of the registry's copy. @default undefined */
  dir?: string;
}

/**
 * Loads a frozen MobileNetV2 (Sandler et al. 2018) cut at its last convolution, `Conv_1`, whose 7×7
 * grid of 1280-channel vectors gives the captioner one feature per region of the image
 * (Xu et al. 2015 use VGG's conv5 grid the same way).
 * - `mobilenetv2-100-224`: α = 1.0, 70.8 % ImageNet top-1, TF-slim layer names (`Conv_1`);
 * - `mobilenetv2-035-224`: α = 0.35, the classifier's encoder (Keras names: `out_relu`).
 * @param id - registry id of the encoder.
 * @throws Error naming the folder when the model lacks the expected layer or shape.
 */
export async function loadCaptionEncoder(id: CaptionEncoderId, options: LoadCaptionEncoderOptions = {}): Promise<CaptionEncoder> {
  if (!(CAPTION_ENCODERS as readonly string[]).includes(id)) throw new RangeError(`loadCaptionEncoder: id must be one of ${CAPTION_ENCODERS.join(', ')}, got ${String(id)}`);
  const { dir: given, ...resolveOptions } = options;
  const dir = given ?? (await resolveDataset(id, resolveOptions)).dir;
  const full = await loadLayersModelFromDisk(path.resolve(dir));
  let net: tf.LayersModel;
  if (id === 'mobilenetv2-100-224') {
    net = tf.model({ inputs: full.inputs, outputs: full.getLayer('Conv_1').output as tf.SymbolicTensor });
  } else {
    const seq = full.layers[0] as tf.LayersModel;
    net = seq.layers[0] as tf.LayersModel;
  }
  const shape = net.outputs[0]?.shape ?? [];
  if (shape[1] !== 7 || shape[2] !== 7 || shape[3] !== 1280) {
    full.dispose();
    throw new Error(`loadCaptionEncoder: ${dir}/model.json does not give a 7×7×1280 grid (got ${JSON.stringify(shape)})`);
  }
  net.trainable = false;
  return {
    id,
    net,
    inputSize: 224,
    regions: 49,
    featureDim: 1280,
    dir,
    dispose: () => {
      full.dispose();
    },
  };
}
