// Internal: resolves the `seed` / `rng` options shared by the random degradations.
import { createRng, type Rng } from '../random';

/** Randomness options of the noise degradations. */
export interface RandomOptions {
  /** Seed of a fresh generator (same seed, same noise). Ignored when `rng` is given. @default 0 */
  seed?: number;
  /** A generator to draw from instead (successive calls then give independent noise). */
  rng?: Rng;
}

export function resolveRng(fn: string, options: RandomOptions): Rng {
  const { seed = 0, rng } = options;
  if (rng !== undefined) {
    if (rng === null || typeof rng !== 'object' || typeof rng.next !== 'function' || typeof rng.nextNormal !== 'function') {
      throw new TypeError(`${fn}: options.rng must be an Rng from createRng(), got ${String(rng)}`);
    }
    return rng;
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  }
  return createRng(seed);
}
