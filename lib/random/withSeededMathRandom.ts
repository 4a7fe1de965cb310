import { createRng } from './createRng';

/**
 * Runs `fn` with `Math.random` drawn from a generator seeded by `seeds`, then restores it.
 *
 * Why: tfjs draws the masks of a dropout layer that has no seed (and any random op whose seed is
 * 0 or absent) from `Math.random`. Giving the layer a fixed seed instead would repeat one mask at
 * every step. Seeding `Math.random` for each training step from (run seed, epoch, step) makes
 * dropout reproducible and a resumed run identical to an uninterrupted one, with no generator state
 * to checkpoint. `fn` must be synchronous (a training step inside `optimizer.minimize`), so no other
 * code runs while `Math.random` is replaced.
 * @param seeds - finite numbers, mixed into one 32-bit seed.
 * @throws TypeError when a seed is not a finite number, or when `fn` returns a promise.
 */
export function withSeededMathRandom<T>(seeds: readonly number[], fn: () => T): T {
  let h = 0x811c9dc5;
  for (const s of seeds) {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new TypeError(`withSeededMathRandom: seeds must be finite numbers, got ${String(s)}`);
    // FNV-1a over the 32-bit words of each seed's integer and fractional parts.
    for (const w of [Math.floor(s) | 0, Math.round((s - Math.floor(s)) * 2 ** 32) | 0]) {
      for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((w >>> (8 * k)) & 0xff), 0x01000193);
    }
  }
  const rng = createRng(h >>> 0);
  const saved = Math.random;
  Math.random = (): number => rng.next();
  try {
    const out = fn();
    if (out instanceof Promise) throw new TypeError('withSeededMathRandom: fn must be synchronous (it returned a promise)');
    return out;
  } finally {
    Math.random = saved;
  }
}
