/**
 * VHS presets, from least to most severe: `digitised-clean`, `SP`, `LP`, `EP`, `worn`.
 *
 * Every value carries its unit and source. [Sn] refers to the source list of
 * `/work/shared/notes/pal-vhs-physics.md` (the project's PAL/VHS reference sheet); "§8 est." means the
 * sheet's suggested-preset table, which is itself an estimate derived from the cited sources
 * (bandwidths from 240 TVL ÷ 78 TVL/MHz [S16, S18]; noise σ from the SNR formula at ≈3 dB per step;
 * time-base values as residuals after a capture card's line PLL, below the few-µs raw error [S28]).
 *
 * - `digitised-clean`: a BT.601 digitisation of a clean broadcast-grade PAL source — PAL bandwidths
 *   (luma 5 MHz, U/V 1.3 MHz [S12, S13]), delay-line decoder, faint noise, JPEG q95. The control.
 * - `SP`, `LP`, `EP`: VHS at 23.39 / 11.7 / 7.8 mm/s [S17, S23]: narrower tracks → noisier, resolution
 *   loss small [S18].
 * - `worn`: an aged LP tape (sticky shed, stretch, mould: many dropouts, skew, chroma noise [S33–S39]).
 */
import type { ChromaBandwidthOptions } from './simulateChromaBandwidth';
import type { ChromaBarsOptions } from './simulateChromaBars';
import type { ChromaDelayOptions } from './simulateChromaDelay';
import type { DropoutOptions } from './simulateDropouts';
import type { GrainOptions } from './simulateGrain';
import type { HeadSwitchingOptions } from './simulateHeadSwitching';
import type { InterlaceOptions } from './simulateInterlace';
import type { JpegOptions } from './simulateJpeg';
import type { LevelsOptions } from './simulateLevels';
import type { LumaBandwidthOptions } from './simulateLumaBandwidth';
import type { PalDelayLineOptions } from './simulatePalDelayLine';
import type { PosteriseOptions } from './simulatePosterise';
import type { RingingOptions } from './simulateRinging';
import type { SnowOptions } from './simulateSnow';
import type { TimebaseJitterOptions } from './simulateTimebaseJitter';
import type { TrackingNoiseOptions } from './simulateTrackingNoise';

type NoSeed<T> = Omit<T, 'seed' | 'rng'>;

/** The parameters of every effect of {@link simulateVhs}, keyed by effect name, in pipeline order. */
export interface VhsEffectSettings {
  interlace: InterlaceOptions;
  lumaBandwidth: LumaBandwidthOptions;
  chromaBandwidth: ChromaBandwidthOptions;
  grain: NoSeed<GrainOptions>;
  snow: NoSeed<SnowOptions>;
  dropouts: NoSeed<DropoutOptions>;
  trackingNoise: NoSeed<TrackingNoiseOptions>;
  timebase: NoSeed<TimebaseJitterOptions>;
  headSwitching: NoSeed<HeadSwitchingOptions>;
  ringing: RingingOptions;
  palDelayLine: PalDelayLineOptions;
  chromaDelay: ChromaDelayOptions;
  levels: LevelsOptions;
  chromaBars: NoSeed<ChromaBarsOptions>;
  posterise: PosteriseOptions;
  jpeg: JpegOptions;
}

/** Name of an effect of {@link simulateVhs}. */
export type VhsEffectName = keyof VhsEffectSettings;

/** Effects in the order they are applied (recording → tape → playback → decoder → capture → file), notes §8. */
export const VHS_EFFECT_ORDER: readonly VhsEffectName[] = [
  'interlace', 'lumaBandwidth', 'chromaBandwidth', 'grain', 'snow', 'dropouts', 'trackingNoise', 'timebase',
  'headSwitching', 'ringing', 'palDelayLine', 'chromaDelay', 'levels', 'chromaBars', 'posterise', 'jpeg',
];

/** Names of the presets, from least to most severe. */
export type VhsPresetName = 'digitised-clean' | 'SP' | 'LP' | 'EP' | 'worn';

/** Preset names in increasing severity. */
export const VHS_PRESET_NAMES: readonly VhsPresetName[] = ['digitised-clean', 'SP', 'LP', 'EP', 'worn'];

