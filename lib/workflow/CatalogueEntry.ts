import type { EnhanceStep } from '../enhance';

/** Format version of a catalogue line; bumped when a field changes meaning. */
export const CATALOGUE_VERSION = 1;

/** Seconds spent in each stage of one file (absent: the stage did not run). */
export interface StageTimings {
  hash?: number;
  read?: number;
  classify?: number;
  enhance?: number;
  caption?: number;
  write?: number;
  total: number;
}

/**
 * One line of `OUT/catalogue.jsonl`: everything the pipeline found and did for one input file.
 * Paths under the output folder are relative to it (the folder can be moved); `input` is absolute.
 */
export interface CatalogueEntry {
  version: typeof CATALOGUE_VERSION;
  /** Absolute path of the input file, as given (never modified). */
  input: string;
  /** sha256 of the input's bytes, hex: the key of the catalogue (a re-run skips known hashes). */
  sha256: string;
  /** Size of the input in bytes. */
  bytes: number;
  /** Container format as the reader names it: 'jpeg', 'png', 'tiff', … */
  format: string;
  width: number;
  height: number;
  /** The classifier's verdict. */
  class: { label: 'photo' | 'other'; probability: number; threshold: number };
  /** What the automatic enhancement measured and did (photos only; null when skipped or not a photo). */
  enhancement: {
    /** Estimated noise σ of the input, [0, 1] units. */
    sigma: number;
    /** Variance of the Laplacian (0–255 scale) of the input. */
    blurScore: number;
    steps: EnhanceStep[];
    skipped: Array<{ op: 'denoise' | 'sharpen'; reason: string }>;
  } | null;
  /** The file written under the output folder: `photos/…png` (enhanced) or `other/…` (a byte copy). */
  output: string;
  /** JPEG thumbnail under the output folder (`thumbs/<sha256>.jpg`), used by the contact sheet. */
  thumbnail: string;
  /** Caption of the (enhanced) photo; null for other documents or when skipped. */
  caption: { text: string; words: string[]; logProb: number; beam: number } | null;
  timings: StageTimings;
  /**
   * Errors of stages that do not stop the file (enhance, caption): the file is still catalogued,
   * written unenhanced / uncaptioned. Empty when everything ran.
   */
  errors: Partial<Record<'enhance' | 'caption', string>>;
  /** ISO time the file was finished. */
  finishedAt: string;
  /** Who processed it: `host:pid`. */
  processedBy: string;
}
