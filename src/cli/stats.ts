import type { CallsDocument } from '../core/analysis/document';
import { analyzeCaptureFile } from '../core/export/calls-json';
import { Output } from './output';
import { cannotRead, captureCommandArgs, usage } from './options';

/** `sccp-dissect stats FILE`: message counts and the request/response time table, as text or JSON. */
export async function statsCommand(args: string[]): Promise<number> {
  const parsed = captureCommandArgs('stats', args, { format: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { file, values, session } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage('stats', `--format takes text or json, not '${String(format)}'`);
  let doc;
  try {
    doc = await analyzeCaptureFile(file, { session });
  } catch (e) {
    return cannotRead(file, e);
  }
  const out = new Output(values.out as string | undefined);
  out.write(format === 'json' ? `${JSON.stringify(statsDocument(doc), null, 2)}\n` : statsText(doc));
  out.close();
  return doc.diagnostics.captureProblems.length + doc.diagnostics.decodeProblems.length > 0 ? 1 : 0;
}

/** What `stats --format json` prints: the calls document's source, statistics and request/response diagnostics. */
export function statsDocument(doc: CallsDocument) {
  return {
    schemaVersion: doc.schemaVersion,
    generator: doc.generator,
    source: doc.source,
    statistics: doc.statistics,
    unansweredRequests: doc.diagnostics.unansweredRequests,
    unsolicitedResponses: doc.diagnostics.unsolicitedResponses,
  };
}

export function statsText(doc: CallsDocument): string {
  const s = doc.statistics;
  const lines: string[] = [];
  const src = doc.source;
  lines.push(
    `${src.name}: ${s.messages.total} SCCP message(s) (${s.messages.stationToCallManager} from stations, ${s.messages.callManagerToStation} from CallManagers) in ${src.packets} packet(s) over ${src.durationSeconds.toFixed(3)} s`,
    `${s.stations} station(s), ${s.calls.total} call(s) (${s.calls.answered} answered), ${s.media.rtpStreams} RTP stream(s) (${s.media.unnegotiatedRtpStreams} not negotiated), ${s.pinholes.total} pinhole(s)`,
    '',
    'Messages',
    table(
      ['ID', 'Name', 'Count', 'From stations', 'From CallManagers'],
      s.messages.byId.map((m) => [m.idHex, m.name, String(m.count), String(m.stationToCallManager), String(m.callManagerToStation)]),
      [false, false, true, true, true],
    ),
    '',
    'Response times (ms)',
    s.responseTimes.length === 0
      ? '  (no request was answered)'
      : table(
          ['Request', 'Response', 'Count', 'Min', 'Mean', 'Max'],
          s.responseTimes.map((r) => [r.request, r.response, String(r.count), r.minMs.toFixed(3), r.meanMs.toFixed(3), r.maxMs.toFixed(3)]),
          [false, false, true, true, true, true],
        ),
    '',
    `Pairs: ${s.pairs.matched} matched, ${s.pairs.unansweredRequests} request(s) unanswered, ${s.pairs.unsolicitedResponses} response(s) without a request`,
  );
  for (const u of doc.diagnostics.unansweredRequests) lines.push(`  unanswered: frame ${u.frame} ${u.message} (${u.station}), waited ${u.waitedSeconds.toFixed(3)} s for ${u.expected.join(' or ') || 'a response'}`);
  for (const u of doc.diagnostics.unsolicitedResponses) lines.push(`  no request: frame ${u.frame} ${u.message} (${u.station}), no ${u.request} before it`);
  return `${lines.join('\n')}\n`;
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
