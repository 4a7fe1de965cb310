import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createImage, cropImage, type Image } from '../../../image';
import { readImage } from '../../../io';
import { resolveDataset } from '../../../datasets';
import { computePsnr } from '../../../metrics';
import { simulateVhs, type VhsPresetName } from '../../../degrade/vhs';
import { simulateHeadSwitchingWithBand } from '../../../degrade/vhs/simulateHeadSwitching';
import { createYuvFrame } from '../../../degrade/vhs/YuvFrame';
import { buildVhsResidualNet } from '../../../networks';
import { applyVhsResidualNet, detectHeadSwitchingBand, loadVhsRestorationModel, repairHeadSwitchingBand, restoreVhsChain, VHS_CHAIN_STAGES } from '..';

const SHIPPED = path.resolve(__dirname, '..', '..', '..', '..', 'models', 'vhs-chain');

/** A kodak24 photo of the mirror (500×500), cut to `height` rows. */
async function kodakFrame(name: string, height = 500): Promise<Image> {
  const photo = await readImage(path.join((await resolveDataset('kodak24')).dir, `${name}.png`), { channels: 3 });
  return cropImage(photo, 0, 0, photo.width, Math.min(height, photo.height));
}

/** The degraded frame (one row per line) and the band the simulator drew. */
function degrade(clean: Image, preset: VhsPresetName, position: 'top' | 'bottom', seed: number): { image: Image; band: { start: number; end: number } } {
  const { image, record } = simulateVhs(clean, { preset, seed, raster: { width: Math.round((clean.width * 15) / 16), height: clean.height }, outputSize: 'input', fit: 'stretch', overrides: { headSwitching: { position } } });
  const hs = record.effects.find((e) => e.name === 'headSwitching');
  let band = { start: 0, end: 0 };
  if (hs !== undefined && (hs.params as { strength?: number }).strength !== 0) {
    const b = simulateHeadSwitchingWithBand(createYuvFrame(record.raster.width, record.raster.height, record.raster.scale), { ...hs.params, seed: hs.seed }).band;
    band = { start: b.start, end: b.end };
  }
  return { image, band };
}

test('detectHeadSwitchingBand finds the simulator\'s band at the top and at the bottom, and none on a clean capture', async () => {
  const clean = await kodakFrame('kodim05');
  for (const [preset, position, seed] of [['SP', 'bottom', 1], ['LP', 'top', 2], ['EP', 'bottom', 3], ['worn', 'top', 4]] as const) {
    const { image, band } = degrade(clean, preset, position, seed);
    const found = detectHeadSwitchingBand(image);
    assert.equal(found.position, position, `${preset}: position`);
    // At least the outer half of the band is found (its inner lines are barely torn), and at most 6
    // rows beyond it (JPEG blocks spread the band's noise over the rows next to it).
    const n = band.end - band.start, m = found.end - found.start;
    assert.ok(m >= n / 2 && m <= n + 6, `${preset}: found [${found.start}, ${found.end}) for [${band.start}, ${band.end})`);
    assert.ok(position === 'top' ? found.start === 0 : found.end === 500, `${preset}: at the edge`);
  }
  const { image } = degrade(clean, 'digitised-clean', 'bottom', 5);
  assert.equal(detectHeadSwitchingBand(image).position, 'none');
  assert.throws(() => detectHeadSwitchingBand(createImage(64, 100, 3)), /fewer than 6 × options\.maxRows/);
  assert.throws(() => detectHeadSwitchingBand(image, { noiseRatio: 1 }), /options\.noiseRatio/);
});

