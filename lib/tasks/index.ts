export * from './captioning';
