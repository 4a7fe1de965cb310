import type * as tf from '@tensorflow/tfjs';

/** One mini-batch: inputs and targets. The training loop disposes both after use. */
export interface TrainBatch {
  xs: tf.Tensor;
  /** Targets: `[n, 1]` in {0, 1} for a sigmoid output, or one-hot `[n, k]` for a softmax output. */
  ys: tf.Tensor;
}

/**
 * The batches of one epoch, as a function of the epoch index (0-based) so that a data pipeline
 * can reshuffle and re-augment reproducibly (`seed + epoch`) — and a resumed run sees the same
 * batches as an uninterrupted one.
 */
export type BatchStream = (epoch: number) => AsyncIterable<TrainBatch> | Iterable<TrainBatch>;

/** Metrics of one epoch. `val*` are absent without validation data. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (class-weighted, regularisation included). */
  loss: number;
  /** Training accuracy at threshold 0.5 (argmax for softmax outputs), measured on the fly in training mode. */
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Mean of per-class recalls on the validation data. */
  valBalancedAccuracy?: number;
  /** Wall-clock seconds of the epoch (training + validation). */
  seconds: number;
}

/** What {@link trainModel} returns (also stored in checkpoints). */
export interface TrainingHistory {
  epochs: EpochRecord[];
  /** 1-based epoch with the best monitored value (the weights kept when `restoreBest`). */
  bestEpoch: number;
  /** Whether early stopping ended the run before `numEpochs`. */
  stoppedEarly: boolean;
  /** Whether the run continued from a checkpoint. */
  resumedFromEpoch: number;
  /** Total training seconds, including those before a resume. */
  seconds: number;
  /** With `weightAveraging`: the averaged epochs and the validation metrics of the mean weights (the weights the run ends with). */
  average?: { fromEpoch: number; epochs: number; valLoss?: number; valAccuracy?: number; valBalancedAccuracy?: number };
}
