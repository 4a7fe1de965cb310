import type { Rng } from './createRng';

/**
 * Returns a shuffled copy of `items` (Fisher–Yates), leaving the input untouched.
 * @param items - the array to shuffle.
 * @param rng - a seeded generator from {@link createRng}.
 */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
