export * from './captioning';
export * from './vhsRestoration';
