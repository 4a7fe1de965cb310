/**
 * Denoising. Baselines (Gaussian blur, bilateral and median filters) live in `tounum-lab/filters`.
 */
export { nonLocalMeans, type NonLocalMeansOptions } from './nonLocalMeans';
