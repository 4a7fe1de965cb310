import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { main } from '..';
import { createImage, type Image } from '../../image';
import { readImage, writeImage } from '../../io';
import { addGaussianNoise } from '../../degrade';
import { gaussianBlur } from '../../filters';
import { computeBlurScore, computePsnr, computeSsim, estimateNoiseSigma } from '../../metrics';
import { denoiseImage } from '../../enhance';

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb(); } });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

/** A small smooth colour scene with edges (not random, so blur and noise estimates are meaningful). */
function scene(w: number, h: number): Image {
  const d = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const disc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (w / 4) ** 2 ? 0.35 : 0;
      d[i] = 0.2 + 0.5 * (x / w) + disc;
      d[i + 1] = 0.3 + 0.3 * Math.sin(y / 5) * 0.5 + (x > w / 3 && x < w / 2 ? 0.3 : 0);
      d[i + 2] = 0.6 - 0.4 * (y / h);
    }
  }
  return createImage(w, h, 3, d);
}

interface Fixture {
  dir: string;
  inDir: string;
  files: Record<string, string>;
  bytes: Record<string, Buffer>;
  cleanup(): void;
}

async function makeFixture(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-imgcmd-'));
  const inDir = path.join(dir, 'in');
  const clean = scene(48, 40);
  const files = {
    noisy: path.join(inDir, 'noisy.png'),
    blurred: path.join(inDir, 'sub', 'blurred.png'),
    clean: path.join(inDir, 'clean.png'),
    corrupt: path.join(inDir, 'corrupt.png'),
  };
  await writeImage(files.clean, clean);
  await writeImage(files.noisy, addGaussianNoise(clean, 20 / 255, { seed: 3 }));
  await writeImage(files.blurred, gaussianBlur(clean, 2));
  // A PNG signature followed by garbage: a damaged scan.
  fs.writeFileSync(files.corrupt, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png')]));
  const bytes: Record<string, Buffer> = {};
  for (const [k, f] of Object.entries(files)) bytes[k] = fs.readFileSync(f);
  return { dir, inDir, files, bytes, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function assertOriginalsUntouched(fx: Fixture): void {
  for (const [k, f] of Object.entries(fx.files)) assert.ok(fs.readFileSync(f).equals(fx.bytes[k] as Buffer), `${k} input changed`);
}

test('tounum denoise: folder input, outputs written, corrupt file reported, batch goes on, exit 1, originals byte-identical', async () => {
  const fx = await makeFixture();
  try {
    const out = path.join(fx.dir, 'out');
    const r = await run(['denoise', fx.inDir, '-o', out, '--no-progress']);
    assert.equal(r.code, 1);
    assert.match(r.err, /✘ .*corrupt\.png: cannot read image/);
    assert.match(r.out, /3 written, 0 skipped \(already done\), 1 failed/);
    for (const rel of ['clean-denoised.png', 'noisy-denoised.png', path.join('sub', 'blurred-denoised.png')]) assert.ok(fs.existsSync(path.join(out, rel)), rel);
    assertOriginalsUntouched(fx);
    // The written result is what the library computes (PNG rounding aside).
    const expected = denoiseImage(await readImage(fx.files.noisy)).image;
    const written = await readImage(path.join(out, 'noisy-denoised.png'));
    assert.ok(computePsnr(written, expected) > 50);
    // Running again resumes: the complete output is kept and reported as skipped, no -1 copy appears.
    const before = fs.readFileSync(path.join(out, 'noisy-denoised.png'));
    const again = await run(['denoise', fx.files.noisy, '-o', out, '--no-progress', '--method', 'median', '--strength', '3']);
    assert.equal(again.code, 0);
    assert.match(again.out, /↷ .*noisy\.png: skipped, its output exists and is complete/);
    assert.match(again.out, /0 written, 1 skipped/);
    assert.ok(!fs.existsSync(path.join(out, 'noisy-denoised-1.png')));
    assert.ok(fs.readFileSync(path.join(out, 'noisy-denoised.png')).equals(before));
    // --overwrite redoes it.
    const redo = await run(['denoise', fx.files.noisy, '-o', out, '--no-progress', '--method', 'median', '--strength', '3', '--overwrite']);
    assert.equal(redo.code, 0);
    assert.match(redo.out, /1 written, 0 skipped/);
    assert.ok(!fs.readFileSync(path.join(out, 'noisy-denoised.png')).equals(before));
  } finally {
    fx.cleanup();
  }
});

test('tounum denoise --json: summary shape, per-file parameters and errors', async () => {
  const fx = await makeFixture();
  try {
    const out = path.join(fx.dir, 'out');
    const r = await run(['denoise', path.join(fx.inDir, '*.png'), '-o', out, '--json', '--no-progress', '--method', 'gaussian', '--strength', '1.2']);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out) as { command: string; outDir: string; succeeded: number; failed: number; seconds: number; files: Array<Record<string, unknown>> };
    assert.equal(s.command, 'denoise');
    assert.equal(s.outDir, path.resolve(out));
    assert.equal(s.succeeded, 2); // the glob is not recursive past its own folder: sub/blurred.png is not matched
    assert.equal(s.failed, 1);
    assert.equal(typeof s.seconds, 'number');
    const ok = s.files.find((f) => String(f['input']).endsWith('noisy.png')) as Record<string, unknown>;
    assert.equal(ok['ok'], true);
    assert.ok(fs.existsSync(String(ok['output'])));
    assert.deepEqual((ok['step'] as { params: unknown }).params, { sigma: 1.2 });
    assert.equal((ok['step'] as { method: string }).method, 'gaussian');
    assert.ok(typeof ok['sigma'] === 'number' && (ok['sigma'] as number) > 10 / 255);
    const bad = s.files.find((f) => String(f['input']).endsWith('corrupt.png')) as Record<string, unknown>;
    assert.equal(bad['ok'], false);
    assert.match(String(bad['error']), /corrupt\.png/);
    assertOriginalsUntouched(fx);
  } finally {
    fx.cleanup();
  }
});

test('tounum sharpen and tounum enhance: auto decisions in --json, the enhance pipeline denoises the noisy file first', async () => {
  const fx = await makeFixture();
  try {
    const sh = await run(['sharpen', fx.files.blurred, '-o', path.join(fx.dir, 's'), '--json', '--no-progress']);
    assert.equal(sh.code, 0, sh.err);
    const sj = JSON.parse(sh.out) as { files: Array<{ step: { method: string; params: { amount: number } } }> };
    assert.equal(sj.files[0]?.step.method, 'unsharp');
    assert.ok((sj.files[0]?.step.params.amount ?? 0) > 0, 'a blurred image gets a positive automatic amount');
    const lap = await run(['sharpen', fx.files.blurred, '-o', path.join(fx.dir, 's'), '--json', '--no-progress', '--method', 'laplacian4', '--amount', '1', '--overwrite']);
    assert.equal((JSON.parse(lap.out) as { files: Array<{ step: { params: { amount: number } } }> }).files[0]?.step.params.amount, 1);

    const en = await run(['enhance', fx.files.noisy, fx.files.blurred, '-o', path.join(fx.dir, 'e'), '--json', '--no-progress']);
    assert.equal(en.code, 0, en.err);
    const ej = JSON.parse(en.out) as { succeeded: number; files: Array<{ input: string; decisions: { sigma: number; blurScore: number; steps: Array<{ op: string; params: Record<string, number>; reason: string }> } }> };
    assert.equal(ej.succeeded, 2);
    const noisy = ej.files.find((f) => f.input.endsWith('noisy.png'));
    assert.equal(noisy?.decisions.steps[0]?.op, 'denoise');
    assert.ok((noisy?.decisions.steps[0]?.params['h'] ?? 0) > 0);
    assert.match(noisy?.decisions.steps[0]?.reason ?? '', /σ = /);
    const blurred = ej.files.find((f) => f.input.endsWith('blurred.png'));
    assert.deepEqual(blurred?.decisions.steps.map((s) => s.op), ['sharpen']);
    assert.equal(typeof blurred?.decisions.blurScore, 'number');
    assertOriginalsUntouched(fx);
  } finally {
    fx.cleanup();
  }
});

test('tounum metrics IMAGE REFERENCE --json equals the library values', async () => {
  const fx = await makeFixture();
  try {
    const r = await run(['metrics', fx.files.noisy, fx.files.clean, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Record<string, number>;
    const a = await readImage(fx.files.noisy);
    const b = await readImage(fx.files.clean);
    assert.equal(j['psnr'], computePsnr(a, b));
    assert.equal(j['ssim'], computeSsim(a, b));
    assert.equal(j['blur'], computeBlurScore(a));
    assert.equal(j['noiseSigma'], estimateNoiseSigma(a) * 255);
    assert.equal(j['width'], 48);
    const y = JSON.parse((await run(['metrics', fx.files.noisy, fx.files.clean, '--json', '--channel', 'y'])).out) as Record<string, number>;
    assert.equal(y['psnr'], computePsnr(a, b, { channel: 'y' }));
    const text = await run(['metrics', fx.files.noisy, fx.files.clean]);
    assert.match(text.out, /PSNR\s+\d+\.\d\d dB/);
    const noRef = JSON.parse((await run(['metrics', fx.files.blurred, '--json'])).out) as Record<string, unknown>;
    assert.equal(noRef['psnr'], null);
    assert.equal(typeof noRef['blur'], 'number');
    const mismatch = await run(['metrics', fx.files.noisy, fx.files.corrupt]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.err, /corrupt\.png/);
  } finally {
    fx.cleanup();
  }
});

test('image commands: --help works, bad option values exit 2 with a clear message', async () => {
  for (const name of ['denoise', 'sharpen', 'enhance', 'metrics']) {
    const h = await run([name, '--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, new RegExp(`Usage: tounum ${name}`));
  }
  assert.match((await run(['denoise', '--help'])).out, /--method VALUE\s+denoising filter \(one of: nlm, gaussian, bilateral, median; default: nlm\)/);
  const cases: Array<[string[], RegExp]> = [
    [['denoise', 'x.png', '-o', 'out', '--method', 'wiener'], /--method must be one of nlm, gaussian, bilateral, median; got "wiener"/],
    [['denoise', 'x.png', '-o', 'out', '--strength', 'strong'], /--strength needs a number, got "strong"/],
    [['denoise', 'x.png', '-o', 'out', '--strength', '-1'], /--strength for --method nlm is in 8-bit grey levels, in \(0, 255\]; got -1/],
    [['denoise', 'x.png', '-o', 'out', '--strength', '1e9'], /--strength for --method nlm is in 8-bit grey levels, in \(0, 255\]; got 1000000000/],
    [['denoise', 'x.png', '-o', 'out', '--method', 'gaussian', '--strength', '1e9'], /σ in pixels, in \(0, 50\]; got 1000000000/],
    [['denoise', 'x.png', '-o', 'out', '--method', 'median', '--strength', '1000001'], /odd integer in 3–31; got 1000001/],
    [['denoise', 'x.png', '-o', 'out', '--method', 'median', '--strength', '4'], /window size, an odd integer in 3–31; got 4/],
    [['denoise', 'x.png', '-o', 'out', '--strength', '10', '--auto'], /either --strength or --auto, not both/],
    [['denoise', 'x.png'], /-o\/--out OUTDIR is required/],
    [['denoise', '-o', 'out'], /no input/],
    [['sharpen', 'x.png', '-o', 'out', '--amount', '-0.5'], /--amount must be in \[0, 100\]; got -0.5/],
    [['sharpen', 'x.png', '-o', 'out', '--radius', '0'], /--radius must be in \(0, 50\] pixels; got 0/],
    [['enhance', 'x.png', '-o', 'out', '--workers', '1.5'], /--workers must be an integer in 1–64; got 1.5/],
    [['enhance', 'x.png', '-o', 'out', '--format', 'bmp'], /--format must be one of png, tiff, jpeg, webp; got "bmp"/],
    [['metrics'], /give IMAGE/],
    [['metrics', 'a.png', 'b.png', 'c.png'], /too many arguments: c.png/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, `${argv.join(' ')} → ${r.err}`);
    assert.match(r.err, message);
    assert.match(r.err, /Usage: tounum/);
  }
});

test('image commands: an input that matches nothing is reported and gives exit 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-imgcmd-'));
  try {
    const r = await run(['sharpen', path.join(dir, 'missing.png'), '-o', path.join(dir, 'out'), '--no-progress', '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { failed: number; files: Array<{ error: string }> };
    assert.equal(j.failed, 1);
    assert.match(j.files[0]?.error ?? '', /no such file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
