import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateDropouts } from '../simulateDropouts';
import { simulateHeadSwitching } from '../simulateHeadSwitching';
import { simulateTrackingNoise } from '../simulateTrackingNoise';
import type { YuvFrame } from '../YuvFrame';
import { copyFrame, frameFrom, noiseFrame, sameArray, sameFrame } from './helpers';

function changedRows(a: YuvFrame, b: YuvFrame): number[] {
  const rows: number[] = [];
  for (let y = 0; y < a.height; y++) {
    const o = y * a.width, e = o + a.width;
    if (!sameArray(a.y.subarray(o, e), b.y.subarray(o, e)) || !sameArray(a.u.subarray(o, e), b.u.subarray(o, e)) || !sameArray(a.v.subarray(o, e), b.v.subarray(o, e))) rows.push(y);
  }
  return rows;
}

describe('simulateHeadSwitching', () => {
  const f = noiseFrame(120, 576, 4);

  it('changes exactly the bottom 2·linesPerField rows', () => {
    const before = copyFrame(f);
    const out = simulateHeadSwitching(f, { linesPerField: 6, shiftPx: 10, seed: 1 });
    assert.deepEqual(changedRows(f, out), Array.from({ length: 12 }, (_, k) => 564 + k));
    assert.ok(sameFrame(f, before));
  });

  it('changes exactly the top rows when placed at the top, and scales with the raster', () => {
    const out = simulateHeadSwitching(f, { position: 'top', linesPerField: 7, seed: 2 });
    assert.deepEqual(changedRows(f, out), Array.from({ length: 14 }, (_, k) => k));
    const half = noiseFrame(60, 288, 4, 0.5);
    assert.deepEqual(changedRows(half, simulateHeadSwitching(half, { linesPerField: 5, seed: 1 })), [283, 284, 285, 286, 287]);
  });

  it('skews the band more towards the frame edge', () => {
    const ramp = (x: number): number => Math.max(0, Math.min(1, (x - 50) / 10));
    const edge = frameFrom(120, 40, (x) => 0.1 + 0.8 * ramp(x));
    const out = simulateHeadSwitching(edge, { linesPerField: 5, shiftPx: 20, skewJitterPx: 0, noise: 0, switchStart: 1 });
    const pos = (y: number): number => {
      for (let x = 1; x < 120; x++) if (out.y[y * 120 + x] >= 0.5) return x;
      return NaN;
    };
    assert.ok(pos(39) > pos(35) && pos(35) > pos(31), `${pos(31)} ${pos(35)} ${pos(39)}`);
    assert.ok(Math.abs(pos(39) - 75) <= 1, `outermost line moved to ${pos(39)}`);
  });

  it('is the identity at strength 0 and reproducible', () => {
    assert.ok(sameFrame(simulateHeadSwitching(f, { strength: 0 }), f));
    assert.ok(sameFrame(simulateHeadSwitching(f, { seed: 5 }), simulateHeadSwitching(f, { seed: 5 })));
    assert.throws(() => simulateHeadSwitching(f, { position: 'middle' as never }), /options\.position must be one of 'bottom', 'top', got middle/);
  });
});

describe('simulateDropouts', () => {
  const f = frameFrom(720, 576, (x, y) => 0.4 + 0.1 * Math.sin(x / 9 + y / 7), () => 0.05, () => -0.05);

  it('draws row-coherent horizontal streaks: white or black, colourless, at least minLength long', () => {
    const out = simulateDropouts(f, { ratePerField: 20, minLengthUs: 1, tailUs: 0, seed: 3 });
    const rows = changedRows(f, out);
    assert.ok(rows.length >= 20 && rows.length <= 60, `${rows.length} rows`);
    let white = 0, black = 0;
    for (const y of rows) {
      let run = 0;
      const runs: number[] = [];
      for (let x = 0; x < 720; x++) {
        const i = y * 720 + x;
        if (out.y[i] !== f.y[i]) {
          run++;
          assert.equal(out.u[i], 0);
          if (out.y[i] > 0.8) white++;
          else if (out.y[i] < 0.2) black++;
          else assert.fail(`streak sample ${out.y[i]} is neither white nor black`);
        } else if (run > 0) {
          runs.push(run);
          run = 0;
        }
      }
      if (run > 0) runs.push(run);
      // a streak shorter than 13.5 samples (1 µs) is only possible at the right edge of the line
      for (const r of runs.slice(0, -1)) assert.ok(r >= 13, `run of ${r} samples on row ${y}`);
    }
    assert.ok(white > black && black > 0, `white ${white}, black ${black}`);
  });

  it('conceals dropouts by repeating the previous line of the field', () => {
    const out = simulateDropouts(f, { ratePerField: 20, concealFraction: 1, seed: 3 });
    const rows = changedRows(f, out);
    assert.ok(rows.length > 0);
    for (const y of rows) {
      for (let x = 0; x < 720; x++) {
        const i = y * 720 + x;
        if (out.y[i] !== f.y[i]) assert.equal(out.y[i], out.y[i - 2 * 720]);
      }
    }
  });

  it('scales the expected count with the covered picture area', () => {
    let full = 0, patch = 0;
    for (let s = 0; s < 30; s++) {
      full += changedRows(f, simulateDropouts(f, { ratePerField: 2, seed: s })).length;
      const p = frameFrom(180, 144, () => 0.5);
      patch += changedRows(p, simulateDropouts(p, { ratePerField: 2, seed: s })).length;
    }
    // 4 per frame on average; the 180×144 patch covers 1/16 of the frame
    assert.ok(full > 80 && full < 160, `full ${full}`);
    assert.ok(patch < 25, `patch ${patch}`);
  });

  it('is the identity at strength 0, reproducible, and seed-dependent', () => {
    assert.ok(sameFrame(simulateDropouts(f, { strength: 0, ratePerField: 50 }), f));
    const a = simulateDropouts(f, { ratePerField: 5, seed: 8 });
    assert.ok(sameFrame(a, simulateDropouts(f, { ratePerField: 5, seed: 8 })));
    assert.ok(!sameFrame(a, simulateDropouts(f, { ratePerField: 5, seed: 9 })));
    assert.throws(() => simulateDropouts(f, { medianLengthUs: 100 }), /simulateDropouts: options\.medianLengthUs must be a number in \[0\.5, 50\], got 100/);
  });
});

describe('simulateTrackingNoise', () => {
  const f = noiseFrame(200, 288, 6);

  it('changes only the rows of the band, centred where asked', () => {
    const out = simulateTrackingNoise(f, { position: 0.5, heightLines: 12, seed: 2 });
    const rows = changedRows(f, out);
    assert.equal(rows.length, 12);
    assert.equal(rows[0], 138);
    assert.equal(rows[11], 149);
  });

  it('is noisiest in the middle of the band', () => {
    const flat = frameFrom(400, 100, () => 0.5);
    const out = simulateTrackingNoise(flat, { position: 0.5, heightLines: 20, snowDensity: 0, shiftPx: 0, seed: 4 });
    const rowSd = (y: number): number => {
      let ss = 0;
      for (let x = 0; x < 400; x++) ss += (out.y[y * 400 + x] - 0.5) ** 2;
      return Math.sqrt(ss / 400);
    };
    assert.ok(rowSd(50) > 0.2 && rowSd(41) < 0.1, `${rowSd(50)} ${rowSd(41)}`);
  });

  it('is the identity at strength 0 or with no bands', () => {
    assert.ok(sameFrame(simulateTrackingNoise(f, { strength: 0 }), f));
    assert.ok(sameFrame(simulateTrackingNoise(f, { bands: 0 }), f));
  });
});
