/**
 * Image input/output: files and buffers ↔ {@link Image} (via sharp/libvips), Image ↔ tf tensors.
 *
 * Protecting input files: {@link readImage} records the absolute source path on the object it
 * returns (non-enumerable symbol {@link IMAGE_SOURCE}), so re-saving that object onto its own file is
 * refused by {@link writeImage}. The symbol does not survive into derived images (every operation
 * returns a new object), so pipelines should also say where their pixels came from with
 * `writeImage(out, result, { inputPath: src })`. Both are checked; neither is global state.
 */
export { readImage, parseBackground } from './readImage';
export type { ReadImageOptions, BackgroundColour, ReadStrictness } from './readImage';
export { readImageMetadata } from './readImageMetadata';
export type { ImageMetadata } from './readImageMetadata';
export { writeImage } from './writeImage';
export type { WriteImageOptions, WriteImageResult } from './writeImage';
export { encodeImage } from './encodeImage';
export type { EncodeImageOptions, ImageFormat } from './encodeImage';
export { imageToTensor } from './imageToTensor';
export type { ImageToTensorOptions } from './imageToTensor';
export { tensorToImage } from './tensorToImage';
export type { TensorToImageOptions } from './tensorToImage';
export { ImageReadError, ImageWriteError } from './errors';
export type { ImageReadReason, ImageWriteReason } from './errors';
export { IMAGE_SOURCE, getImageSource } from './imageSource';
export { encodeFloat16, decodeFloat16 } from './float16';
