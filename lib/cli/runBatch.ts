import { displayPath } from '../io/fsPath';
import { createProgressBar } from './createProgressBar';

/** What happened to one input of a batch. */
export interface BatchItemResult<R> {
  input: string;
  ok: boolean;
  /** The task's result when ok. */
  result?: R;
  /** The error message when not ok (names the file and the problem). */
  error?: string;
  /** Seconds spent. */
  seconds: number;
}

export interface BatchSummary<R> {
  items: BatchItemResult<R>[];
  succeeded: number;
  failed: number;
  seconds: number;
}

export interface RunBatchOptions {
  /** Title of the progress bar. */
  title?: string;
  /** Show a progress bar on stderr. @default true */
  progress?: boolean;
  /** Called after each failure (e.g. to print it at once). @default prints `✘ file: message` on stderr */
  onError?: (input: string, message: string) => void;
  /** Stream for progress and errors. @default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Runs `task` on every input in turn: a failure is reported and the batch goes on.
 * This is how every `tounum` batch command treats bad files (corrupt, empty, wrong format).
 */
export async function runBatch<R>(
  inputs: readonly string[],
  task: (input: string, index: number) => Promise<R>,
  options: RunBatchOptions = {},
): Promise<BatchSummary<R>> {
  const stream = options.stream ?? process.stderr;
  const onError = options.onError ?? ((input: string, message: string) => stream.write(`✘ ${displayPath(input)}: ${message}\n`));
  const bar = options.progress === false ? null : createProgressBar(inputs.length, { title: options.title ?? '', stream });
  const started = Date.now();
  const items: BatchItemResult<R>[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as string;
    bar?.update(i, displayPath(input));
    const t0 = Date.now();
    try {
      const result = await task(input, i);
      items.push({ input, ok: true, result, seconds: (Date.now() - t0) / 1000 });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      items.push({ input, ok: false, error: message, seconds: (Date.now() - t0) / 1000 });
      onError(input, message);
    }
  }
  bar?.finish();
  const failed = items.filter((r) => !r.ok).length;
  return { items, succeeded: items.length - failed, failed, seconds: (Date.now() - started) / 1000 };
}
