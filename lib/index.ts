/**
 * tounum-lab: the public API. Each concern is also importable on its own, which loads less:
 * `import { computePsnr } from 'tounum-lab/metrics'`.
 */
export * from './backend';
export * from './profile';
export * from './random';
export * from './image';
export * from './io';
export * from './datasets';
export * from './report';
export { version } from './version';
