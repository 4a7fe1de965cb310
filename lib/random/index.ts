export { createRng } from './createRng';
export type { Rng } from './createRng';
export { shuffle } from './shuffle';
