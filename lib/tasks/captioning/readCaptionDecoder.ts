import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CaptionDecoder, captionDecoderShapes, type CaptionDecoderConfig } from '../../networks/CaptionDecoder';
import { readTensors } from '../../models/readTensors';

/**
 * Reads the decoder of a captioner folder (or checkpoint) written by `saveCaptioner`.
 * @param dir - folder with `decoder.json` and `weights.json`/`.bin`.
 * @param weightsBase - base name of the weights. @default 'weights'
 * @throws Error naming the folder when a file is missing or a weight has the wrong shape.
 */
export async function readCaptionDecoder(dir: string, weightsBase = 'weights'): Promise<CaptionDecoder> {
  let config: CaptionDecoderConfig;
  try {
    const spec = JSON.parse(await fs.promises.readFile(path.join(dir, 'decoder.json'), 'utf8')) as { format: string; config: CaptionDecoderConfig };
    if (spec.format !== 'tounum-caption-decoder') throw new Error('not a tounum caption decoder');
    config = spec.config;
  } catch (e) {
    throw new Error(`readCaptionDecoder: cannot read ${path.join(dir, 'decoder.json')}: ${(e as Error).message}`, { cause: e });
  }
  const tensors = await readTensors(path.join(dir, weightsBase));
  const weights = new Map<string, tf.Variable>();
  try {
    for (const [name, shape] of captionDecoderShapes(config)) {
      const t = tensors.get(name);
      if (t === undefined || t.shape.join() !== shape.join()) throw new Error(`readCaptionDecoder: ${dir}: weight ${name} is ${t === undefined ? 'missing' : `[${t.shape.join(', ')}]`}, expected [${shape.join(', ')}]`);
      weights.set(name, tf.variable(t, true));
    }
  } catch (e) {
    weights.forEach((v) => v.dispose());
    throw e;
  } finally {
    tensors.forEach((t) => t.dispose());
  }
  return new CaptionDecoder(config, weights);
}
