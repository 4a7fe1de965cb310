import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createImage, type Image } from '../../../image';
import { readImage } from '../../../io';
import { computePsnr } from '../../../metrics';
import * as vhs from '..';
import { VHS_EFFECT_ORDER, VHS_PRESET_NAMES, type VhsEffectName } from '../presets';
import { simulateVhs, type VhsOverrides } from '../simulateVhs';
import { sameArray } from './helpers';

const KODAK = '/work/shared/datasets/kodak24';
const ALL_OFF: VhsOverrides = Object.fromEntries(VHS_EFFECT_ORDER.map((n) => [n, false]));
const only = (name: VhsEffectName, params: Record<string, unknown> = {}): VhsOverrides => ({ ...ALL_OFF, [name]: { strength: 1, ...params } });

function gradient(w: number, h: number): Image {
  return createImage(w, h, 3, Float32Array.from({ length: w * h * 3 }, (_, i) => {
    const p = Math.floor(i / 3), c = i % 3;
    return 0.1 + 0.8 * (((p % w) / w + Math.floor(p / w) / h + c * 0.3) % 1);
  }));
}

describe('simulateVhs', () => {
  it('returns 768×576 (square), 720×576 (pal) or the input size, and records the crop', async () => {
    const img = await readImage(`${KODAK}/kodim01.png`);
    const sq = simulateVhs(img, { seed: 1 });
    assert.deepEqual([sq.image.width, sq.image.height, sq.image.channels], [768, 576, 3]);
    assert.deepEqual(sq.record.crop, { x: 0, y: 62.5, width: 500, height: 375 });
    assert.deepEqual(sq.record.output, { width: 768, height: 576, channels: 3 });
    // sizes do not depend on the effects: the remaining checks run with every effect off
    const pal = simulateVhs(img, { outputSize: 'pal', overrides: ALL_OFF });
    assert.deepEqual([pal.image.width, pal.image.height], [720, 576]);
    const same = simulateVhs(img, { outputSize: 'input', overrides: ALL_OFF });
    assert.deepEqual([same.image.width, same.image.height], [500, 500]);
    assert.deepEqual(same.record.crop, { x: 0, y: 0, width: 500, height: 500 });
    const half = simulateVhs(img, { raster: { width: 360, height: 288, scale: 0.5 }, overrides: ALL_OFF });
    assert.deepEqual([half.image.width, half.image.height], [768, 576]);
    const patch = simulateVhs(gradient(256, 256), { raster: { width: 256, height: 256 }, outputSize: 'input' });
    assert.deepEqual([patch.image.width, patch.image.height], [256, 256]);
  });

  it('is deterministic for a seed, different for another, and leaves the input unchanged', () => {
    const img = gradient(200, 150);
    const copy = img.data.slice();
    const raster = { width: 240, height: 192 };
    const a = simulateVhs(img, { preset: 'worn', seed: 3, raster });
    const b = simulateVhs(img, { preset: 'worn', seed: 3, raster });
    const c = simulateVhs(img, { preset: 'worn', seed: 4, raster });
    assert.ok(sameArray(a.image.data, b.image.data));
    assert.ok(!sameArray(a.image.data, c.image.data));
    assert.ok(sameArray(img.data, copy));
  });

  it('records every effect in pipeline order with the merged parameters and its child seed', () => {
    const r = simulateVhs(gradient(64, 48), { preset: 'LP', seed: 9, overrides: { headSwitching: { position: 'top' }, snow: false } }).record;
    assert.equal(r.preset, 'LP');
    assert.equal(r.seed, 9);
    assert.deepEqual(r.effects.map((e) => e.name), VHS_EFFECT_ORDER);
    const get = (n: string): Record<string, unknown> => (r.effects.find((e) => e.name === n) as { params: Record<string, unknown> }).params;
    assert.equal(get('headSwitching').position, 'top');
    assert.equal(get('headSwitching').linesPerField, 6);
    assert.equal(get('snow').strength, 0);
    assert.equal(get('lumaBandwidth').cutoffMHz, 2.7);
    assert.equal(new Set(r.effects.map((e) => e.seed)).size, VHS_EFFECT_ORDER.length);
  });

  it('is the identity (up to float rounding) with every effect off', () => {
    const img = gradient(720, 576);
    const out = simulateVhs(img, { overrides: ALL_OFF, outputSize: 'pal', fit: 'stretch' }).image;
    let max = 0;
    for (let i = 0; i < img.data.length; i++) max = Math.max(max, Math.abs(out.data[i] - img.data[i]));
    assert.ok(max < 1e-5, `max difference ${max}`);
  });

  it('places the head-switching band at the top or bottom rows only', () => {
    const img = gradient(720, 576);
    const base = simulateVhs(img, { overrides: ALL_OFF, outputSize: 'pal' }).image;
    for (const position of ['top', 'bottom'] as const) {
      const out = simulateVhs(img, { overrides: only('headSwitching', { position, linesPerField: 5, shiftPx: 12 }), outputSize: 'pal', seed: 2 }).image;
      const rows: number[] = [];
      for (let y = 0; y < 576; y++) {
        const o = y * 720 * 3;
        if (!sameArray(out.data.subarray(o, o + 2160), base.data.subarray(o, o + 2160))) rows.push(y);
      }
      const expected = position === 'top' ? Array.from({ length: 10 }, (_, k) => k) : Array.from({ length: 10 }, (_, k) => 566 + k);
      assert.deepEqual(rows, expected, position);
    }
  });

  it('presets increase in severity: PSNR vs the undegraded raster falls clean > SP > LP > EP > worn by > 1 dB each (Kodak photos)', async () => {
    const psnr = new Map<string, number>(VHS_PRESET_NAMES.map((p) => [p, 0]));
    const files = ['kodim05.png', 'kodim23.png'];
    for (const file of files) {
      const img = await readImage(`${KODAK}/${file}`);
      const clean = simulateVhs(img, { overrides: ALL_OFF }).image;
      for (const preset of VHS_PRESET_NAMES) {
        const p = computePsnr(clean, simulateVhs(img, { preset, seed: 1 }).image);
        psnr.set(preset, (psnr.get(preset) as number) + p / files.length);
      }
    }
    const values = VHS_PRESET_NAMES.map((p) => psnr.get(p) as number);
    for (let i = 1; i < values.length; i++) {
      assert.ok((values[i - 1] as number) > (values[i] as number) + 1, `PSNR ${VHS_PRESET_NAMES.join(' > ')}: ${values.map((v) => v.toFixed(2)).join(', ')}`);
    }
  });

  it('keeps grey input grey (one channel)', () => {
    const grey = createImage(100, 80, 1, Float32Array.from({ length: 8000 }, (_, i) => (i % 100) / 100));
    const out = simulateVhs(grey, { outputSize: 'input' }).image;
    assert.deepEqual([out.width, out.height, out.channels], [100, 80, 1]);
  });

  it('rejects invalid options with messages naming them', () => {
    const img = gradient(32, 32);
    assert.throws(() => simulateVhs(img, { preset: 'VHS-C' as never }), /simulateVhs: options\.preset must be one of 'digitised-clean', 'SP', 'LP', 'EP', 'worn', got VHS-C/);
    assert.throws(() => simulateVhs(img, { outputSize: 'input', fit: 'cover' }), /simulateVhs: options\.fit must be 'stretch' when outputSize is 'input'/);
    assert.throws(() => simulateVhs(img, { overrides: { colourBleed: {} } as never }), /simulateVhs: options\.overrides\.colourBleed is not an effect/);
    assert.throws(() => simulateVhs(img, { overrides: { grain: { lumaSigma: -1 } } }), /simulateGrain: options\.lumaSigma must be a number in \[0, 219\], got -1/);
    assert.throws(() => simulateVhs(img, { overrides: { jpeg: { quality: 0 } } }), /simulateJpeg: options\.quality must be a number in \[1, 100\], got 0/);
    assert.throws(() => simulateVhs(img, { raster: { width: 4, height: 100 } }), /simulateVhs: options\.raster\.width must be an integer in \[8, 16384\], got 4/);
    assert.throws(() => simulateVhs({ width: 2 } as never), /simulateVhs: image\.data must be a Float32Array/);
  });
});

