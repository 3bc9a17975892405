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
