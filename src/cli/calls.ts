import type { AnalyzerOptions } from '../core/analysis/options';
import { analyzeCaptureFile } from '../core/export/calls-json';
import { writePrettyJson } from '../core/export/json-writer';
import { Output } from './output';
import { UsageError, cannotRead, captureCommandArgs, usage } from './options';

/** `sccp-dissect calls FILE`: the calls document (docs/calls.md, schema/calls.schema.json). */
export async function callsCommand(args: string[]): Promise<number> {
  const parsed = captureCommandArgs('calls', args, {
    'call-flood': { type: 'string' },
    'registration-flood': { type: 'string' },
    'inactive-media-timeout': { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { file, values, session } = parsed;
  let analyzer: AnalyzerOptions;
  try {
    analyzer = analyzerOptions(values);
  } catch (e) {
    if (e instanceof UsageError) return usage('calls', e.message);
    throw e;
  }
  let doc;
  try {
    doc = await analyzeCaptureFile(file, { session, analyzer });
  } catch (e) {
    return cannotRead(file, e);
  }
  const out = new Output(values.out as string | undefined);
  // Written call by call: the document of a big capture is tens of MB of text, never built as one string.
  writePrettyJson(doc, (text) => out.write(text));
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
