/**
 * A test hook that makes a writer kill itself with SIGKILL at a chosen point, so that crash-safety
 * tests are deterministic instead of racing a `kill -9` against the writer.
 *
 * `TOUNUM_TEST_CRASH=<point>[@<n>]` kills the process the n-th time (1-based, default 1) it reaches
 * `<point>`. The points are in the middle of a write, after some bytes of the temporary file and
 * before the rename that publishes it:
 * - `write-image`: {@link writeImage}, half of the encoded file written;
 * - `copy-file`: {@link copyFileAtomic}, half of the copy written;
 * - `checkpoint`: a training checkpoint, half of a staged file written, nothing committed;
 * - `checkpoint-commit`: a training checkpoint committed (journal written), one file renamed, the others not yet;
 * - `training-step`: a training loop, right after an optimizer step (the n-th of this process) and before
 *   any checkpoint of it: the plain `kill -9` in the middle of a run.
 *
 * Unset (always, outside tests) it costs one environment lookup.
 */
export type CrashPointName = 'write-image' | 'copy-file' | 'checkpoint' | 'checkpoint-commit' | 'training-step';

const counts = new Map<string, number>();

/**
 * Counts an arrival at `name` and says whether `TOUNUM_TEST_CRASH` chose this one; the writer then
 * leaves its half-written state and calls {@link crashPoint}. Call it exactly once per arrival.
 */
export function crashArmed(name: CrashPointName): boolean {
  const spec = process.env['TOUNUM_TEST_CRASH'];
  if (spec === undefined || spec === '') return false;
  const [point, nth] = spec.split('@');
  if (point !== name) return false;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  return n === (nth === undefined ? 1 : Number(nth));
}

/** Kills the process with SIGKILL (no cleanup, no exit handlers), as `kill -9` would; called after {@link crashArmed} said yes. */
export function crashPoint(name: CrashPointName): void {
  process.stderr.write(`TOUNUM_TEST_CRASH: SIGKILL at ${name}\n`);
  process.kill(process.pid, 'SIGKILL');
}