test('repairHeadSwitchingBand copies the nearest row of the same field into each band row', () => {
  const im = createImage(4, 10, 1);
  for (let y = 0; y < 10; y++) im.data.fill(y, y * 4, y * 4 + 4);
  const bottom = repairHeadSwitchingBand(im, { position: 'bottom', start: 7, end: 10 }, { maxDifference: Infinity });
  assert.deepEqual(Array.from({ length: 10 }, (_, y) => bottom.data[y * 4]), [0, 1, 2, 3, 4, 5, 6, 5, 6, 5]);
  const top = repairHeadSwitchingBand(im, { position: 'top', start: 0, end: 3 }, { maxDifference: Infinity });
  assert.deepEqual(Array.from({ length: 10 }, (_, y) => top.data[y * 4]), [4, 3, 4, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(im.data[36], 9, 'the input is not modified');
  // By default a row is kept where the row it would be replaced with is another picture (here 2 levels away).
  assert.deepEqual(repairHeadSwitchingBand(im, { position: 'bottom', start: 7, end: 10 }).data, im.data);
  assert.deepEqual(repairHeadSwitchingBand(im, { position: 'none', start: 0, end: 0 }).data, im.data);
  assert.throws(() => repairHeadSwitchingBand(im, { position: 'bottom', start: 3, end: 8 }), /must touch that edge/);
});

test('restoreVhsChain: the classical stages restore an LP frame and leave a clean capture alone', async () => {
  const model = await loadVhsRestorationModel(SHIPPED);
  try {
    const clean = await kodakFrame('kodim23');
    const stages = ['lines', 'band', 'dropouts', 'chroma'] as const;
    const lp = degrade(clean, 'LP', 'bottom', 11).image;
    const r = model.restore(lp, { stages, rowsAreLines: true });
    const gain = computePsnr(r.image, clean, { dataRange: 1 }) - computePsnr(lp, clean, { dataRange: 1 });
    assert.ok(gain > 0.5, `LP gain ${gain.toFixed(3)} dB`);
    assert.deepEqual(r.timings.map((t) => t.stage), [...stages]);
    assert.equal(r.estimates.band?.position, 'bottom');
    assert.ok(r.estimates.chromaDelayPx !== null && Math.abs(r.estimates.chromaDelayPx - 1.5 * (16 / 15)) < 1, `chroma delay ${r.estimates.chromaDelayPx}`);
    const dc = degrade(clean, 'digitised-clean', 'bottom', 12).image;
    const rc = model.restore(dc, { stages, rowsAreLines: true });
    const loss = computePsnr(rc.image, clean, { dataRange: 1 }) - computePsnr(dc, clean, { dataRange: 1 });
    assert.ok(loss > -0.1, `digitised-clean change ${loss.toFixed(3)} dB`);
    assert.equal(rc.estimates.band?.position, 'none');
  } finally {
    model.dispose();
  }
});

test('restoreVhsChain: other sizes go through 576 lines and back; options are checked', async () => {
  const model = await loadVhsRestorationModel(SHIPPED);
  try {
    const clean = await kodakFrame('kodim05', 400);
    const r = model.restore(clean, { stages: ['band', 'chroma'] });
    assert.equal(r.resampled, true);
    assert.equal(r.image.width, 500);
    assert.equal(r.image.height, 400);
    assert.equal(r.timings[0]?.stage, 'resample');
    const same = model.restore(clean, { stages: ['band', 'chroma'], rowsAreLines: true });
    assert.equal(same.resampled, false);
    assert.throws(() => restoreVhsChain(clean, {}, { stages: ['lines'] }), /needs models\.lineShiftNet/);
    assert.throws(() => restoreVhsChain(clean, {}, { stages: ['residual'] }), /needs models\.residualNet/);
    assert.throws(() => restoreVhsChain(clean, {}, { stages: ['deinterlace' as never] }), /options\.stages\[\]/);
    assert.throws(() => restoreVhsChain(createImage(768, 576, 1), {}), /must be RGB/);
    assert.deepEqual([...VHS_CHAIN_STAGES], ['lines', 'band', 'dropouts', 'chroma', 'residual']);
  } finally {
    model.dispose();
  }
  await assert.rejects(loadVhsRestorationModel('/nonexistent/vhs-chain'), /has no model\.json: not a VHS chain folder/);
});

test('buildVhsResidualNet scale 2: half-resolution body, identity before training, odd sizes padded', () => {
  const net = buildVhsResidualNet({ width: 40, depth: 6, scale: 2 });
  assert.equal(net.countParams(), 87643);
  const im = createImage(33, 21, 3);
  for (let i = 0; i < im.data.length; i++) im.data[i] = (i % 97) / 97;
  const before = tf.memory().numTensors;
  const out = applyVhsResidualNet(net, im);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(out.width, 33);
  assert.equal(out.height, 21);
  let err = 0;
  for (let i = 0; i < im.data.length; i++) err = Math.max(err, Math.abs((out.data[i] as number) - (im.data[i] as number)));
  assert.ok(err < 2e-3, `identity up to the Y′CbCr round trip, max error ${err}`);
  assert.throws(() => buildVhsResidualNet({ scale: 3 as never }), /options\.scale must be 1 or 2/);
  net.dispose();
});
