/**
 * Semantic tokens over the hex digits: SCCP header length, header version and message ID, body fields (alternating
 * two types so that neighbouring fields stand apart; strings and addresses have their own), and the link/IP/TCP
 * headers. Served for a range of lines (what the editor shows), so a 10 MB dump costs only its visible part.
 */
import type { FieldNode } from '../core/sccp/message';
import type { HexDocument } from './document-model';
import { packetView } from './locate';
import type { PacketView } from './packet-view';

export const TOKEN_TYPES = [
  'sccpLength',
  'sccpVersion',
  'sccpMessageId',
  'sccpField',
  'sccpFieldAlt',
  'sccpString',
  'sccpAddress',
  'sccpNetworkHeader',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export const TOKEN_MODIFIERS: string[] = [];

const T_LENGTH = 1;
const T_VERSION = 2;
const T_ID = 3;
const T_FIELD = 4;
const T_FIELD_ALT = 5;
const T_STRING = 6;
const T_ADDRESS = 7;
const T_NETWORK = 8;

export interface RawToken {
  line: number;
  start: number;
  length: number;
  type: number;
}

/** Tokens on lines [fromLine, toLine], sorted, in LSP's relative encoding. */
export function semanticTokens(doc: HexDocument, fromLine: number, toLine: number): number[] {
  return encode(tokensOnLines(doc, fromLine, toLine));
}

export function tokensOnLines(doc: HexDocument, fromLine: number, toLine: number): RawToken[] {
  const out: RawToken[] = [];
  const packets = doc.packets;
  const first = Math.max(0, doc.packetAtLine(fromLine));
  for (let i = first; i < packets.length; i++) {
    const p = packets[i]!;
    if (p.firstLine > toLine) break;
    if (p.bytes.length === 0) continue;
    const [a, b] = doc.bytesOnLines(i, fromLine, toLine);
    if (a >= b) continue;
    const { types, starts } = byteTypes(packetView(doc, i), a, b);
    let k = a;
    while (k < b) {
      const t = types[k - a]!;
      let j = k + 1;
      // A run ends where the type changes or another field starts (two neighbouring fields stay two tokens).
      while (j < b && types[j - a] === t && starts[j - a] === 0) j++;
      if (t !== 0) {
        const pieces: { line: number; start: number; end: number }[] = [];
        doc.linePieces(i, k, j, pieces);
        for (const pc of pieces) out.push({ line: pc.line, start: pc.start, length: pc.end - pc.start, type: t - 1 });
      }
      k = j;
    }
  }
  out.sort((x, y) => x.line - y.line || x.start - y.start);
  return out;
}

/** A type per byte in [a, b) of the packet (0: none), and which bytes start a field. */
function byteTypes(view: PacketView, a: number, b: number): { types: Uint8Array; starts: Uint8Array } {
  const types = new Uint8Array(b - a);
  const starts = new Uint8Array(b - a);
  const mark = (from: number, to: number, t: number): void => {
    const s = Math.max(from, a);
    const e = Math.min(to, b);
    for (let x = s; x < e; x++) types[x - a] = t;
    if (from >= a && from < b) starts[from - a] = 1;
  };
  for (const l of view.layers) if (l.name !== 'padding') mark(l.start, l.end, T_NETWORK);
  for (const m of view.messages) {
    if (m.end <= a || m.start >= b) continue;
    mark(m.start, Math.min(m.end, m.start + 4), T_LENGTH);
    mark(m.start + 4, Math.min(m.end, m.start + 8), T_VERSION);
    mark(m.start + 8, Math.min(m.end, m.start + 12), T_ID);
    let n = 0;
    const walk = (nodes: readonly FieldNode[]): void => {
      for (const f of nodes) {
        if (f.offset < 12) continue;
        // Descend into structures; a flags word (children over its own bytes) stays one field.
        if (f.children && f.children.length > 0 && !f.children.every((c) => c.offset === f.offset && c.length === f.length)) {
          walk(f.children);
          continue;
        }
        const from = m.start + f.offset;
        mark(from, Math.min(m.end, from + f.length), leafType(f, n++));
      }
    };
    walk(m.body.fields);
  }
  return { types, starts };
}

function leafType(f: FieldNode, n: number): number {
  if (typeof f.value === 'string') return /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f]*:[0-9a-f:]*$/i.test(f.value) ? T_ADDRESS : T_STRING;
  return n % 2 === 0 ? T_FIELD : T_FIELD_ALT;
}

function encode(tokens: readonly RawToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    const dc = dl === 0 ? t.start - char : t.start;
    data.push(dl, dc, t.length, t.type, 0);
    line = t.line;
    char = t.start;
  }
  return data;
}
