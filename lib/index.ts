/**
 * tounum-lab: the public API. Each concern is also importable on its own,
 * e.g. `import { computePsnr } from 'tounum-lab/metrics'`.
 */
export * from './backend';
export * from './profile';
export * from './random';
export * from './image';
export { version } from './version';
