import { createRng, type Rng } from './createRng';
import { invalidParameterError } from '../validate';

/** Randomness options of every seeded operation (noise, degradations, VHS effects). */
export interface RandomOptions {
  /** Seed of a fresh generator (same seed, same output). Ignored when `rng` is given. @default 0 */
  seed?: number;
  /** A generator to draw from instead (it is advanced, so successive calls give independent draws). */
  rng?: Rng;
}

/**
 * The generator a seeded operation draws from: `options.rng` when given, else `createRng(options.seed ?? 0)`.
 * @param fn - the public function, named in error messages.
 * @throws TypeError when `options.rng` is not an {@link Rng} or `options.seed` is not a finite number.
 */
export function resolveRng(fn: string, options: RandomOptions): Rng {
  const { seed = 0, rng } = options;
  if (rng !== undefined) {
    if (rng === null || typeof rng !== 'object' || typeof rng.next !== 'function' || typeof rng.nextNormal !== 'function') {
      throw invalidParameterError(fn, 'options.rng', 'an Rng from createRng()', rng, TypeError);
    }
    return rng;
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw invalidParameterError(fn, 'options.seed', 'a finite number', seed, TypeError);
  return createRng(seed);
}
