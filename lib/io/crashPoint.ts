/**
 * A test hook that makes a writer kill itself with SIGKILL at a chosen point, so that crash-safety
 * tests are deterministic instead of racing a `kill -9` against the writer.
 *
 * `TOUNUM_TEST_CRASH=<point>[@<n>]` kills the process the n-th time (1-based, default 1) it reaches
 * `<point>`. The points are in the middle of a write, after some bytes of the temporary file and
 * before the rename that publishes it:
 * - `write-image`: {@link writeImage}, half of the encoded file written;
 * - `copy-file`: {@link copyFileAtomic}, half of the copy written;
 * - `checkpoint`: a training checkpoint, some tensor files written, the state file not yet.
 *
 * Unset (always, outside tests) it costs one environment lookup.
 */
export type CrashPointName = 'write-image' | 'copy-file' | 'checkpoint';

const counts = new Map<string, number>();

/** Whether the hook will kill the process at the next arrival at `name` (so a writer can leave a half-written temporary first). */
export function crashArmed(name: CrashPointName): boolean {
  const spec = process.env['TOUNUM_TEST_CRASH'];
  if (spec === undefined || spec === '') return false;
  const [point, nth] = spec.split('@');
  if (point !== name) return false;
  return (counts.get(name) ?? 0) + 1 === (nth === undefined ? 1 : Number(nth));
}

/** Counts an arrival at `name` and SIGKILLs the process when `TOUNUM_TEST_CRASH` asks for it. */
export function crashPoint(name: CrashPointName): void {
  const armed = crashArmed(name);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  if (armed) process.kill(process.pid, 'SIGKILL');
}
