import { parseArgs } from 'node:util';
import { writeSync } from 'node:fs';
import type { AnalyzerOptions } from '../core/analysis/options';
import { analyzeCaptureFile, callsJson } from '../core/export/calls-json';
import { Output } from './output';
import { UsageError, sessionOptions } from './options';

/** `sccp-dissect calls FILE`: the calls document (docs/calls.md, schema/calls.schema.json). */
export async function callsCommand(args: string[]): Promise<number> {
  let values: Record<string, string | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'sccp-port': { type: 'string', multiple: true },
        'tls-port': { type: 'string', multiple: true },
        'call-flood': { type: 'string' },
        'registration-flood': { type: 'string' },
        'inactive-media-timeout': { type: 'string' },
      },
    }));
  } catch (e) {
    return usage('calls', (e as Error).message);
  }
  if (positionals.length !== 1) return usage('calls', 'calls takes exactly one capture file');
  let session;
  let analyzer: AnalyzerOptions;
  try {
    session = sessionOptions(values as { 'sccp-port'?: string[]; 'tls-port'?: string[] });
    analyzer = analyzerOptions(values);
  } catch (e) {
    if (e instanceof UsageError) return usage('calls', e.message);
    throw e;
  }
  const file = positionals[0]!;
  let doc;
  try {
    doc = await analyzeCaptureFile(file, { session, analyzer });
  } catch (e) {
    writeSync(2, `sccp-dissect: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const out = new Output(values.out as string | undefined);
  out.write(callsJson(doc));
  out.close();
  return doc.diagnostics.captureProblems.length + doc.diagnostics.decodeProblems.length > 0 ? 1 : 0;
}

/** The ALG thresholds: --call-flood N (calls per station per minute), --registration-flood N, --inactive-media-timeout S. */
export function analyzerOptions(values: Record<string, unknown>): AnalyzerOptions {
  const opts: AnalyzerOptions = {};
  const read = (flag: string, integer: boolean): number | undefined => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${flag} takes a positive ${integer ? 'whole ' : ''}number, not '${String(v)}'`);
    }
    return n;
  };
  const calls = read('call-flood', true);
  const registrations = read('registration-flood', true);
  const timeout = read('inactive-media-timeout', false);
  if (calls !== undefined) opts.callFloodPerMinute = calls;
  if (registrations !== undefined) opts.registrationFloodPerMinute = registrations;
  if (timeout !== undefined) opts.inactiveMediaTimeoutSeconds = timeout;
  return opts;
}

export function usage(command: string, msg: string): number {
  writeSync(2, `sccp-dissect ${command}: ${msg} (try --help)\n`);
  return 2;
}
