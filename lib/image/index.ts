export { createImage, assertImage, cloneImage } from './Image';
export type { Image } from './Image';
export { cropImage } from './cropImage';
export { resizeImageArea } from './resizeImageArea';
export { resizeBicubic } from './resizeBicubic';
export type { ResizeBicubicOptions } from './resizeBicubic';
export { rgbToYcbcr } from './rgbToYcbcr';
export type { YcbcrPlanes } from './rgbToYcbcr';
export { ycbcrToRgb } from './ycbcrToRgb';
