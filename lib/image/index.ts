export { createImage, assertImage, cloneImage } from './Image';
export type { Image } from './Image';
export { cropImage } from './cropImage';
