import type { CommandSpec, ParsedCommandLine } from './parseCommandLine';

/** Streams a command writes to (injected in tests). */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A `tounum` sub-command: its interface and what it does. Returns the process exit code. */
export interface Command {
  name: string;
  spec: CommandSpec;
  run(args: ParsedCommandLine, io: CommandIo): Promise<number>;
}