/** Per-preset value of one parameter, in the order of {@link VHS_PRESET_NAMES}. */
type Row = readonly [number, number, number, number, number];

const at = (row: Row, i: number): number => row[i] as number;

// Each row: digitised-clean, SP, LP, EP, worn.
/** Luma −3 dB, MHz: PAL 5.0 [S12, S13]; VHS 3.0 / 2.7 / 2.4 / 2.3 (§8 est. from [S16, S18, S11]). */
const LUMA_MHZ: Row = [5.0, 3.0, 2.7, 2.4, 2.3];
/** U/V −3 dB, MHz: PAL 1.3 [S12, S13]; VHS 0.50 / 0.45 / 0.40 / 0.35 (§8 est. from [S6, S16, S20, S21]). */
const CHROMA_MHZ: Row = [1.3, 0.5, 0.45, 0.4, 0.35];
/** Luma noise σ, 8-bit levels: ≈45+ dB clean; 2 / 3 / 4 / 5 (§8 est., SNR unverified §3). */
const LUMA_SIGMA: Row = [1.0, 2, 3, 4, 5];
/** Per-line luma offset σ, 8-bit levels (est., FM noise streaks §3). */
const LINE_SIGMA: Row = [0, 0.3, 0.5, 0.8, 1.2];
/** Chroma noise σ, 8-bit Cb/Cr levels (§8 est.). */
const CHROMA_SIGMA: Row = [1, 2, 3, 4, 6];
/** Chroma phase noise, ° rms per line (§8 est.; colour-under reduces phase error ≈7× [S29]). */
const PHASE_NOISE: Row = [0.5, 2, 3, 5, 8];
/** Snow specks per PAL sample (est.; ntsc-rs default 2.5e-4 [S43 code]). */
const SNOW: Row = [0, 1e-5, 3e-5, 6e-5, 2.5e-4];
/** Visible dropouts per field after DOC (§8 est., many short few long [S34]). */
const DROPOUTS: Row = [0, 0.2, 0.5, 1, 10];
/** Tracking-noise bands per frame (est.: properly tracked SP/LP show none; ntsc-rs defaults for worn). */
const TRACK_BANDS: Row = [0, 0, 0, 1, 1];
/** Line jitter σ, PAL samples (§8 est.: residual after line PLL [S28]). */
const JITTER: Row = [0.1, 0.2, 0.4, 0.7, 1.5];
/** Edge-wave peak, PAL samples (§8 est.). */
const EDGE_WAVE: Row = [0, 0.5, 1.0, 1.5, 3.0];
/** Top flagging at line 0 of each field, PAL samples (§8 est., [S30, S31]). */
const FLAGGING: Row = [0, 1, 3, 4, 10];
/** Head-switch band, lines per field (§8 est., [S24]); 0 = hidden (broadcast-grade source). */
const HS_LINES: Row = [0, 5, 6, 7, 8];
/** Head-switch skew at the frame edge, PAL samples (§8 est.). */
const HS_SHIFT: Row = [0, 6, 10, 14, 30];
/** Peaking gain at 2.5 MHz, fraction (§8 est., [S20]). */
const PEAKING: Row = [0.05, 0.2, 0.25, 0.3, 0.35];
/** Ringing amplitude relative to the edge step (est., halo window [S25]). */
const RINGING: Row = [0, 0.05, 0.08, 0.1, 0.15];
/** Differential chroma phase error, degrees (est.; hidden by the delay line as cos φ [S14]). */
const PHASE_ERROR: Row = [0, 0, 0, 5, 10];
/** Chroma lag behind luma, PAL samples (§8 est., "some pixels" [S11]). */
const CHROMA_LAG: Row = [0, 1.0, 1.5, 2.0, 3.0];
/** Second-field horizontal mismatch, PAL samples (est.). */
const FIELD_MISMATCH: Row = [0, 0, 0, 0.25, 0.5];
/** Chroma gain (§8 est.; chroma AGC hides fading [S40 weak]). */
const SATURATION: Row = [1, 1, 0.95, 0.9, 0.8];
/** Luma gain (over-exposure; est., a capture fault, only in `worn`). */
const GAIN: Row = [1, 1, 1, 1, 1.1];
/** Probability of a pinking/greening bar per frame (est.; digital chroma damage [S41, S42]). */
const BAR_PROBABILITY: Row = [0, 0, 0, 0, 0.1];
/** JPEG re-encoding quality, IJG scale (est.). */
const JPEG_QUALITY: Row = [95, 90, 85, 80, 70];

