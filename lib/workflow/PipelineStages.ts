import path from 'node:path';
import type { EnhanceDecisions } from '../enhance';
import { enhanceImage } from '../enhance';
import type { Image } from '../image';
import { loadPhotoClassifier } from '../models/classifier';

/** The classify stage: P(photo) of a file, and the decision threshold it was calibrated with. */
export interface PipelineClassifier {
  /** P(photo) at or above which a scan is a photo (the model card's threshold). */
  threshold: number;
  /** P(photo) for one file. @throws for an unreadable file. */
  classifyFile(file: string): Promise<number>;
  dispose?(): void;
}

/** The enhance stage: a new image and what was measured and done (as {@link enhanceImage}). */
export type PipelineEnhancer = (image: Image) => { image: Image; decisions: EnhanceDecisions };

/** The caption stage (the shape of the captioning task's `CaptioningModel`). */
export interface PipelineCaptioner {
  caption(image: Image, options?: { beam?: number; maxLength?: number }): Promise<{ caption: string; words: string[]; logProb: number }>;
  dispose?(): void;
}

/** The three stages the pipeline runs; each can be injected (tests, other models). */
export interface PipelineStages {
  classifier: PipelineClassifier;
  enhance: PipelineEnhancer;
  /** null when captioning is skipped. */
  captioner: PipelineCaptioner | null;
  /** Releases the models this object loaded (not the injected ones). */
  dispose(): void;
}

/** Options of {@link loadPipelineStages}. */
export interface LoadPipelineStagesOptions {
  /** Use this classifier instead of loading the shipped one (models/photo-classifier). */
  classifier?: PipelineClassifier;
  /** Use this enhancer instead of {@link enhanceImage} with its defaults. */
  enhance?: PipelineEnhancer;
  /** Use this captioner instead of loading the shipped captioning model. */
  captioner?: PipelineCaptioner;
  /** Do not load a captioner (`--skip caption`). @default false */
  skipCaption?: boolean;
  /** Folder of the photo classifier. @default the shipped models/photo-classifier */
  classifierDir?: string;
  /** Folder of the captioning model. @default the captioning task's shipped model */
  captionerDir?: string;
  /** Dataset mirror holding the encoders. @default $TOUNUM_DATA_MIRROR or ../shared/datasets */
  mirror?: string;
}

/**
 * Loads what is not injected: the shipped photo classifier, {@link enhanceImage}, and the captioning
 * task's model (through `loadCaptioningModel` of `tasks/captioning`, required lazily so that
 * classify + enhance work with `skipCaption` wherever the captioner is absent).
 * @throws Error naming the missing model and the way around it (`--skip caption`).
 */
export async function loadPipelineStages(options: LoadPipelineStagesOptions = {}): Promise<PipelineStages> {
  const owned: Array<{ dispose?(): void }> = [];
  try {
    let classifier = options.classifier;
    if (classifier === undefined) {
      const loaded = await loadPhotoClassifier({
        ...(options.classifierDir !== undefined ? { dir: options.classifierDir } : {}),
        ...(options.mirror !== undefined ? { mirror: options.mirror } : {}),
      });
      owned.push(loaded);
      classifier = loaded;
    }
    let captioner: PipelineCaptioner | null = null;
    if (options.skipCaption !== true) {
      captioner = options.captioner ?? null;
      if (captioner === null) {
        captioner = await loadShippedCaptioner(options.captionerDir, options.mirror);
        owned.push(captioner);
      }
    }
    const enhance: PipelineEnhancer = options.enhance ?? ((image) => enhanceImage(image));
    return {
      classifier,
      enhance,
      captioner,
      dispose() {
        for (const o of owned.splice(0)) o.dispose?.();
      },
    };
  } catch (e) {
    for (const o of owned) o.dispose?.();
    throw e;
  }
}

interface CaptioningModule {
  loadCaptioningModel(dir?: string, options?: { mirror?: string }): Promise<PipelineCaptioner>;
}

async function loadShippedCaptioner(dir: string | undefined, mirror: string | undefined): Promise<PipelineCaptioner> {
  let mod: CaptioningModule;
  try {
    // Required lazily: the caption stage is optional (--skip caption) and lives in the captioning task.
    mod = require(path.join(__dirname, '..', 'tasks', 'captioning')) as CaptioningModule;
  } catch (e) {
    throw new Error(`the caption stage needs the captioning task (tasks/captioning), which cannot be loaded here (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); run with --skip caption`);
  }
  if (typeof mod.loadCaptioningModel !== 'function') {
    throw new Error('the caption stage needs loadCaptioningModel from tasks/captioning, which this build does not export yet; run with --skip caption');
  }
  try {
    return await mod.loadCaptioningModel(dir, mirror !== undefined ? { mirror } : {});
  } catch (e) {
    throw new Error(`cannot load the captioning model: ${e instanceof Error ? e.message : String(e)} (run with --skip caption to catalogue without captions)`);
  }
}
