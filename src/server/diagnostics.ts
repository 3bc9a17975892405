/**
 * Diagnostics on the text ranges at fault: bad hex text (line and column), blocks that are no known layout,
 * link/IP/TCP problems, and the decoder's problems placed on the bytes they are about (a length that disagrees with
 * the bytes present on the length field, an unknown ID on the ID, a cut message at its last byte, trailing bytes).
 * Kept per packet with lines relative to the packet, so that an edit elsewhere costs nothing but a shift.
 */
import type { TextPacket } from '../core/capture/hexdump/types';
import type { Problem } from '../core/problems';
import { MAX_DATA_LENGTH } from '../core/sccp/header';
import type { HexDocument, Range } from './document-model';
import { packetView } from './locate';
import type { MessageView } from './packet-view';

/** LSP DiagnosticSeverity values. */
export const ERROR = 1;
export const WARNING = 2;
export const INFORMATION = 3;

export interface HexDiagnostic {
  range: Range;
  severity: 1 | 2 | 3;
  code: string;
  message: string;
  source: 'sccp-hex';
}

/** At most this many diagnostics are published for a document (the rest is summarised in one more). */
export const MAX_DIAGNOSTICS = 1000;

const cache = new WeakMap<TextPacket, HexDiagnostic[]>();

export function documentDiagnostics(doc: HexDocument): HexDiagnostic[] {
  const out: HexDiagnostic[] = [];
  let total = 0;
  const packets = doc.packets;
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    let rel = cache.get(p);
    if (!rel) {
      rel = packetDiagnostics(doc, i).map((d) => shift(d, -p.firstLine));
      cache.set(p, rel);
    }
    total += rel.length;
    for (const d of rel) {
      if (out.length >= MAX_DIAGNOSTICS) break;
      out.push(shift(d, p.firstLine));
    }
  }
  if (total > out.length) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: INFORMATION,
      code: 'too-many',
      message: `${total} problems in this dump; the first ${MAX_DIAGNOSTICS} are shown`,
      source: 'sccp-hex',
    });
  }
  return out;
}

function shift(d: HexDiagnostic, by: number): HexDiagnostic {
  return { ...d, range: { start: { line: d.range.start.line + by, character: d.range.start.character }, end: { line: d.range.end.line + by, character: d.range.end.character } } };
}

export function packetDiagnostics(doc: HexDocument, index: number): HexDiagnostic[] {
  const p = doc.packets[index]!;
  const out: HexDiagnostic[] = [];
  for (const tp of p.problems) {
    const line = p.firstLine + tp.line;
    out.push({
      range: { start: { line, character: tp.column }, end: { line, character: tp.column + tp.width } },
      severity: tp.kind === 'bad-character' || tp.kind === 'odd-digits' ? ERROR : WARNING,
      code: `hexdump.${tp.kind}`,
      message: tp.message,
      source: 'sccp-hex',
    });
  }
  if (p.bytes.length === 0) return out;
  const view = packetView(doc, index);
  const whole = doc.rangeOfBytes(index, 0, Math.min(p.bytes.length, 4))!;
  if (view.content === 'unknown') {
    out.push({
      range: whole,
      severity: WARNING,
      code: 'hexdump.unknown-content',
      message: `these ${p.bytes.length} bytes are neither an Ethernet frame, an IP packet, a TCP segment nor SCCP messages with known headers: read as SCCP messages`,
      source: 'sccp-hex',
    });
  }
  for (const np of view.netProblems) {
    const layer = view.layers.find((l) => l.name === 'IPv4' || l.name === 'IPv6' || l.name === 'TCP');
    out.push({ range: layer ? doc.rangeOfBytes(index, layer.start, layer.end)! : whole, severity: WARNING, code: np.code, message: np.message, source: 'sccp-hex' });
  }
  for (const m of view.messages) out.push(...messageDiagnostics(doc, index, m));
  return out;
}

function messageDiagnostics(doc: HexDocument, index: number, m: MessageView): HexDiagnostic[] {
  const out: HexDiagnostic[] = [];
  const at = (from: number, to: number): Range => doc.rangeOfBytes(index, m.start + from, Math.max(m.start + from + 1, m.start + to))!;
  const present = m.end - m.start;
  const name = m.body.name;
  if (present >= 4 && (m.declared < 12 || m.declared > MAX_DATA_LENGTH + 8)) {
    out.push({
      range: at(0, 4),
      severity: ERROR,
      code: 'sccp.bad-length',
      message:
        m.declared < 12
          ? `the length field says ${m.declared - 8}: a message cannot end inside its own 12-byte header; the ${present} bytes from here are not cut into messages`
          : `the length field says ${m.declared - 8} bytes, more than any real message (${MAX_DATA_LENGTH}); the ${present} bytes from here are not cut into messages`,
      source: 'sccp-hex',
    });
  }
  for (const p of m.body.problems) out.push(placeProblem(p, m, present, name, at));
  return out;
}

function placeProblem(p: Problem, m: MessageView, present: number, name: string, at: (from: number, to: number) => Range): HexDiagnostic {
  const severity = p.code === 'sccp.truncated' ? ERROR : p.code === 'sccp.bad-value' ? INFORMATION : WARNING;
  let range: Range;
  let message = `${name}: ${p.message}`;
  if (p.code === 'sccp.truncated' && present >= 4 && present < m.declared) {
    // The length field disagrees with the bytes present: mark the length field, say where the bytes end.
    range = at(0, 4);
    message = `${name}: ${p.message} (the message is cut short, or the length field is wrong)`;
  } else if (p.offset !== undefined && p.offset < present) {
    range = at(p.offset, p.offset + Math.max(1, p.length ?? 1));
  } else {
    range = at(Math.max(0, present - 1), present);
  }
  return { range, severity, code: p.code, message, source: 'sccp-hex' };
}
