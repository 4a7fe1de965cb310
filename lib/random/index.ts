export { createRng } from './createRng';
export type { Rng, RngState } from './createRng';
export { shuffle } from './shuffle';
export { resolveRng } from './resolveRng';
export type { RandomOptions } from './resolveRng';
export { layerSeed } from './layerSeed';
export { withSeededMathRandom } from './withSeededMathRandom';
