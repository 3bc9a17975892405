#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { decodeCommand } from './decode';
import { callsCommand } from './calls';
import { catalogCommand } from './catalog';
import { statsCommand } from './stats';
import { USAGE } from './usage';

/** Exit status: 0 read cleanly, 1 read with problems (output still written), 2 bad usage or unreadable file. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    writeSync(1, USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'decode':
      return decodeCommand(rest);
    case 'catalog':
      return catalogCommand(rest);
    case 'calls':
      return callsCommand(rest);
    case 'stats':
      return statsCommand(rest);
    default:
      writeSync(2, `sccp-dissect: unknown command '${command}' (try --help)\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    writeSync(2, `sccp-dissect: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
