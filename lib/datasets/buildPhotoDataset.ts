import { createRng, shuffle } from '../random';
import { PHOTO_SOURCES, type PhotoSource } from './photoDatasetSources';
import { resolveDataset, type ResolveDatasetOptions } from './resolveDataset';
import { splitStratified } from './splitStratified';
import { IMAGE_EXTENSIONS } from './listImageFiles';
import { finiteNumber, nonNegativeInt } from '../validate';

/** One image of the photo-vs-other dataset. */
export interface PhotoItem {
  /** Absolute path of the image file. */
  readonly file: string;
  /** {@link PhotoSource.name}, e.g. `pacs/sketch`. */
  readonly source: string;
  /** 1 = photograph, 0 = other document. */
  readonly label: 0 | 1;
}

/** Per-source counts of a {@link PhotoDataset}. */
export interface PhotoSourceCount {
  source: string;
  label: 0 | 1;
  train: number;
  val: number;
  test: number;
}

/** The photo-vs-other dataset: file lists with labels and sources; pixels are read later, in batches. */
export interface PhotoDataset {
  /** Seed of the split. */
  readonly seed: number;
  readonly fractions: readonly [number, number, number];
  readonly sources: readonly PhotoSource[];
  readonly train: readonly PhotoItem[];
  readonly val: readonly PhotoItem[];
  readonly test: readonly PhotoItem[];
  /** Per-source counts in each part. */
  readonly counts: readonly PhotoSourceCount[];
}

/** Options of {@link buildPhotoDataset}. */
export interface BuildPhotoDatasetOptions extends Pick<ResolveDatasetOptions, 'mirror' | 'projectRoot' | 'download'> {
  /** Seed of the stratified split. @default 42 */
  seed?: number;
  /** Train / validation / test fractions. @default [0.7, 0.15, 0.15] */
  fractions?: readonly [number, number, number];
  /** Sources to use. @default PHOTO_SOURCES */
  sources?: readonly PhotoSource[];
  /**
   * Keep at most this many items per source in each part, chosen with the split's seed — for quick
   * runs (the notebook's smoke profile). Applied after the full split, so a subset's test part never
   * holds an image of the full training part. `undefined` keeps everything.
   * @default undefined
   */
  maxPerSource?: { train?: number; val?: number; test?: number };
}

/**
 * Builds the photo-vs-other dataset of issue 6 from the data registry: every source of
 * {@link PHOTO_SOURCES} resolved with `resolveDataset` (local copy, mirror or download), its image
 * files listed from the manifest, then a seeded 70/15/15 split stratified by source
 * ({@link splitStratified}) so that rare sources (12 text pages) appear in every part.
 * Only paths are held; use {@link createPhotoBatches} to stream pixels from disk.
 * @throws DatasetUnavailableError when a source cannot be found; RangeError for bad options.
 */
export async function buildPhotoDataset(options: BuildPhotoDatasetOptions = {}): Promise<PhotoDataset> {
  const seed = options.seed ?? 42;
  finiteNumber('buildPhotoDataset', 'options.seed', seed);
  const fractions = options.fractions ?? ([0.7, 0.15, 0.15] as const);
  const sources = options.sources ?? PHOTO_SOURCES;
  if (!Array.isArray(sources) || sources.length === 0) throw new RangeError('buildPhotoDataset: options.sources must be a non-empty array');
  const max = options.maxPerSource ?? {};
  for (const k of ['train', 'val', 'test'] as const) {
    const v = max[k];
    if (v !== undefined) nonNegativeInt('buildPhotoDataset', `options.maxPerSource.${k}`, v, 'an integer ≥ 0');
  }
  const resolveOptions: ResolveDatasetOptions = {};
  if (options.mirror !== undefined) resolveOptions.mirror = options.mirror;
  if (options.projectRoot !== undefined) resolveOptions.projectRoot = options.projectRoot;
  if (options.download !== undefined) resolveOptions.download = options.download;

  const items: PhotoItem[] = [];
  const resolved = new Map<string, Awaited<ReturnType<typeof resolveDataset>>>();
  for (const src of sources) {
    let ds = resolved.get(src.dataset);
    if (!ds) {
      ds = await resolveDataset(src.dataset, resolveOptions);
      resolved.set(src.dataset, ds);
    }
    const root = ds.dir.endsWith('/') ? ds.dir : `${ds.dir}/`;
    const files = ds.files
      .filter((f) => f.startsWith(root + src.prefix))
      .filter((f) => IMAGE_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e)));
    if (files.length === 0) throw new RangeError(`buildPhotoDataset: source ${src.name} has no image under "${src.prefix}" in ${ds.dir}`);
    for (const file of files) items.push({ file, source: src.name, label: src.label });
  }
  const rng = createRng(seed);
  const split = splitStratified(items, (it) => it.source, { fractions, rng });
  const limit = (part: PhotoItem[], n: number | undefined): PhotoItem[] => {
    if (n === undefined) return part;
    const out: PhotoItem[] = [];
    for (const src of sources) out.push(...shuffle(part.filter((it) => it.source === src.name), rng).slice(0, n));
    return out;
  };
  const train = limit(split.train, max.train);
  const val = limit(split.val, max.val);
  const test = limit(split.test, max.test);
  const count = (part: readonly PhotoItem[], name: string): number => part.filter((it) => it.source === name).length;
  return Object.freeze({
    seed,
    fractions: [fractions[0], fractions[1], fractions[2]] as const,
    sources,
    train,
    val,
    test,
    counts: sources.map((s) => ({ source: s.name, label: s.label, train: count(train, s.name), val: count(val, s.name), test: count(test, s.name) })),
  });
}