describe('vhs barrel', () => {
  it('exports exactly the documented API', () => {
    assert.deepEqual(Object.keys(vhs).sort(), [
      'LEVELS_PER_UNIT', 'PAL_HEIGHT', 'PAL_LINE_US', 'PAL_PIXEL_ASPECT', 'PAL_SAMPLE_RATE_MHZ', 'PAL_WIDTH', 'SQUARE_WIDTH',
      'U_WEIGHT', 'VHS_EFFECT_ORDER', 'VHS_PRESETS', 'VHS_PRESET_NAMES', 'V_WEIGHT', 'assertYuvFrame', 'cloneYuvFrame',
      'computeTimebaseShifts', 'createYuvFrame', 'fromPalRaster', 'jpegQuantTable', 'rasterCrop', 'rgbToYuvFrame', 'sampleRateMHz',
      'simulateChromaBandwidth', 'simulateChromaBars', 'simulateChromaDelay', 'simulateDropouts', 'simulateGrain', 'simulateHeadSwitching',
      'simulateInterlace', 'simulateJpeg', 'simulateLevels', 'simulateLumaBandwidth', 'simulatePalDelayLine', 'simulatePosterise',
      'simulateRinging', 'simulateSnow', 'simulateTimebaseJitter', 'simulateTrackingNoise', 'simulateVhs', 'toPalRaster', 'yuvFrameToRgb',
    ]);
  });
});
