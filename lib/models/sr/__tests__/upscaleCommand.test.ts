import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import { upscaleCommand } from '../../../cli/commands/upscaleCommand';
import { parseCommandLine, UsageError } from '../../../cli/parseCommandLine';
import { readImage, writeImage } from '../../../io';
import { createRng } from '../../../random';
import { buildSrNetwork, saveSrModel } from '..';

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

test('tounum upscale: writes ×2 images, validates its options, keeps going after a bad file', async () => {
  await tf.setBackend('cpu');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upscale-'));
  try {
    const net = buildSrNetwork(2, { features: 4, mapping: 4, mappingLayers: 1 });
    const modelDir = path.join(dir, 'model');
    await saveSrModel(net, modelDir, { name: 'tiny-x2', task: 'super-resolution', scale: 2, architecture: 'test', parameters: net.countParams(), data: {}, training: {}, metrics: {}, command: '', backend: 'cpu', created: '' });
    net.dispose();
    const rng = createRng(3);
    const data = new Float32Array(21 * 17 * 3).map(() => rng.next());
    const input = path.join(dir, 'in', 'photo.png');
    await writeImage(input, { data, width: 21, height: 17, channels: 3 });
    fs.writeFileSync(path.join(dir, 'in', 'broken.png'), 'not an image');
    const out = collector();
    const err = collector();
    const args = parseCommandLine([path.join(dir, 'in'), '-o', path.join(dir, 'out'), '--model', modelDir, '--json', '--no-progress'], upscaleCommand.spec);
    const code = await upscaleCommand.run(args, { stdout: out.stream, stderr: err.stream });
    assert.equal(code, 1, 'one file was broken');
    const report = JSON.parse(out.text()) as { succeeded: number; failed: number; files: { input: string; ok: boolean; output?: string; width?: number }[] };
    assert.equal(report.succeeded, 1);
    assert.equal(report.failed, 1);
    const ok = report.files.find((f) => f.ok);
    assert.equal(path.basename(String(ok?.output)), 'photo-x2.png');
    const big = await readImage(String(ok?.output));
    assert.equal(big.width, 42);
    assert.equal(big.height, 34);

    const run = (argv: string[]): Promise<number> => upscaleCommand.run(parseCommandLine(argv, upscaleCommand.spec), { stdout: collector().stream, stderr: collector().stream });
    await assert.rejects(run([input, '-o', path.join(dir, 'o2'), '--model', modelDir, '--scale', '4']), (e: unknown) => e instanceof UsageError && /is a ×2 model but --scale is 4/.test(e.message));
    await assert.rejects(run([input]), (e: unknown) => e instanceof UsageError && /-o\/--out OUTDIR is required/.test(e.message));
    await assert.rejects(run([input, '-o', dir, '--tile', '3']), (e: unknown) => e instanceof UsageError && /--tile must be an integer in 16–4096; got 3/.test(e.message));
    assert.throws(() => parseCommandLine([input, '-o', dir, '--scale', '3'], upscaleCommand.spec), /3/);
    const tooBig = collector();
    const code2 = await upscaleCommand.run(parseCommandLine([input, '-o', path.join(dir, 'o3'), '--model', modelDir, '--max-megapixels', '0.001', '--json', '--no-progress'], upscaleCommand.spec), { stdout: tooBig.stream, stderr: collector().stream });
    assert.equal(code2, 1);
    assert.match(tooBig.text(), /above --max-megapixels 0.001/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
