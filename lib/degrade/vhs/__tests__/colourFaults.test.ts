import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { createImage, type Image } from '../../../image';
import { readImage } from '../../../io';
import { computePsnr } from '../../../metrics';
import { simulateChromaBars } from '../simulateChromaBars';
import { jpegQuantTable, simulateJpeg } from '../simulateJpeg';
import { simulateLevels } from '../simulateLevels';
import { simulatePosterise } from '../simulatePosterise';
import { yuvFrameToRgb } from '../YuvFrame';
import { frameFrom, sameArray, sameFrame } from './helpers';

const KODAK = '/work/shared/datasets/kodak24';

describe('simulateChromaBars', () => {
  const f = frameFrom(40, 100, (x, y) => 0.3 + 0.004 * y + 0.002 * x, () => 0.02, () => -0.03);

  it('greening: digital Cb = Cr ≈ 0 in a band of rows at the top, luma kept, other rows untouched', () => {
    const out = simulateChromaBars(f, { colour: 'green', opacity: 1, heightFraction: 0.2, edgeLines: 0 });
    assert.equal(out.y, f.y);
    const rgb = yuvFrameToRgb(out);
    for (let y = 0; y < 20; y++) {
      const i = (y * 40 + 5) * 3;
      const [r, g, b] = [rgb.data[i], rgb.data[i + 1], rgb.data[i + 2]];
      assert.ok(g > r && g > b, `row ${y} is not green: ${r} ${g} ${b}`);
      const o = y * 40 + 5;
      const cb = 128 + (224 * out.u[o]) / 0.8736, cr = 128 + (224 * out.v[o]) / 1.2296;
      assert.ok(Math.abs(cb) < 0.5 && Math.abs(cr) < 0.5, `Cb ${cb}, Cr ${cr}`);
    }
    assert.ok(sameArray(out.u.subarray(20 * 40), f.u.subarray(20 * 40)));
  });

  it('pinking: U and V pulled to their maxima (magenta)', () => {
    const out = simulateChromaBars(f, { colour: 'pink', opacity: 1, position: 0.5, heightFraction: 0.1, edgeLines: 0 });
    const rgb = yuvFrameToRgb(out);
    const i = (55 * 40 + 5) * 3;
    assert.ok(rgb.data[i] > rgb.data[i + 1] + 0.3 && rgb.data[i + 2] > rgb.data[i + 1] + 0.3, 'magenta');
    assert.ok(sameArray(out.u.subarray(0, 50 * 40), f.u.subarray(0, 50 * 40)));
  });

  it('appears with the given probability and is the identity at strength 0', () => {
    let n = 0;
    for (let s = 0; s < 200; s++) if (!sameFrame(simulateChromaBars(f, { probability: 0.25, seed: s }), f)) n++;
    assert.ok(n > 30 && n < 70, `${n} of 200`);
    assert.ok(sameFrame(simulateChromaBars(f, { strength: 0 }), f));
  });
});

describe('simulateLevels', () => {
  const f = frameFrom(64, 4, (x) => x / 63, () => 0.1, () => 0.1);

  it('over-exposes: brighter, soft-clipped to at most 1, highlights desaturated', () => {
    const out = simulateLevels(f, { gain: 1.3, knee: 0.8 });
    for (let x = 1; x < 64; x++) {
      assert.ok(out.y[x] <= 1 && (x > 35 || Math.abs(out.y[x] - f.y[x] * 1.3) < 1e-6), `x ${x}`);
      assert.ok(out.y[x] >= out.y[x - 1], 'monotonic');
    }
    assert.ok(out.y[63] > 0.95);
    assert.ok(Math.abs(out.u[63]) < 0.3 * Math.abs(out.u[10]));
  });

  it('scales saturation and is the identity at its defaults and at strength 0', () => {
    const out = simulateLevels(f, { saturation: 0.8 });
    assert.ok(Math.abs(out.u[5] - 0.08) < 1e-7 && out.y === out.y);
    assert.ok(sameFrame(simulateLevels(f, {}), f));
    assert.ok(sameFrame(simulateLevels(f, { strength: 0, gain: 2 }), f));
  });
});

