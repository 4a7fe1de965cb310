import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createImage } from '../../../image';
import { fromPalRaster } from '../fromPalRaster';
import { PAL_PIXEL_ASPECT, SQUARE_WIDTH } from '../palConstants';
import { toPalRaster } from '../toPalRaster';
import { rgbToYuvFrame, yuvFrameToRgb } from '../YuvFrame';
import { sameArray } from './helpers';

describe('PAL Y′UV conversion', () => {
  it('matches the PAL matrix Y = .299R + .587G + .114B, U = .493(B − Y), V = .877(R − Y)', () => {
    const img = createImage(3, 1, 3, Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1));
    const f = rgbToYuvFrame(img);
    const expected = [
      [0.299, -0.147407, 0.614777],
      [0.587, -0.289391, -0.514799],
      [0.114, 0.436798, -0.099978],
    ];
    for (let i = 0; i < 3; i++) {
      const e = expected[i] as number[];
      assert.ok(Math.abs(f.y[i] - (e[0] as number)) < 1e-6 && Math.abs(f.u[i] - (e[1] as number)) < 1e-6 && Math.abs(f.v[i] - (e[2] as number)) < 1e-6, `primary ${i}`);
    }
    const back = yuvFrameToRgb(f);
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(back.data[i] - img.data[i]) < 1e-6);
  });
});

describe('toPalRaster / fromPalRaster', () => {
  const wide = createImage(1000, 500, 3, Float32Array.from({ length: 1500000 }, (_, i) => ((i * 7) % 255) / 255));

  it('covers the 720×576 raster of 16:15 pixels (a 4:3 picture) and crops the centre', () => {
    const { frame, crop } = toPalRaster(wide);
    assert.deepEqual([frame.width, frame.height, frame.scale], [720, 576, 1]);
    assert.equal(PAL_PIXEL_ASPECT * 720, SQUARE_WIDTH);
    assert.deepEqual(crop, { x: (1000 - 500 * (4 / 3)) / 2, y: 0, width: 500 * (4 / 3), height: 500 });
    const tall = toPalRaster(createImage(300, 600, 1), { width: 360, height: 288, scale: 0.5 });
    assert.deepEqual(tall.crop, { x: 0, y: 300 - 112.5, width: 300, height: 225 });
  });

  it('does not resample when stretching an input of the raster size', () => {
    const img = createImage(64, 32, 3, Float32Array.from({ length: 6144 }, (_, i) => (i % 101) / 100));
    const { frame } = toPalRaster(img, { width: 64, height: 32, fit: 'stretch' });
    assert.ok(sameArray(frame.y, rgbToYuvFrame(img).y));
    const back = fromPalRaster(frame, { size: { width: 64, height: 32 } });
    for (let i = 0; i < img.data.length; i++) assert.ok(Math.abs(back.data[i] - img.data[i]) < 1e-6);
  });

  it('returns square pixels (768×576), the BT.601 raster (720×576) or a given size, scaling by density', () => {
    const { frame } = toPalRaster(wide);
    const sq = fromPalRaster(frame);
    assert.deepEqual([sq.width, sq.height, sq.channels], [768, 576, 3]);
    const pal = fromPalRaster(frame, { size: 'pal', channels: 1 });
    assert.deepEqual([pal.width, pal.height, pal.channels], [720, 576, 1]);
    const half = toPalRaster(wide, { width: 360, height: 288, scale: 0.5 }).frame;
    const sqHalf = fromPalRaster(half);
    assert.deepEqual([sqHalf.width, sqHalf.height], [768, 576]);
    // a flat input stays flat through both resamplings
    const flat = createImage(333, 222, 3, new Float32Array(333 * 222 * 3).fill(0.25));
    const out = fromPalRaster(toPalRaster(flat).frame);
    for (let i = 0; i < out.data.length; i += 101) assert.ok(Math.abs(out.data[i] - 0.25) < 1e-6);
  });

  it('rejects bad options and leaves the input unchanged', () => {
    const copy = wide.data.slice(0, 1000);
    toPalRaster(wide);
    assert.ok(sameArray(wide.data.subarray(0, 1000), copy));
    assert.throws(() => toPalRaster(wide, { fit: 'letterbox' as never }), /toPalRaster: options\.fit must be one of 'cover', 'stretch', got letterbox/);
    assert.throws(() => fromPalRaster(toPalRaster(wide).frame, { size: 'hd' as never }), /fromPalRaster: options\.size must be 'square', 'pal' or \{width, height\}, got hd/);
  });
});
