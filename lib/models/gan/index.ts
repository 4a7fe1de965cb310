/**
 * pix2pix networks (Isola et al. 2017), introduced by notebook 04 (VHS restoration): the U-Net
 * generator with skips and dropout, and the 70×70 PatchGAN discriminator. `build*` return uncompiled
 * models; the training step is `trainPix2pixStep` in `training/`.
 */
export { buildPix2pixGenerator, generatorSizeMultiple } from './buildPix2pixGenerator';
export type { Pix2pixGeneratorOptions } from './buildPix2pixGenerator';
export { buildPatchGan, PATCHGAN_RECEPTIVE_FIELD } from './buildPatchGan';
export type { PatchGanOptions } from './buildPatchGan';
