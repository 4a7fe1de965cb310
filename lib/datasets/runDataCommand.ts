import { DatasetUnavailableError } from './DatasetUnavailableError';
import type { DownloadProgress, FetchLike } from './downloadDataset';
import { getDatasetStatus, type DatasetStatus } from './getDatasetStatus';
import { DATASET_IDS, getDataset } from './registry';
import { formatMb, resolveDataset } from './resolveDataset';

/** Where the command writes; `stderr.isTTY` switches the progress bar to in-place redraws. */
export interface DataCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Test hooks and defaults for {@link runDataCommand} (the CLI passes none). */
export interface DataCommandContext {
  projectRoot?: string;
  env?: Record<string, string | undefined>;
  fetch?: FetchLike;
}

const USAGE = `Usage: tounum data [options] [ids…]

Makes datasets available: uses data/<id>/ if complete, else the mirror in place,
else downloads the public files into data/<id>/ (sha256-checked, resumable).

Options:
  --list          table of datasets: id, files, size, licence, where available
  --json          machine-readable output on stdout
  --mirror DIR    mirror folder with one sub-folder per id
                  (default: $TOUNUM_DATA_MIRROR, else ../shared/datasets from the project root)
  --verify        check the sha256 of every file, not only sizes
  --offline       never download; fail if no complete copy exists
  -h, --help      this help

Ids: ${DATASET_IDS.join(', ')}
Exit codes: 0 ok, 1 a dataset is unavailable or fails verification, 2 usage error.
`;

/**
 * The `tounum data` command.
 * @param argv - arguments after the command name, e.g. `['--list']` or `['cbsd68', '--verify']`.
 * @param io - output streams. @default process.stdout / process.stderr
 * @param context - project root, environment and fetch overrides (tests).
 * @returns the exit code: 0 ok, 1 unavailable / verification failed, 2 usage error.
 */
export async function runDataCommand(
  argv: readonly string[],
  io: DataCommandIo = { stdout: process.stdout, stderr: process.stderr },
  context: DataCommandContext = {},
): Promise<number> {
  let list = false;
  let json = false;
  let verify = false;
  let offline = false;
  let mirror: string | undefined;
  const ids: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else if (a === '--list' || a === '-l') list = true;
    else if (a === '--json') json = true;
    else if (a === '--verify') verify = true;
    else if (a === '--offline') offline = true;
    else if (a === '--mirror' || a.startsWith('--mirror=')) {
      const value = a === '--mirror' ? argv[++i] : a.slice('--mirror='.length);
      if (value === undefined || value === '' || value.startsWith('--')) {
        io.stderr.write('tounum data: --mirror needs a folder, e.g. --mirror /path/to/datasets\n');
        return 2;
      }
      mirror = value;
    } else if (a.startsWith('-')) {
      io.stderr.write(`tounum data: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else ids.push(a);
  }
  const unknown = ids.filter((id) => !DATASET_IDS.includes(id));
  if (unknown.length > 0) {
    io.stderr.write(`tounum data: unknown dataset id(s): ${unknown.join(', ')}\nValid ids: ${DATASET_IDS.join(', ')}\n`);
    return 2;
  }
  const selected = ids.length > 0 ? [...new Set(ids)] : [...DATASET_IDS];
  const where = { projectRoot: context.projectRoot, env: context.env, mirror };

  if (list) {
    const statuses: DatasetStatus[] = [];
    for (const id of selected) statuses.push(await getDatasetStatus(id, { ...where, verify }));
    io.stdout.write(json ? `${JSON.stringify(statuses, null, 2)}\n` : formatTable(statuses));
    return verify && statuses.some((s) => !s.available) ? 1 : 0;
  }

  let status = 0;
  const results: Array<Record<string, unknown>> = [];
  for (const id of selected) {
    const bar = createProgressBar(id, io.stderr);
    try {
      const r = await resolveDataset(id, { ...where, verify, download: !offline, fetch: context.fetch, onProgress: bar.update });
      bar.finish();
      const bytes = getDataset(id).manifest.totalBytes;
      results.push({ id, ok: true, source: r.source, dir: r.dir, files: r.files.length, bytes });
      if (!json) io.stdout.write(`${id.padEnd(22)} ${r.source.padEnd(8)} ${r.dir}  (${r.files.length} files, ${formatMb(bytes)}${verify ? ', sha256 ok' : ''})\n`);
    } catch (err) {
      bar.finish();
      status = 1;
      const message = err instanceof Error ? err.message : String(err);
      results.push({ id, ok: false, error: message });
      io.stderr.write(`${err instanceof DatasetUnavailableError ? '' : `tounum data: ${id}: `}${message}\n`);
    }
  }
  if (json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return status;
}

function formatTable(rows: readonly DatasetStatus[]): string {
  const table = [
    ['id', 'files', 'size', 'licence', 'available'],
    ...rows.map((s) => [s.id, String(s.files), formatMb(s.bytes), s.licence, s.source ?? 'missing']),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const numeric = [false, true, true, false, false];
  const lines = table.map((r) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const missing = rows.filter((s) => !s.available).length;
  const total = rows.reduce((n, s) => n + s.bytes, 0);
  lines.push('', `${rows.length - missing}/${rows.length} available, ${formatMb(total)} in total${missing > 0 ? '; fetch the missing ones with `tounum data <id>`' : ''}`);
  return `${lines.join('\n')}\n`;
}

/** A text progress bar on stderr, redrawn in place on a terminal, one line per 10 % otherwise. */
function createProgressBar(id: string, out: DataCommandIo['stderr']): { update(p: DownloadProgress): void; finish(): void } {
  let started = false;
  let lastDraw = 0;
  let lastDecile = -1;
  let lastLine = '';
  let last: DownloadProgress | undefined;
  const render = (p: DownloadProgress): string => {
    const ratio = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
    const width = 24;
    const filled = Math.round(ratio * width);
    return `${id} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${formatMb(p.bytesDone)}/${formatMb(p.bytesTotal)} ${p.filesDone}/${p.filesTotal} files`;
  };
  return {
    update(p: DownloadProgress): void {
      started = true;
      last = p;
      const now = Date.now();
      if (out.isTTY === true) {
        if (now - lastDraw >= 100 || p.filesDone === p.filesTotal) {
          lastDraw = now;
          out.write(`\r${render(p)}`);
        }
      } else {
        const decile = p.bytesTotal > 0 ? Math.floor((10 * p.bytesDone) / p.bytesTotal) : 10;
        if (decile > lastDecile) {
          lastDecile = decile;
          lastLine = render(p);
          out.write(`${lastLine}\n`);
        }
      }
    },
    finish(): void {
      if (started && last !== undefined) {
        const line = render(last);
        if (out.isTTY === true) out.write(`\r${line}\n`);
        else if (line !== lastLine) out.write(`${line}\n`);
      }
      started = false;
    },
  };
}

if (require.main === module) {
  runDataCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`tounum data: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
