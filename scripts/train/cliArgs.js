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

module.exports = { parseScriptArgs };
