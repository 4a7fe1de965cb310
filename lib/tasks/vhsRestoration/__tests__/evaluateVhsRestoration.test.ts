import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createImage, type Image } from '../../../image';
import { writeImage } from '../../../io';
import { evaluateVhsRestoration, sampleVhsTestFrames, VHS_TEST_PHOTOS, VHS_TUNING_PHOTOS } from '..';

/** A smooth colour picture with some edges, `w`×`h`. */
function picture(w: number, h: number): Image {
  const im = createImage(w, h, 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = 3 * (y * w + x);
    im.data[i] = 0.5 + 0.4 * Math.sin(x / 23 + y / 41);
    im.data[i + 1] = (x >> 5) % 2 === 0 ? 0.3 : 0.7;
    im.data[i + 2] = 0.5 + 0.3 * Math.cos(y / 17);
  }
  return im;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-vhs-split-'));
const ready = (async () => {
  await writeImage(path.join(dir, `${VHS_TEST_PHOTOS[0] as string}.png`), picture(1100, 800));
  await writeImage(path.join(dir, `${VHS_TEST_PHOTOS[1] as string}.png`), picture(700, 500));
})();

test('test and tuning photos are disjoint', () => {
  for (const n of VHS_TEST_PHOTOS) assert.ok(!VHS_TUNING_PHOTOS.includes(n), n);
  assert.equal(VHS_TEST_PHOTOS.length + VHS_TUNING_PHOTOS.length, 12);
});

test('sampleVhsTestFrames: seeded, 768×576 clean frames cut without enlarging, truth per preset', async () => {
  await ready;
  const opts = { dir, maxPhotos: 1, presets: ['SP', 'worn'] as const, cropsPerPhoto: 2 };
  const a = await sampleVhsTestFrames(opts);
  const b = await sampleVhsTestFrames(opts);
  assert.equal(a.length, 2);
  for (const [i, f] of a.entries()) {
    assert.equal(f.clean.width, 768);
    assert.equal(f.clean.height, 576);
    assert.ok(f.downscale >= 1);
    assert.deepEqual(f.degraded.map((d) => d.preset), ['SP', 'worn']);
    assert.deepEqual(f.clean.data, b[i]?.clean.data);
    assert.deepEqual(f.degraded[1]?.image.data, b[i]?.degraded[1]?.image.data);
    assert.equal(f.degraded[0]?.image.width, 768);
  }
  // SP lags chroma 1.0 PAL sample, worn 3.0: × 768/720 at the output width.
  assert.ok(Math.abs((a[0]?.degraded[0]?.truth.chromaDelayPx as number) - 768 / 720) < 1e-9);
  assert.ok(Math.abs((a[0]?.degraded[1]?.truth.chromaDelayPx as number) - 3 * 768 / 720) < 1e-9);
  assert.equal(a[0]?.degraded[0]?.truth.headSwitchingPosition, 'bottom');
  assert.equal(a[1]?.degraded[0]?.truth.headSwitchingPosition, 'top');
  assert.notEqual(a[0]?.degraded[0]?.seed, a[1]?.degraded[0]?.seed);
});

test('sampleVhsTestFrames: refuses a photo smaller than a frame, and bad options', async () => {
  await ready;
  await assert.rejects(sampleVhsTestFrames({ dir, maxPhotos: 2, presets: ['SP'] }), /enlarging/);
  await assert.rejects(sampleVhsTestFrames({ dir, split: 'train' as never }), /split/);
  await assert.rejects(sampleVhsTestFrames({ dir, presets: ['VHS-C' as never] }), /presets/);
  await assert.rejects(sampleVhsTestFrames({ dir, cropsPerPhoto: 0 }), /cropsPerPhoto/);
});

test('evaluateVhsRestoration: identity gains 0 dB, the clean frame is perfect, a wrong size throws', async () => {
  await ready;
  const frames = await sampleVhsTestFrames({ dir, maxPhotos: 1, presets: ['digitised-clean', 'SP'] });
  const id = await evaluateVhsRestoration((im) => im, { frames });
  assert.equal(id.rows.length, 2);
  for (const r of id.rows) {
    assert.equal(r.gain, 0);
    assert.ok(r.psnrDegraded > 15 && r.psnrDegraded < 60, String(r.psnrDegraded));
    assert.ok(r.ssimDegraded > 0 && r.ssimDegraded < 1);
    assert.equal(r.ssimRestored, r.ssimDegraded);
  }
  assert.ok((id.rows[0]?.psnrDegraded as number) > (id.rows[1]?.psnrDegraded as number), 'SP is worse than digitised-clean');
  const oracle = await evaluateVhsRestoration((_im, ctx) => ctx.frame.clean, { frames, presets: ['SP'] });
  assert.equal(oracle.rows.length, 1);
  assert.equal(oracle.rows[0]?.psnrRestored, Infinity);
  assert.equal(oracle.summary[0]?.preset, 'SP');
  await assert.rejects(evaluateVhsRestoration(() => createImage(8, 8, 3), { frames }), /expected 768×576×3/);
  await assert.rejects(evaluateVhsRestoration(null as never, { frames }), /restore must be a function/);
});
