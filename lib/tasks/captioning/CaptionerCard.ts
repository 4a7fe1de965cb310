import type { CaptionDecoderConfig } from '../../networks/CaptionDecoder';

/** One epoch of captioner training. */
export interface CaptionerEpochRecord {
  epoch: number;
  /** Mean training cross-entropy per word (nats). */
  loss: number;
  /** Mean validation cross-entropy per word (nats), teacher-forced. */
  valLoss: number;
  /** Greedy corpus BLEU-4 on the validation images. */
  valBleu4: number;
  lr: number;
  seconds: number;
  tokensPerSecond: number;
}

/** The model card of a shipped captioner (`models/captioner/card.json`). */
export interface CaptionerCard {
  task: 'captioning';
  created: string;
  data: { dataset: string; licence: string; splits: { train: number; dev: number; test: number }; captionsPerImage: number; note: string };
  encoder: { id: string; layer: string; regions: number; featureDim: number; frozen: true };
  vocabulary: { minCount: number; size: number; maxLength: number };
  architecture: CaptionDecoderConfig & { params: number };
  seed: number;
  training: {
    epochs: number;
    batchSize: number;
    lr: number;
    lrDecay: number;
    clipNorm: number;
    bestEpoch: number;
    selection: string;
    seconds: number;
    peakRssMB: number;
    history: CaptionerEpochRecord[];
  };
  inference: { beam: number; maxLength: number; lengthPenalty: number };
  storage: { weights: 'float16' | 'float32' };
  metrics: Record<string, unknown>;
  backend: string;
  command: string;
  versions: Record<string, string>;
}
