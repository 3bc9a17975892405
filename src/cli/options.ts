import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SessionOptions } from '../core/session';

/** Thrown for bad command-line usage: the CLI prints it and exits with status 2. */
export class UsageError extends Error {}

export function parsePorts(values: string[] | undefined, flag: string): number[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} takes a TCP port number (1-65535), not '${v}'`);
    return n;
  });
}

export function sessionOptions(values: { 'sccp-port'?: string[]; 'tls-port'?: string[] }): SessionOptions {
  const opts: SessionOptions = {};
  const sccp = parsePorts(values['sccp-port'], '--sccp-port');
  const tls = parsePorts(values['tls-port'], '--tls-port');
  if (sccp) opts.sccpPorts = sccp;
  if (tls) opts.tlsPorts = tls;
  return opts;
}

/** Prints a usage error for a command and gives its exit status (2). */
export function usage(command: string, msg: string): number {
  writeSync(2, `sccp-dissect ${command}: ${msg} (try --help)\n`);
  return 2;
}

/** Prints the one-line error for a capture that cannot be read and gives its exit status (2). */
export function cannotRead(file: string, e: unknown): number {
  writeSync(2, `sccp-dissect: cannot read ${file}: ${(e as Error).message}\n`);
  return 2;
}

type Values = Record<string, string | string[] | boolean | undefined>;

export interface CaptureCommandArgs {
  file: string;
  values: Values;
  session: SessionOptions;
}

/**
 * What the commands that read one capture share: `--out`, `--sccp-port`, `--tls-port`, their own string options, and
 * exactly one capture file. Gives the parsed arguments, or the exit status after printing the usage error.
 */
export function captureCommandArgs(command: string, args: string[], own: Record<string, { type: 'string' }>): CaptureCommandArgs | number {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...own,
        out: { type: 'string' },
        'sccp-port': { type: 'string', multiple: true },
        'tls-port': { type: 'string', multiple: true },
      },
    }));
  } catch (e) {
    return usage(command, (e as Error).message);
  }
  if (positionals.length !== 1) return usage(command, `${command} takes exactly one capture file`);
  try {
    return { file: positionals[0]!, values, session: sessionOptions(values as { 'sccp-port'?: string[]; 'tls-port'?: string[] }) };
  } catch (e) {
    if (e instanceof UsageError) return usage(command, e.message);
    throw e;
  }
}
