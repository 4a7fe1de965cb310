/**
 * Shared argument parsing for every `tounum` command: a small declarative spec gives parsing,
 * validation with clear messages and a generated `--help`.
 */

/** One option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `out` for `--out`. */
  name: string;
  /** One-letter alias, e.g. `o` for `-o`. */
  short?: string;
  type: 'string' | 'number' | 'boolean';
  description: string;
  /** Allowed values (strings) — anything else is an error. */
  choices?: readonly string[];
  /** Shown in --help and used when the option is absent. */
  default?: string | number | boolean;
  /** May be given several times (values collected in an array). */
  multiple?: boolean;
}

/** A command's interface. */
export interface CommandSpec {
  /** e.g. `tounum denoise`. */
  usage: string;
  summary: string;
  options: readonly OptionSpec[];
  /** Name of the positional arguments in help, e.g. `IN…`. */
  positionals?: string;
  /** Extra help text (examples). */
  epilog?: string;
}

export type OptionValue = string | number | boolean | string[] | number[];

export interface ParsedCommandLine {
  options: Record<string, OptionValue | undefined>;
  positionals: string[];
  help: boolean;
}

/** A command-line mistake: the CLI prints it with the command's usage and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Formats the `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const rows = [...spec.options, { name: 'help', short: 'h', type: 'boolean' as const, description: 'show this help' }].map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'boolean' ? '' : o.type === 'number' ? ' N' : ' VALUE'}`;
    const extra = [
      'choices' in o && o.choices ? `one of: ${o.choices.join(', ')}` : '',
      'default' in o && o.default !== undefined ? `default: ${String(o.default)}` : '',
      'multiple' in o && o.multiple ? 'repeatable' : '',
    ].filter(Boolean);
    return [flag, `${o.description}${extra.length ? ` (${extra.join('; ')})` : ''}`];
  });
  const width = Math.max(...rows.map((r) => (r[0] as string).length)) + 2;
  const lines = [`Usage: ${spec.usage}${spec.options.length ? ' [options]' : ''}${spec.positionals ? ` ${spec.positionals}` : ''}`, '', spec.summary, '', 'Options:'];
  for (const [flag, text] of rows) lines.push(`  ${(flag as string).padEnd(width)}${text}`);
  if (spec.epilog) lines.push('', spec.epilog);
  return lines.join('\n');
}

/**
 * Parses `argv` (without the command name) against `spec`.
 * Accepts `--name value`, `--name=value`, `-n value`, `--no-flag` for booleans, and `--` to end options.
 * @throws UsageError naming the option and what is allowed.
 */
export function parseCommandLine(argv: readonly string[], spec: CommandSpec): ParsedCommandLine {
  const byLong = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short).map((o) => [o.short as string, o]));
  const options: Record<string, OptionValue | undefined> = {};
  const positionals: string[] = [];
  let help = false;

  const store = (o: OptionSpec, raw: string | boolean, flag: string): void => {
    let value: string | number | boolean = raw;
    if (o.type === 'number') {
      value = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} needs a number, got "${String(raw)}"`);
    } else if (o.type === 'string' && o.choices && !o.choices.includes(raw as string)) {
      throw new UsageError(`${flag} must be one of ${o.choices.join(', ')}; got "${String(raw)}"`);
    }
    if (o.multiple) {
      const prev = (options[o.name] as Array<string | number> | undefined) ?? [];
      options[o.name] = [...prev, value as string | number] as string[] | number[];
    } else {
      options[o.name] = value;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      let negated = false;
      if (!byLong.has(name) && name.startsWith('no-') && byLong.get(name.slice(3))?.type === 'boolean') {
        name = name.slice(3);
        negated = true;
      }
      const o = byLong.get(name);
      if (!o) throw new UsageError(`unknown option --${name}`);
      if (o.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        store(o, !negated, `--${name}`);
      } else {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        store(o, value, `--${name}`);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length === 2 && !/^-\d$/.test(arg)) {
      const o = byShort.get(arg.slice(1));
      if (!o) throw new UsageError(`unknown option ${arg}`);
      if (o.type === 'boolean') store(o, true, arg);
      else {
        const value = argv[++i];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
        store(o, value, arg);
      }
      continue;
    }
    positionals.push(arg);
  }
  for (const o of spec.options) if (options[o.name] === undefined && o.default !== undefined) options[o.name] = o.default;
  return { options, positionals, help };
}
