/**
 * Denoising. Baselines (Gaussian blur, bilateral and median filters) live in `tounum-lab/filters`.
 */
export { nonLocalMeans, type NonLocalMeansOptions } from './nonLocalMeans';
export { bm3dDenoise, type Bm3dOptions, type Bm3dProfile } from './bm3dDenoise';
