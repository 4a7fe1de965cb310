import { createRng, shuffle, type Rng } from '../random';

/** Options of {@link splitStratified}. */
export interface SplitStratifiedOptions {
  /** Fractions of the train / validation / test parts; must be ≥ 0 and sum to 1. @default [0.7, 0.15, 0.15] */
  fractions?: readonly [number, number, number];
  /** Seed of the shuffle (ignored when `rng` is given). @default 0 */
  seed?: number;
  /** Generator to draw from instead of `seed`. */
  rng?: Rng;
}

/** The three parts of a split, each in the input's relative order shuffled within its stratum. */
export interface StratifiedSplit<T> {
  train: T[];
  val: T[];
  test: T[];
}

/**
 * Seeded train / validation / test split, stratified by `stratum(item)`: each stratum (e.g. each
 * source) is shuffled on its own and cut by the fractions, so every part holds the same mix of
 * strata as the whole. Per stratum of n items the validation and test parts get
 * `round(n·f)` items each and training gets the rest (so small strata still reach val and test
 * when `n·f ≥ 0.5`). Strata are visited in sorted order so the result does not depend on the
 * input's order of strata, only on the order of items within a stratum.
 * Same as scikit-learn's `train_test_split(…, stratify=…)` applied twice, up to the RNG.
 * @param items - the items (not mutated).
 * @param stratum - key of an item's stratum.
 * @throws RangeError for fractions that are negative or do not sum to 1.
 */
export function splitStratified<T>(items: readonly T[], stratum: (item: T) => string, options: SplitStratifiedOptions = {}): StratifiedSplit<T> {
  if (!Array.isArray(items)) throw new TypeError(`splitStratified: items must be an array, got ${String(items)}`);
  if (typeof stratum !== 'function') throw new TypeError('splitStratified: stratum must be a function item → key');
  const fractions = options.fractions ?? [0.7, 0.15, 0.15];
  if (fractions.length !== 3 || fractions.some((f) => typeof f !== 'number' || !(f >= 0)) || Math.abs(fractions[0] + fractions[1] + fractions[2] - 1) > 1e-9) {
    throw new RangeError(`splitStratified: options.fractions must be three numbers ≥ 0 summing to 1, got ${JSON.stringify(fractions)}`);
  }
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = stratum(item);
    const g = groups.get(key);
    if (g) g.push(item);
    else groups.set(key, [item]);
  }
  const out: StratifiedSplit<T> = { train: [], val: [], test: [] };
  for (const key of [...groups.keys()].sort()) {
    const g = shuffle(groups.get(key) as T[], rng);
    const nVal = Math.round(g.length * fractions[1]);
    const nTest = Math.min(g.length - nVal, Math.round(g.length * fractions[2]));
    out.val.push(...g.slice(0, nVal));
    out.test.push(...g.slice(nVal, nVal + nTest));
    out.train.push(...g.slice(nVal + nTest));
  }
  return out;
}
