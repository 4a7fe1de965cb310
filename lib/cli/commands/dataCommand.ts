import { runDataCommand } from '../../datasets';
import type { Command } from '../Command';

/** `tounum data`: list, fetch and verify the registered datasets (same as `npm run data`). */
export const dataCommand: Command = {
  name: 'data',
  spec: {
    usage: 'tounum data',
    summary: 'List, fetch or verify datasets: data/<id>/, then the mirror, then the public URL (see `tounum data --help`).',
    options: [],
    positionals: '[ids…] [--list] [--json] [--mirror DIR] [--verify]',
  },
  // The data command has its own parser (it is also `npm run data`): hand it the raw arguments.
  async run(args, io) {
    return runDataCommand([...args.positionals, ...(args.help ? ['--help'] : [])], io);
  },
};
