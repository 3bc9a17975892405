/**
 * Document symbols (an outline: packets, the messages in them, their fields) and folding ranges (per packet and
 * per message).
 */
import type { FieldNode } from '../core/sccp/message';
import type { HexDocument, Range } from './document-model';
import { packetView } from './locate';
import type { PacketView } from './packet-view';

/** LSP SymbolKind values. */
const KIND_NAMESPACE = 3;
const KIND_FIELD = 8;
const KIND_STRUCT = 23;
const KIND_EVENT = 24;

export interface HexSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: HexSymbol[];
}

/** Fields are listed under their message only while the dump has fewer messages than this (else it is noise). */
export const FIELDS_IN_OUTLINE_UP_TO = 2000;

export function documentSymbols(doc: HexDocument): HexSymbol[] {
  const packets = doc.packets;
  const withBytes: number[] = [];
  for (let i = 0; i < packets.length; i++) if (packets[i]!.bytes.length > 0) withBytes.push(i);
  let messageCount = 0;
  for (const i of withBytes) messageCount += packetView(doc, i).messages.length;
  const withFields = messageCount < FIELDS_IN_OUTLINE_UP_TO;
  const out: HexSymbol[] = [];
  for (const [n, i] of withBytes.entries()) {
    const view = packetView(doc, i);
    const messages = messageSymbols(doc, i, view, withFields);
    // A lone block of raw SCCP: its messages are the outline.
    if (withBytes.length === 1 && (view.content === 'sccp' || view.content === 'unknown')) {
      out.push(...messages);
      continue;
    }
    const p = packets[i]!;
    const range = packetRange(doc, i);
    const sel = doc.rangeOfBytes(i, 0, 1)!;
    const detail = [view.endpoints, p.header].filter(Boolean).join(' · ');
    out.push({
      name: `Packet ${n + 1}: ${contentLabel(view)}${view.messages.length ? `, ${view.messages.length} SCCP message${view.messages.length === 1 ? '' : 's'}` : ''}`,
      ...(detail ? { detail: detail.length > 160 ? `${detail.slice(0, 160)}…` : detail } : {}),
      kind: KIND_NAMESPACE,
      range,
      selectionRange: sel,
      children: messages,
    });
  }
  return out;
}

function contentLabel(v: PacketView): string {
  switch (v.content) {
    case 'ethernet':
      return 'Ethernet';
    case 'linux-sll':
      return 'Linux cooked';
    case 'ipv4':
      return 'IPv4';
    case 'ipv6':
      return 'IPv6';
    case 'tcp':
      return 'TCP segment';
    case 'sccp':
      return 'SCCP';
    default:
      return 'unrecognised bytes';
  }
}

/** From the packet's first line to its last line holding bytes (or its first line). */
export function packetRange(doc: HexDocument, i: number): Range {
  const p = doc.packets[i]!;
  const lastByteLine = p.bytes.length ? p.firstLine + p.byteLine[p.bytes.length - 1]! : p.firstLine;
  return { start: { line: p.firstLine, character: 0 }, end: { line: lastByteLine, character: doc.lineText(lastByteLine).length } };
}

function messageSymbols(doc: HexDocument, i: number, view: PacketView, withFields: boolean): HexSymbol[] {
  return view.messages.map((m) => {
    const range = doc.rangeOfBytes(i, m.start, m.end)!;
    const sel = m.end - m.start >= 12 ? doc.rangeOfBytes(i, m.start + 8, m.start + 12)! : range;
    const sym: HexSymbol = {
      name: m.body.name,
      detail: `${m.body.idHex}${m.body.problems.length ? ` · ${m.body.problems.length} problem(s)` : ''}`,
      kind: KIND_EVENT,
      range,
      selectionRange: sel,
    };
    if (withFields) sym.children = fieldSymbols(doc, i, m.start, m.body.fields, range);
    return sym;
  });
}

function fieldSymbols(doc: HexDocument, i: number, base: number, fields: readonly FieldNode[], parent: Range): HexSymbol[] {
  const out: HexSymbol[] = [];
  for (const f of fields) {
    if (f.length <= 0) continue;
    const range = doc.rangeOfBytes(i, base + f.offset, base + f.offset + f.length);
    if (!range || !within(range, parent)) continue;
    const sym: HexSymbol = { name: f.name, kind: f.children ? KIND_STRUCT : KIND_FIELD, range, selectionRange: range };
    const v = f.display ?? (f.value === null ? undefined : String(f.value));
    if (v !== undefined) sym.detail = v.length > 80 ? `${v.slice(0, 80)}…` : v;
    if (f.children) sym.children = fieldSymbols(doc, i, base, f.children, range);
    out.push(sym);
  }
  return out;
}

function within(a: Range, b: Range): boolean {
  const le = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return le(b.start, a.start) && le(a.end, b.end);
}

export interface HexFoldingRange {
  startLine: number;
  endLine: number;
}

export function foldingRanges(doc: HexDocument): HexFoldingRange[] {
  const out: HexFoldingRange[] = [];
  const packets = doc.packets;
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    if (p.bytes.length === 0) continue;
    const r = packetRange(doc, i);
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line });
    for (const m of packetView(doc, i).messages) {
      const mr = doc.rangeOfBytes(i, m.start, m.end)!;
      if (mr.end.line > mr.start.line && !(mr.start.line === r.start.line && mr.end.line === r.end.line)) {
        out.push({ startLine: mr.start.line, endLine: mr.end.line });
      }
    }
  }
  return out;
}
