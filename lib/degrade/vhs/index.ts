/**
 * A physically grounded, seeded PAL VHS degradation simulator: one pure function per analog or
 * digital effect (parameters in MHz, µs, PAL samples, lines, 8-bit levels, each with its source in
 * the project's PAL/VHS reference sheet), composed by {@link simulateVhs} with presets
 * `digitised-clean`, `SP`, `LP`, `EP`, `worn`.
 */
export { simulateVhs } from './simulateVhs';
export type { SimulateVhsOptions, SimulateVhsResult, VhsRecord, VhsEffectRecord, VhsOverrides, VhsOutputSize } from './simulateVhs';
export { VHS_PRESETS, VHS_PRESET_NAMES, VHS_EFFECT_ORDER } from './presets';
export type { VhsPresetName, VhsEffectName, VhsEffectSettings } from './presets';
export { PAL_WIDTH, PAL_HEIGHT, PAL_SAMPLE_RATE_MHZ, PAL_LINE_US, PAL_PIXEL_ASPECT, SQUARE_WIDTH, LEVELS_PER_UNIT } from './palConstants';
export { createYuvFrame, assertYuvFrame, rgbToYuvFrame, yuvFrameToRgb, cloneYuvFrame, sampleRateMHz, U_WEIGHT, V_WEIGHT } from './YuvFrame';
export type { YuvFrame } from './YuvFrame';
export { toPalRaster, rasterCrop } from './toPalRaster';
export type { ToPalRasterOptions, PalRasterResult, RasterFit } from './toPalRaster';
export { fromPalRaster } from './fromPalRaster';
export type { FromPalRasterOptions, PalOutputSize } from './fromPalRaster';
export type { SourceRect } from './resample';
export type { SeedOptions, StrengthOptions, LineFilter } from './internal';
export { simulateInterlace } from './simulateInterlace';
export type { InterlaceOptions } from './simulateInterlace';
export { simulateLumaBandwidth } from './simulateLumaBandwidth';
export type { LumaBandwidthOptions } from './simulateLumaBandwidth';
export { simulateChromaBandwidth } from './simulateChromaBandwidth';
export type { ChromaBandwidthOptions } from './simulateChromaBandwidth';
export { simulateGrain } from './simulateGrain';
export type { GrainOptions } from './simulateGrain';
export { simulateSnow } from './simulateSnow';
export type { SnowOptions } from './simulateSnow';
export { simulateDropouts } from './simulateDropouts';
export type { DropoutOptions } from './simulateDropouts';
export { simulateTrackingNoise } from './simulateTrackingNoise';
export type { TrackingNoiseOptions } from './simulateTrackingNoise';
export { simulateTimebaseJitter, computeTimebaseShifts } from './simulateTimebaseJitter';
export type { TimebaseJitterOptions } from './simulateTimebaseJitter';
export { simulateHeadSwitching } from './simulateHeadSwitching';
export type { HeadSwitchingOptions } from './simulateHeadSwitching';
export { simulateRinging } from './simulateRinging';
export type { RingingOptions } from './simulateRinging';
export { simulatePalDelayLine } from './simulatePalDelayLine';
export type { PalDelayLineOptions } from './simulatePalDelayLine';
export { simulateChromaDelay } from './simulateChromaDelay';
export type { ChromaDelayOptions } from './simulateChromaDelay';
export { simulateLevels } from './simulateLevels';
export type { LevelsOptions } from './simulateLevels';
export { simulateChromaBars } from './simulateChromaBars';
export type { ChromaBarsOptions, ChromaBarColour } from './simulateChromaBars';
export { simulatePosterise } from './simulatePosterise';
export type { PosteriseOptions } from './simulatePosterise';
export { simulateJpeg, jpegQuantTable } from './simulateJpeg';
export type { JpegOptions, JpegSubsampling } from './simulateJpeg';
