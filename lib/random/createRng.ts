import { invalidParameterError, positiveInt } from '../validate';
/**
 * A seeded pseudo-random generator: every random choice in tounum-lab (noise, splits,
 * augmentation, weight initialisation seeds) goes through one of these so that the same
 * seed always gives the same result, on every platform.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, PractRand-clean),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Standard normal deviate (Box–Muller, the spare value is cached). */
  nextNormal(): number;
  /** A fresh 32-bit seed drawn from this stream, for seeding a child generator. */
  nextSeed(): number;
  /** A copy of the generator's position in its stream (JSON-serialisable), e.g. for a training checkpoint. */
  getState(): RngState;
  /**
   * Moves the generator to a position saved by {@link Rng.getState} (of any generator from
   * {@link createRng}): the values drawn afterwards are those the saved generator would have drawn.
   * @throws TypeError when `state` is not such a state.
   */
  setState(state: RngState): void;
}

/** The position of an {@link Rng} in its stream: the four sfc32 words and the cached normal deviate. */
export interface RngState {
  sfc32: [number, number, number, number];
  /** The spare value of the Box–Muller pair, or null. */
  spare: number | null;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator.
 * @param seed - any finite number; it is reduced to 32 bits.
 * @throws TypeError when `seed` is not a finite number.
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw invalidParameterError('createRng', 'seed', 'a finite number', seed, TypeError);
  const init = splitmix32(Math.trunc(seed) >>> 0);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  let spare: number | null = null;
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    nextInt(n: number): number {
      positiveInt('Rng.nextInt', 'n', n);
      return Math.floor(next() * n);
    },
    nextNormal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    nextSeed: nextU32,
    getState(): RngState {
      // a and c may be held as signed 32-bit values; the generator only uses them modulo 2³².
      return { sfc32: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spare };
    },
    setState(state: RngState): void {
      const words = (state as Partial<RngState> | null)?.sfc32;
      const sp = (state as Partial<RngState> | null)?.spare;
      if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) || !(sp === null || (typeof sp === 'number' && Number.isFinite(sp)))) {
        throw new TypeError(`Rng.setState: state must be { sfc32: four 32-bit unsigned integers, spare: number | null } from getState(), got ${JSON.stringify(state)}`);
      }
      [a, b, c, d] = words as [number, number, number, number];
      spare = sp;
    },
  };
}
