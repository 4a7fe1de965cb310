import type { Command, CommandIo } from './Command';
import { formatHelp, parseCommandLine, UsageError } from './parseCommandLine';
import { installedVersion } from './packageInfo';
import { infoCommand } from './commands/infoCommand';
import { dataCommand } from './commands/dataCommand';
import { denoiseCommand } from './commands/denoiseCommand';
import { sharpenCommand } from './commands/sharpenCommand';
import { enhanceCommand } from './commands/enhanceCommand';
import { metricsCommand } from './commands/metricsCommand';
import { classifyCommand } from './commands/classifyCommand';
import { captionCommand } from './commands/captionCommand';
import { vhsCommand } from './commands/vhsCommand';
import { upscaleCommand } from './commands/upscaleCommand';
import { pipelineCommand } from './commands/pipelineCommand';
import { workerCommand } from './commands/workerCommand';

/** Every `tounum` sub-command; later features add theirs here. */
export const COMMANDS: readonly Command[] = [infoCommand, dataCommand, denoiseCommand, sharpenCommand, enhanceCommand, metricsCommand, classifyCommand, captionCommand, vhsCommand, upscaleCommand, pipelineCommand, workerCommand];

/** Commands that parse their own arguments. */
const RAW_ARGUMENT_COMMANDS = new Set(['data']);

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: tounum <command> [options]',
    '',
    "TouNum's image workbench: restore, sort and measure digitised archives.",
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.spec.summary}`),
    '',
    'Run `tounum <command> --help` for a command\'s options. Environment: TOUNUM_BACKEND (tensorflow|wasm|cpu),',
    'TOUNUM_DATA_MIRROR (dataset mirror folder), TOUNUM_PROFILE (smoke|full).',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 some work failed (reported), 2 usage error.
 */
export async function main(argv: readonly string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(mainHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${installedVersion('tounum-lab') ?? 'unknown'}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`tounum: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')} (tounum --help)\n`);
    return 2;
  }
  try {
    if (RAW_ARGUMENT_COMMANDS.has(command.name)) return await command.run({ options: {}, positionals: [...rest], help: false }, io);
    const parsed = parseCommandLine(rest, command.spec);
    if (parsed.help) {
      io.stdout.write(formatHelp(command.spec) + '\n');
      return 0;
    }
    return await command.run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`tounum ${command.name}: ${e.message}\nUsage: ${command.spec.usage} — see tounum ${command.name} --help\n`);
      return 2;
    }
    io.stderr.write(`tounum ${command.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