describe('simulatePosterise', () => {
  it('keeps at most 2^bits levels per channel and is the identity at strength 0', () => {
    const img = createImage(50, 10, 3, Float32Array.from({ length: 1500 }, (_, i) => (i % 997) / 996));
    const out = simulatePosterise(img, { bits: 3 });
    assert.ok(new Set(out.data).size <= 8);
    assert.ok(sameArray(simulatePosterise(img, { strength: 0, bits: 2 }).data, img.data));
    assert.throws(() => simulatePosterise(img, { bits: 0 }), /simulatePosterise: options\.bits must be an integer in \[1, 16\], got 0/);
  });
});

describe('simulateJpeg', () => {
  /** The quantisation tables in a JPEG stream (DQT segments, 8-bit precision, zig-zag order). */
  function dqtTables(buf: Buffer): number[][] {
    const zigzag = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63];
    const tables: number[][] = [];
    let i = 2;
    while (i < buf.length) {
      const marker = buf.readUInt16BE(i);
      const len = buf.readUInt16BE(i + 2);
      if (marker === 0xffdb) {
        let j = i + 4;
        while (j < i + 2 + len) {
          const t = new Array<number>(64);
          for (let k = 0; k < 64; k++) t[zigzag[k] as number] = buf[j + 1 + k] as number;
          tables.push(t);
          j += 65;
        }
      }
      if (marker === 0xffda) break;
      i += 2 + len;
    }
    return tables;
  }

  async function sharpJpeg(img: Image, quality: number): Promise<{ image: Image; tables: number[][] }> {
    const raw = Buffer.from(Uint8Array.from(img.data, (v) => Math.round(v * 255)));
    const jpeg = await sharp(raw, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
    return { image: await readImage(jpeg), tables: dqtTables(jpeg) };
  }

  it('uses the same quantisation tables as libjpeg (sharp) at the same quality', async () => {
    const img = await readImage(`${KODAK}/kodim03.png`);
    for (const q of [20, 50, 75, 90]) {
      const { tables } = await sharpJpeg(img, q);
      assert.equal(tables.length, 2);
      assert.deepEqual(Array.from(jpegQuantTable([16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], q)), tables[0]);
    }
  });

  it('degrades a photo like libjpeg-turbo (sharp) does: PSNR within 0.6 dB, result close to sharp decode', async () => {
    const img = await readImage(`${KODAK}/kodim05.png`);
    for (const q of [30, 75]) {
      const ref = (await sharpJpeg(img, q)).image;
      const ours = simulateJpeg(img, { quality: q });
      const pRef = computePsnr(img, ref), pOurs = computePsnr(img, ours);
      assert.ok(Math.abs(pRef - pOurs) < 0.6, `q${q}: sharp ${pRef.toFixed(2)} dB, ours ${pOurs.toFixed(2)} dB`);
      assert.ok(computePsnr(ref, ours) > pRef + 8, `q${q}: ours vs sharp ${computePsnr(ref, ours).toFixed(2)} dB`);
    }
  });

  it('creates 8×8 blocking: larger jumps across block boundaries than inside blocks', () => {
    const smooth = frameFrom(64, 64, (x, y) => 0.3 + 0.004 * x + 0.003 * y + 0.02 * Math.sin(x * 0.3) * Math.cos(y * 0.2));
    const img = yuvFrameToRgb(smooth);
    const out = simulateJpeg(img, { quality: 10 });
    let across = 0, inside = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 1; x < 64; x++) {
        const d = Math.abs(out.data[(y * 64 + x) * 3] - out.data[(y * 64 + x - 1) * 3]) - Math.abs(img.data[(y * 64 + x) * 3] - img.data[(y * 64 + x - 1) * 3]);
        if (x % 8 === 0) across += d / 7;
        else inside += d / 49;
      }
    }
    assert.ok(across > 2 * inside, `across ${across}, inside ${inside}`);
  });

  it('is the identity at strength 0 and leaves the input unchanged', () => {
    const img = createImage(16, 16, 3, Float32Array.from({ length: 768 }, (_, i) => (i % 13) / 12));
    const copy = img.data.slice();
    assert.ok(sameArray(simulateJpeg(img, { strength: 0 }).data, img.data));
    simulateJpeg(img, { quality: 5 });
    assert.ok(sameArray(img.data, copy));
    assert.throws(() => simulateJpeg(img, { subsampling: '4:1:1' as never }), /simulateJpeg: options\.subsampling must be one of '4:2:0', '4:2:2', '4:4:4', got 4:1:1/);
  });
});
