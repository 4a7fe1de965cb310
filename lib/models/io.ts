import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * A tfjs IO handler that reads a TF.js layers model (`model.json` + weight shards) from a folder
 * with `fs`. `@tensorflow/tfjs` in Node has no `file://` handler without tfjs-node, so tounum-lab
 * uses this instead (same file format as `tfjs.converters.save_keras_model` / `model.save('file://…')`).
 * @param modelJsonPath - path of `model.json`; the shards named in its `weightsManifest` are read
 *   from the same folder, concatenated in manifest order.
 * @throws TypeError when the path is not a string; Error naming the file when it is missing or not valid JSON.
 */
export function fileSystemLoader(modelJsonPath: string): tf.io.IOHandler {
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new TypeError(`fileSystemLoader: modelJsonPath must be a non-empty string, got ${String(modelJsonPath)}`);
  }
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await fs.promises.readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new Error(`cannot load model ${modelJsonPath}: ${(e as Error).message}`, { cause: e });
      }
      const dir = path.dirname(modelJsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(await fs.promises.readFile(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? null,
        weightSpecs: specs,
        weightData,
        ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

/**
 * A tfjs IO handler that writes `model.json` and one `weights.bin` into `dir` (created if needed),
 * readable back with {@link fileSystemLoader} or by tfjs `loadLayersModel` over HTTP.
 * Files are written to a temporary name then renamed, so an interrupted save never leaves a
 * half-written model (what resumable checkpoints rely on).
 * @param dir - destination folder.
 */
export function fileSystemSaver(dir: string): tf.io.IOHandler {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`fileSystemSaver: dir must be a non-empty string, got ${String(dir)}`);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await fs.promises.mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.concatenateArrayBuffers(
        Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
      );
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      await writeAtomic(path.join(dir, 'weights.bin'), Buffer.from(weightData));
      await writeAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}

/**
 * Loads a TF.js layers model from a folder (or a `model.json` path) on disk.
 * @param location - folder holding `model.json`, or the `model.json` path itself.
 */
export async function loadLayersModelFromDisk(location: string): Promise<tf.LayersModel> {
  if (typeof location !== 'string' || location === '') throw new TypeError(`loadLayersModelFromDisk: location must be a non-empty path, got ${String(location)}`);
  const file = location.endsWith('.json') ? location : path.join(location, 'model.json');
  return tf.loadLayersModel(fileSystemLoader(file));
}

/**
 * Saves a layers model into `dir` as `model.json` + `weights.bin` (see {@link fileSystemSaver}).
 * @returns the save result (byte counts).
 */
export async function saveLayersModelToDisk(net: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  return net.save(fileSystemSaver(dir));
}

/** Saves a model and its JSON card into `dir` (`model.json`, `weights.bin`, `card.json`). */
export async function saveModelWithCard(net: tf.LayersModel, dir: string, card: object): Promise<void> {
  await saveLayersModelToDisk(net, dir);
  await fs.promises.writeFile(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
}

/**
 * Reads the `card.json` of a model folder.
 * @param fn - the calling function's name, for the error message.
 * @throws Error naming the card file when it is missing or not valid JSON.
 */
export async function readModelCard<T>(dir: string, fn: string): Promise<T> {
  const cardPath = path.join(dir, 'card.json');
  try {
    return JSON.parse(await fs.promises.readFile(cardPath, 'utf8')) as T;
  } catch (e) {
    throw new Error(`${fn}: cannot read the model card ${cardPath}: ${(e as Error).message}`, { cause: e });
  }
}
