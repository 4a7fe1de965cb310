import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every training script (`npm run train:*`) killed with -9 and started again resumes from its last
 * checkpoint and ends with the same weights, byte for byte, as an uninterrupted run with the same
 * seed. The kill is made deterministic by the TOUNUM_TEST_CRASH hook (lib/io/crashPoint):
 * `training-step@k` SIGKILLs the process right after its k-th optimizer step, `checkpoint-commit@k`
 * half-way through committing its k-th checkpoint. The runs are tiny (a few steps on a few mirror
 * images, small networks) and use the wasm backend, which is deterministic on one thread; the cpu
 * backend's resume is tested in lib/training/__tests__/checkpointCrash.test.ts.
 */

const root = path.resolve(__dirname, '..', '..');
const scripts = path.join(root, 'scripts', 'train');

interface Case {
  /** The `npm run` script this covers. */
  npm: string;
  script: string;
  /** Arguments; `{out}`, `{ckpt}` and `{cache}` are replaced by per-run temporary folders. */
  args: string[];
  crash: string;
  /** Files under {out} compared byte for byte. */
  weights: string[];
}

const cases: Case[] = [
  { npm: 'train:sr', script: 'sr.js', args: ['--scale', '2', '--steps', '6', '--checkpoint-every', '2', '--max-images', '3', '--pacs', '0', '--batch', '2', '--patch', '16', '--no-eval', '--out', '{out}', '--ckpt', '{ckpt}'], crash: 'training-step@5', weights: ['weights.bin'] },
  { npm: 'train:sr', script: 'sr.js', args: ['--scale', '2', '--steps', '6', '--checkpoint-every', '2', '--max-images', '3', '--pacs', '0', '--batch', '2', '--patch', '16', '--no-eval', '--out', '{out}', '--ckpt', '{ckpt}'], crash: 'checkpoint-commit@2', weights: ['weights.bin'] },
  { npm: 'train:enhance', script: 'enhance-unet.js', args: ['--trial', 'noisy', '--steps', '6', '--checkpoint-every', '2', '--max-images', '3', '--pacs', '0', '--batch', '2', '--patch', '16', '--no-eval', '--out', '{out}', '--ckpt', '{ckpt}'], crash: 'training-step@3', weights: ['weights.bin'] },
  { npm: 'train:vhs', script: 'vhs-pix2pix.js', args: ['--mode', 'pix2pix', '--steps', '6', '--checkpoint-every', '2', '--max-images', '3', '--batch', '1', '--patch', '64', '--no-eval', '--out', '{out}', '--ckpt', '{ckpt}'], crash: 'training-step@5', weights: ['weights.bin', 'discriminator/weights.bin'] },
  { npm: 'train:vhs-line-shift', script: 'vhs-line-shift.js', args: ['--steps', '6', '--checkpoint-every', '2', '--max-images', '2', '--frames', '2', '--no-eval', '--out', '{out}'], crash: 'training-step@3', weights: ['weights.bin'] },
  { npm: 'train:classifier-scratch', script: 'classifier-scratch.js', args: ['--epochs', '3', '--max-per-source', '3', '--size', '32', '--filters', '4,8', '--dense', '8', '--out', '{out}', '--ckpt', '{ckpt}', '--cache', '{cache}'], crash: 'training-step@2', weights: ['weights.bin'] },
  { npm: 'train:classifier', script: 'classifier-transfer.js', args: ['--epochs', '3', '--max-per-source', '2', '--out', '{out}', '--ckpt', '{ckpt}', '--cache', '{cache}'], crash: 'training-step@2', weights: ['weights.bin'] },
  { npm: 'train:captioner', script: 'captioner.js', args: ['--train-images', '8', '--no-test', '--epochs', '2', '--max-steps', '3', '--batch', '8', '--hidden', '32', '--checkpoint-every', '2', '--out', '{out}', '--cache', '{cache}', '--name', '{name}'], crash: 'training-step@6', weights: ['weights.bin'] },
];

function run(c: Case, dirs: { out: string; ckpt: string; cache: string; name: string }, crash?: string): { status: number | null; signal: NodeJS.Signals | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TOUNUM_BACKEND: 'wasm' };
  delete env['TOUNUM_TEST_CRASH'];
  if (crash !== undefined) env['TOUNUM_TEST_CRASH'] = crash;
  const args = c.args.map((a) => a.replace(/\{(out|ckpt|cache|name)\}/g, (_, k: keyof typeof dirs) => dirs[k]));
  const r = spawnSync(process.execPath, [path.join(scripts, c.script), ...args], { encoding: 'utf8', env, cwd: root, timeout: 300_000 });
  return { status: r.status, signal: r.signal, output: `${r.stdout}\n${r.stderr}` };
}

for (const c of cases) {
  test(`${c.npm} (${c.script}) killed -9 at ${c.crash} resumes and ends byte-identical to an uninterrupted run`, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-trainresume-'));
    try {
      // The feature/image caches are shared by both runs (they are not what is under test); outputs and checkpoints are not.
      const cache = path.join(tmp, 'cache');
      const straightDirs = { out: path.join(tmp, 'straight'), ckpt: path.join(tmp, 'ckpt-straight'), cache, name: 'straight' };
      const killedDirs = { out: path.join(tmp, 'killed'), ckpt: path.join(tmp, 'ckpt-killed'), cache, name: 'killed' };
      const straight = run(c, straightDirs);
      assert.equal(straight.status, 0, straight.output);
      assert.doesNotMatch(straight.output, /resumed/);
      const killed = run(c, killedDirs, c.crash);
      assert.equal(killed.signal, 'SIGKILL', `the hook killed the run (status ${killed.status}):\n${killed.output}`);
      for (const w of c.weights) assert.equal(fs.existsSync(path.join(killedDirs.out, w)), false, `no final ${w} after the kill`);
      const resumed = run(c, killedDirs);
      assert.equal(resumed.status, 0, resumed.output);
      assert.match(resumed.output, /resumed from/, 'the re-run resumed from the checkpoint rather than starting over');
      for (const w of c.weights) {
        const a = fs.readFileSync(path.join(straightDirs.out, w));
        const b = fs.readFileSync(path.join(killedDirs.out, w));
        assert.ok(a.length > 0 && a.equals(b), `${w}: the resumed run's weights differ from the uninterrupted run's (${a.length} and ${b.length} bytes)`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
