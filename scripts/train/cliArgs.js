/* Command-line handling shared by scripts/train/*.js and scripts/bench/{train,denoise}.js: the project's
 * parser (lib/cli/parseCommandLine.ts — parseCommandLine, formatHelp, UsageError, also exported by dist/cli)
 * applied to a script's CommandSpec. `--help` / `-h` prints the generated help and exits 0; a usage mistake
 * (unknown option, malformed number, value not among the choices, stray argument, or a `check` failure)
 * prints the message and the usage line to stderr and exits 2. Call it before any expensive `require` or
 * data loading. Needs dist/ (`npx tsc -p .`). */
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The parser module. Loaded from dist/cli/parseCommandLine rather than the dist/cli index (same module,
 * re-exported there) so that `--help` does not load every `tounum` command.
 */
function loadParser() {
  const file = path.join(ROOT, 'dist', 'cli', 'parseCommandLine.js');
  try {
    return require(file);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') {
      process.stderr.write(`${path.relative(ROOT, file)} not found: build the library first (npx tsc -p .)\n`);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * Parses `argv` against `spec` and returns the options object (option names as declared, e.g.
 * `opts['split-seed']`; defaults filled in; options without a default are `undefined` when absent).
 * `check(options, UsageError)` may throw a UsageError for constraints the spec cannot express
 * (e.g. a comma-separated list of numbers). Scripts take no positional arguments unless
 * `spec.positionals` is set, in which case they are returned as `options._`.
 * Does not return on --help (exit 0) or on a usage error (exit 2).
 */
function parseScriptArgs(spec, argv = process.argv.slice(2), check = undefined) {
  const { parseCommandLine, formatHelp, UsageError } = loadParser();
  try {
    const parsed = parseCommandLine(argv, spec);
    if (parsed.help) {
      process.stdout.write(`${formatHelp(spec)}\n`);
      process.exit(0);
    }
    if (!spec.positionals && parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (options start with --)`);
    if (check) check(parsed.options, UsageError);
    return spec.positionals ? { ...parsed.options, _: parsed.positionals } : parsed.options;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const script = spec.usage.replace(/^node\s+/, '').split(/\s+/)[0];
    const usageLine = formatHelp(spec).split('\n')[0];
    process.stderr.write(`${script}: ${e.message}\n${usageLine} (--help lists the options)\n`);
    process.exit(2);
  }
}

/**
 * Options every step-based training script takes, so that a run can be made short and reproducible
 * (smoke runs, the kill-and-resume tests in lib/__tests__/trainScriptsResume.test.ts):
 * `--steps N` trains exactly N steps with the learning-rate schedule over steps instead of the
 * wall-clock budget (a killed run, resumed, then ends with the same weights as an uninterrupted one);
 * `--checkpoint-every N` adds checkpoints every N steps to the timed ones; `--max-images N` keeps the
 * first N training images; `--no-eval` skips the final benchmark evaluation.
 */
const TRAINING_RUN_OPTIONS = [
  { name: 'steps', type: 'number', description: 'train exactly N steps, learning-rate schedule over steps (reproducible after a resume; overrides --minutes)' },
  { name: 'checkpoint-every', type: 'number', description: 'also write a checkpoint every N steps (default: every 3 minutes only)' },
  { name: 'max-images', type: 'number', description: 'use at most N training images, the first in the seeded order (smoke runs, tests)' },
  { name: 'no-eval', type: 'boolean', description: 'skip the final evaluation; the card then holds no metrics' },
];

/** Usage checks of {@link TRAINING_RUN_OPTIONS}: each number given must be a positive integer. */
function checkTrainingRunOptions(o, UsageError) {
  for (const k of ['steps', 'checkpoint-every', 'max-images']) {
    const v = o[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`--${k} needs a positive integer, got ${v}`);
  }
}

/** The {@link TRAINING_RUN_OPTIONS} a run was given, as command-line text for its model card's `command`. */
function trainingRunFlags(o) {
  let s = '';
  for (const k of ['steps', 'checkpoint-every', 'max-images']) if (o[k] !== undefined) s += ` --${k} ${o[k]}`;
  if (o['no-eval']) s += ' --no-eval';
  return s;
}

/** Options shared by the classifier scripts: small runs and where checkpoints and caches go. */
const CLASSIFIER_RUN_OPTIONS = [
  { name: 'max-per-source', type: 'number', description: 'keep at most N training images per source (and N/2 for validation and test): smoke runs, tests' },
  { name: 'ckpt', type: 'string', description: 'checkpoint folder (default: under data/cache/photo-classifier/)' },
  { name: 'cache', type: 'string', description: 'cache folder of resized images / encoder features (default: data/cache/photo-classifier)' },
];

/** Usage check of {@link CLASSIFIER_RUN_OPTIONS}: `--max-per-source` is a positive integer. */
function checkClassifierRunOptions(o, UsageError) {
  const m = o['max-per-source'];
  if (m !== undefined && (!Number.isInteger(m) || m < 1)) throw new UsageError(`--max-per-source needs a positive integer, got ${m}`);
}

module.exports = { parseScriptArgs, TRAINING_RUN_OPTIONS, checkTrainingRunOptions, trainingRunFlags, CLASSIFIER_RUN_OPTIONS, checkClassifierRunOptions };
