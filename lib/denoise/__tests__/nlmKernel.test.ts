import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { NLM_T_MAX, nlmDenoiseRowsJs, nlmPad, type NlmKernelParams } from '../nlmKernel';
import { nlmDenoiseRowsWasm, nlmWasmAvailable } from '../nlmWasm';
import { NLM_WASM_BASE64 } from '../wasm/nlmWasmBinary';
import { createRng } from '../../random';
import { borderIndex } from '../../filters/borderIndex';

/** lib/denoise/wasm, found from the compiled test in dist/denoise/__tests__. */
const WASM_DIR = resolve(__dirname, '../../../lib/denoise/wasm');
/** Fixed-point scale of the samples (nonLocalMeans uses the largest power of two that keeps sums exact). */
const SCALE = 2 ** 20;
/** Fade slope of the JavaScript kernel's table over its last step before NLM_T_MAX (see nlmKernel.ts). */
const FADE = 256 * Math.exp(-(NLM_T_MAX * 256 - 1) / 256);

interface Case {
  width: number;
  height: number;
  channels: 1 | 3;
  patchSize: number;
  searchSize: number;
  h: number;
  sigma: number;
}

/** Padded fixed-point planes of a seeded noisy pattern, and the kernel parameters, as nonLocalMeans builds them. */
function setup(k: Case, seed: number): { src: Float32Array[]; params: NlmKernelParams } {
  const rng = createRng(seed);
  const r = (k.patchSize - 1) / 2;
  const R = (k.searchSize - 1) / 2;
  const pad = nlmPad(r, R);
  const pw = k.width + 2 * pad;
  const ph = k.height + 2 * pad;
  const src: Float32Array[] = [];
  for (let c = 0; c < k.channels; c++) {
    const plane = new Float32Array(k.width * k.height);
    for (let y = 0; y < k.height; y++) {
      for (let x = 0; x < k.width; x++) {
        const v = (x > k.width / 2 ? 0.7 : 0.3) + 0.1 * Math.sin((x + 2 * y + 3 * c) / 3) + k.sigma * rng.nextNormal();
        plane[y * k.width + x] = Math.round(v * SCALE);
      }
    }
    const padded = new Float32Array(pw * ph);
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        padded[y * pw + x] = plane[borderIndex(y - pad, k.height, 'reflect101') * k.width + borderIndex(x - pad, k.width, 'reflect101')];
      }
    }
    src.push(padded);
  }
  const hq = k.h * SCALE;
  const params: NlmKernelParams = {
    width: k.width,
    height: k.height,
    channels: k.channels,
    pad,
    patchRadius: r,
    searchRadius: R,
    distScale: 1 / (k.channels * k.patchSize * k.patchSize * hq * hq),
    distOffset: (2 * k.sigma * k.sigma) / (k.h * k.h),
  };
  return { src, params };
}

function planes(k: Case): Float32Array[] {
  return Array.from({ length: k.channels }, () => new Float32Array(k.width * k.height));
}

test('the WebAssembly SIMD kernel is available and embeds the committed nlm.wasm', () => {
  assert.equal(nlmWasmAvailable(), true);
  assert.deepEqual(Buffer.from(NLM_WASM_BASE64, 'base64'), readFileSync(resolve(WASM_DIR, 'nlm.wasm')));
});

test('WebAssembly and JavaScript kernels agree within 1e-5 on odd-sized colour and grey images', () => {
  const cases: Case[] = [
    { width: 37, height: 29, channels: 3, patchSize: 7, searchSize: 21, h: 0.045, sigma: 0.1 },
    { width: 53, height: 41, channels: 1, patchSize: 7, searchSize: 21, h: 0.06, sigma: 0.1 },
    { width: 31, height: 45, channels: 3, patchSize: 5, searchSize: 11, h: 0.04, sigma: 0.08 },
    { width: 19, height: 7, channels: 1, patchSize: 3, searchSize: 9, h: 0.05, sigma: 0 },
    { width: 3, height: 5, channels: 3, patchSize: 9, searchSize: 5, h: 0.05, sigma: 0.05 },
    { width: 1, height: 11, channels: 1, patchSize: 1, searchSize: 3, h: 0.05, sigma: 0.02 },
  ];
  cases.forEach((k, i) => {
    const { src, params } = setup(k, 100 + i);
    const js = planes(k);
    const wasm = planes(k);
    nlmDenoiseRowsJs(src, js, params, 0, k.height);
    nlmDenoiseRowsWasm(src, wasm, params, 0, k.height, NLM_T_MAX, FADE);
    let diff = 0;
    let change = 0;
    for (let c = 0; c < k.channels; c++) {
      for (let p = 0; p < k.width * k.height; p++) {
        diff = Math.max(diff, Math.abs(js[c][p] - wasm[c][p]) / SCALE);
        const q = (Math.floor(p / k.width) + params.pad) * (k.width + 2 * params.pad) + (p % k.width) + params.pad;
        change = Math.max(change, Math.abs(js[c][p] - src[c][q]) / SCALE);
      }
    }
    assert.ok(diff <= 1e-5, `${JSON.stringify(k)}: max |wasm − js| = ${diff}`);
    // The comparison must be able to fail: the kernels changed the image.
    assert.ok(change > 0.01, `${JSON.stringify(k)}: max change ${change}`);
  });
});

test('WebAssembly kernel: output independent of the split into bands (bit-identical)', () => {
  const k: Case = { width: 45, height: 38, channels: 3, patchSize: 7, searchSize: 21, h: 0.045, sigma: 0.1 };
  const { src, params } = setup(k, 7);
  const whole = planes(k);
  nlmDenoiseRowsWasm(src, whole, params, 0, k.height, NLM_T_MAX, FADE);
  for (const cuts of [[0, 13, 38], [0, 1, 20, 29, 38]]) {
    const split = planes(k);
    for (let i = 0; i + 1 < cuts.length; i++) nlmDenoiseRowsWasm(src, split, params, cuts[i], cuts[i + 1], NLM_T_MAX, FADE);
    assert.deepEqual(split, whole, `cuts ${cuts.join(',')}`);
  }
});
