export { createRng } from './createRng';
export type { Rng, RngState } from './createRng';
export { shuffle } from './shuffle';