function preset(i: number): VhsEffectSettings {
  return {
    interlace: { strength: 1, fieldMismatchPx: at(FIELD_MISMATCH, i), fieldMismatchLines: 0, swapFields: false },
    lumaBandwidth: { strength: 1, cutoffMHz: at(LUMA_MHZ, i), rolloffMHz: 1.0, filter: 'windowed-sinc' },
    chromaBandwidth: { strength: 1, cutoffMHz: at(CHROMA_MHZ, i), rolloffMHz: 0.3, filter: 'gaussian' },
    grain: {
      strength: 1, lumaSigma: at(LUMA_SIGMA, i), lumaCorrelationPx: 1, lineSigma: at(LINE_SIGMA, i),
      chromaSigma: at(CHROMA_SIGMA, i), chromaBandwidthMHz: 0.3, chromaPhaseNoiseDeg: at(PHASE_NOISE, i),
    },
    snow: { strength: 1, density: at(SNOW, i), minLengthPx: 8, maxLengthPx: 64, amplitude: 0.6 },
    dropouts: {
      strength: 1, ratePerField: at(DROPOUTS, i), medianLengthUs: 2, minLengthUs: 0.5, maxLengthUs: 50,
      whiteFraction: 0.7, tailUs: 1.5, concealFraction: 0,
    },
    trackingNoise: {
      strength: 1, bands: at(TRACK_BANDS, i), heightLines: i === 3 ? 8 : 12, position: 'random',
      shiftPx: i === 3 ? 5 : 15, noise: i === 3 ? 0.1 : 0.25, snowDensity: i === 3 ? 0.005 : 0.025, chromaLoss: 0.8,
    },
    timebase: {
      strength: 1, jitterPx: at(JITTER, i), jitterLimit: 3, edgeWavePx: at(EDGE_WAVE, i), edgeWavePeriodLines: 40,
      flaggingPx: at(FLAGGING, i), flaggingFraction: 0.15, fill: 'black',
    },
    headSwitching: {
      strength: at(HS_LINES, i) > 0 ? 1 : 0, position: 'bottom', linesPerField: at(HS_LINES, i), shiftPx: at(HS_SHIFT, i),
      skewJitterPx: 1, noise: 0.04, switchStart: 0.95,
    },
    ringing: {
      strength: 1, peakingGain: at(PEAKING, i), peakingFreqMHz: 2.5, ringingAmplitude: at(RINGING, i),
      ringingFreqMHz: 3.2, ringingDecayUs: 0.3,
    },
    palDelayLine: { strength: 1, averaging: 1, phaseErrorDeg: at(PHASE_ERROR, i), fieldAware: true },
    chromaDelay: { strength: 1, shiftPx: at(CHROMA_LAG, i), shiftLines: 0 },
    levels: { strength: 1, gain: at(GAIN, i), lift: 0, knee: i === 4 ? 0.85 : 1, saturation: at(SATURATION, i) },
    chromaBars: {
      strength: 1, probability: at(BAR_PROBABILITY, i), colour: 'random', heightFraction: 0.2, position: 'top',
      opacity: 0.7, edgeLines: 2,
    },
    posterise: { strength: 1, bits: 8 },
    jpeg: { strength: 1, quality: at(JPEG_QUALITY, i), subsampling: '4:2:0' },
  };
}

function freeze(settings: VhsEffectSettings): Readonly<VhsEffectSettings> {
  for (const value of Object.values(settings)) Object.freeze(value);
  return Object.freeze(settings);
}

/**
 * The five presets, deeply frozen (change values through the `overrides` of `simulateVhs`).
 * Each row constant above gives one parameter across presets with its unit and source.
 */
export const VHS_PRESETS: Readonly<Record<VhsPresetName, Readonly<VhsEffectSettings>>> = Object.freeze({
  'digitised-clean': freeze(preset(0)),
  SP: freeze(preset(1)),
  LP: freeze(preset(2)),
  EP: freeze(preset(3)),
  worn: freeze(preset(4)),
});
