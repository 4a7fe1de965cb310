import * as tf from '@tensorflow/tfjs';
import { resolveDataset, type ResolveDatasetOptions } from '../../datasets/resolveDataset';
import { loadLayersModelFromDisk } from '../io';

/** Registry id of the frozen encoder. */
export const MOBILENET_ENCODER_ID = 'mobilenetv2-035-224';

/** The frozen MobileNetV2 encoder. */
export interface MobileNetEncoder {
  /** `[n, 224, 224, 3]` in [-1, 1] → `[n, 1280]` (Conv_1 + ReLU6 + global average pooling). */
  net: tf.LayersModel;
  /** Input side in pixels (224). */
  inputSize: number;
  /** Feature size (1280). */
  featureDim: number;
  /** Folder the weights were read from. */
  dir: string;
  /** Frees every weight. */
  dispose(): void;
}

/**
 * Loads the ImageNet-pretrained MobileNetV2 (α = 0.35, 224×224; Sandler et al. 2018) from the data
 * registry (`mobilenetv2-035-224`: local copy, mirror or download) and returns its feature extractor
 * `layers[0]`, frozen (`trainable = false`). The 2-class head of the Teachable Machine export is dropped.
 * Inputs must be scaled to [-1, 1] (`x / 127.5 − 1` on 8-bit values), as Keras `mobilenet_v2.preprocess_input`.
 */
export async function loadMobileNetEncoder(options: Pick<ResolveDatasetOptions, 'mirror' | 'projectRoot' | 'download'> = {}): Promise<MobileNetEncoder> {
  const ds = await resolveDataset(MOBILENET_ENCODER_ID, options);
  const full = await loadLayersModelFromDisk(ds.dir);
  const net = full.layers[0] as tf.LayersModel;
  const shape = net.outputs[0]?.shape ?? [];
  if (!(net instanceof tf.LayersModel) || shape[1] !== 1280) {
    full.dispose();
    throw new Error(`loadMobileNetEncoder: ${ds.dir}/model.json does not hold a MobileNetV2 encoder with 1280-d output as layers[0] (output shape ${JSON.stringify(shape)})`);
  }
  net.trainable = false;
  return { net, inputSize: 224, featureDim: 1280, dir: ds.dir, dispose: () => full.dispose() };
}
