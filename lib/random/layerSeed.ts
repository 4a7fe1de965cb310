/**
 * The seed to give a tfjs initializer (`tf.initializers.heNormal({ seed })`, …) for a project seed.
 *
 * tfjs's normal and truncated-normal draws (heNormal, glorotNormal, …) treat a seed of 0 as "no
 * seed" (`seed ? seed : Math.random()` in tfjs-core's `rand_util`), so a network built with the
 * project's default seed 0 got a random first layer and no two builds were alike. Every integer maps to itself except 0, which maps to 0.5: still a fixed seed (tfjs
 * seeds its generator with the number's text), and no integer seed can collide with it.
 * @param seed - a finite number.
 * @throws TypeError when `seed` is not a finite number.
 */
export function layerSeed(seed: number): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`layerSeed: seed must be a finite number, got ${String(seed)}`);
  return seed === 0 ? 0.5 : seed;
}
