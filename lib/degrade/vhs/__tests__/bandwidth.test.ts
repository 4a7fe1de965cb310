import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VHS_PRESETS } from '../presets';
import { simulateChromaBandwidth } from '../simulateChromaBandwidth';
import { simulateLumaBandwidth } from '../simulateLumaBandwidth';
import { bandPower, copyFrame, frameFrom, noiseFrame, rowAmplitude, rowPowerSpectrum, sameArray, sameFrame } from './helpers';

/** Gain of `run` for a luma or chroma sinusoid of `mhz` on a 720-wide raster at `scale`. */
function gainAt(mhz: number, plane: 'y' | 'u', run: (f: ReturnType<typeof frameFrom>) => ReturnType<typeof frameFrom>, scale = 1): number {
  const w = Math.round(720 * scale);
  const f = mhz / (13.5 * scale);
  const wave = (x: number): number => 0.2 * Math.cos(2 * Math.PI * f * x);
  const input = plane === 'y' ? frameFrom(w, 2, (x) => 0.5 + wave(x), () => 0, () => 0, scale) : frameFrom(w, 2, () => 0.5, (x) => wave(x), () => 0, scale);
  const out = run(input);
  const x0 = Math.round(w * 0.15), x1 = Math.round(w * 0.85);
  return rowAmplitude(out[plane], w, 1, f, x0, x1) / rowAmplitude(input[plane], w, 1, f, x0, x1);
}

/** First frequency (MHz, 0.01 MHz steps) where the gain falls below 1/√2. */
function measuredCutoff(plane: 'y' | 'u', run: (f: ReturnType<typeof frameFrom>) => ReturnType<typeof frameFrom>, from: number, to: number): number {
  for (let mhz = from; mhz <= to; mhz += 0.01) if (gainAt(mhz, plane, run) < Math.SQRT1_2) return mhz;
  return NaN;
}

describe('simulateLumaBandwidth', () => {
  it('is −3 dB at the stated cut-off (BT.601: f / 13.5 MHz cycles per sample)', () => {
    for (const mhz of [2.3, 3.0, 5.0]) {
      const g = gainAt(mhz, 'y', (fr) => simulateLumaBandwidth(fr, { cutoffMHz: mhz }));
      assert.ok(Math.abs(g - Math.SQRT1_2) < 0.01, `${mhz} MHz: gain ${g}`);
      const pass = gainAt(mhz * 0.5, 'y', (fr) => simulateLumaBandwidth(fr, { cutoffMHz: mhz }));
      assert.ok(pass > 0.97, `passband gain at ${mhz / 2} MHz is ${pass}`);
      const stop = gainAt(mhz + 1.2, 'y', (fr) => simulateLumaBandwidth(fr, { cutoffMHz: mhz }));
      assert.ok(stop < 0.1, `stopband gain at ${mhz + 1.2} MHz is ${stop}`);
    }
  });

  it('measured bandwidth decreases SP > LP > EP (3.0 / 2.7 / 2.4 MHz)', () => {
    const measured = (['SP', 'LP', 'EP'] as const).map((p) => measuredCutoff('y', (fr) => simulateLumaBandwidth(fr, VHS_PRESETS[p].lumaBandwidth), 1.5, 4.5));
    assert.ok(measured[0] > measured[1] && measured[1] > measured[2], `measured ${measured.join(', ')}`);
    assert.ok(Math.abs(measured[0] - 3.0) <= 0.03 && Math.abs(measured[1] - 2.7) <= 0.03 && Math.abs(measured[2] - 2.4) <= 0.03, `measured ${measured.join(', ')}`);
  });

  it('keeps the −3 dB point in MHz on a half-density raster', () => {
    const g = gainAt(2.0, 'y', (fr) => simulateLumaBandwidth(fr, { cutoffMHz: 2.0 }), 0.5);
    assert.ok(Math.abs(g - Math.SQRT1_2) < 0.01, `gain ${g}`);
  });

  it('leaves chroma untouched, the input unchanged, and is the identity at strength 0', () => {
    const f = noiseFrame(64, 8, 3);
    const before = copyFrame(f);
    const out = simulateLumaBandwidth(f, { cutoffMHz: 2 });
    assert.ok(sameArray(out.u, f.u) && sameArray(out.v, f.v));
    assert.ok(!sameArray(out.y, f.y));
    assert.ok(sameFrame(f, before));
    assert.ok(sameFrame(simulateLumaBandwidth(f, { strength: 0 }), before));
  });

  it('rejects bad options with a message naming them', () => {
    const f = noiseFrame(16, 4, 1);
    assert.throws(() => simulateLumaBandwidth(f, { cutoffMHz: -1 }), /simulateLumaBandwidth: options\.cutoffMHz must be a number in \[0\.001, 1000\], got -1/);
    assert.throws(() => simulateLumaBandwidth(f, { filter: 'box' as never }), /options\.filter must be one of 'windowed-sinc', 'gaussian', got box/);
    assert.throws(() => simulateLumaBandwidth({} as never), /simulateLumaBandwidth: frame\.width must be a positive integer/);
  });
});

describe('simulateChromaBandwidth', () => {
  it('is −3 dB at 0.5 MHz and keeps luma', () => {
    const g = gainAt(0.5, 'u', (fr) => simulateChromaBandwidth(fr, { cutoffMHz: 0.5 }));
    assert.ok(Math.abs(g - Math.SQRT1_2) < 0.01, `gain ${g}`);
    const g2 = gainAt(0.5, 'u', (fr) => simulateChromaBandwidth(fr, { cutoffMHz: 0.5 }), 0.5);
    assert.ok(Math.abs(g2 - Math.SQRT1_2) < 0.01, `gain at scale 0.5: ${g2}`);
  });

  it('attenuates the chroma spectrum above the cut-off, not below (row DFT)', () => {
    const f = noiseFrame(720, 12, 9);
    const out = simulateChromaBandwidth(f, { cutoffMHz: 0.5 });
    const fc = 0.5 / 13.5;
    for (const p of ['u', 'v'] as const) {
      const si = rowPowerSpectrum(f[p], 720, 12), so = rowPowerSpectrum(out[p], 720, 12);
      const below = bandPower(so, 720, 0, 0.5 * fc) / bandPower(si, 720, 0, 0.5 * fc);
      const above = bandPower(so, 720, 2 * fc, 0.51) / bandPower(si, 720, 2 * fc, 0.51);
      assert.ok(below > 0.75, `${p}: power kept below fc/2 = ${below}`);
      assert.ok(above < 0.01, `${p}: power kept above 2·fc = ${above}`);
    }
    assert.ok(sameArray(out.y, f.y));
  });

  it('is the identity at strength 0 and half-way at strength 0.5', () => {
    const f = noiseFrame(64, 4, 2);
    assert.ok(sameFrame(simulateChromaBandwidth(f, { strength: 0 }), f));
    const full = simulateChromaBandwidth(f, {});
    const half = simulateChromaBandwidth(f, { strength: 0.5 });
    for (let i = 0; i < f.u.length; i += 7) assert.ok(Math.abs(half.u[i] - (f.u[i] + full.u[i]) / 2) < 1e-6);
  });
});
