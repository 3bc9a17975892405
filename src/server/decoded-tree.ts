/**
 * The decoded tree of a message as text (for the "Show decoded tree" code lens and command), and the code lenses
 * that offer it, one on the first line of each message.
 */
import { printable } from '../core/export/message-text';
import type { FieldNode } from '../core/sccp/message';
import type { HexDocument, Position, Range } from './document-model';
import { locate, packetView } from './locate';
import type { MessageView } from './packet-view';
import { SHOW_TREE_COMMAND } from './protocol';

export { DECODED_TREE_REQUEST, SHOW_TREE_COMMAND } from './protocol';

/** Code lenses only for the first this-many messages (an editor shows a few screens, not 30,000 lenses). */
export const MAX_CODE_LENSES = 5000;
/** The whole-document tree is cut after this many messages. */
export const MAX_TREE_MESSAGES = 2000;

export interface HexCodeLens {
  range: Range;
  command: { title: string; command: string; arguments: unknown[] };
}

export function codeLenses(doc: HexDocument, uri: string): HexCodeLens[] {
  const out: HexCodeLens[] = [];
  const packets = doc.packets;
  for (let i = 0; i < packets.length && out.length < MAX_CODE_LENSES; i++) {
    if (packets[i]!.bytes.length === 0) continue;
    for (const m of packetView(doc, i).messages) {
      if (out.length >= MAX_CODE_LENSES) break;
      const r = doc.rangeOfBytes(i, m.start, m.start + 1)!;
      out.push({
        range: { start: r.start, end: r.start },
        command: { title: `Show decoded tree: ${m.body.name} (${m.body.idHex || '?'})`, command: SHOW_TREE_COMMAND, arguments: [uri, r.start] },
      });
    }
  }
  return out;
}

/** The tree of the message at `pos`, or of every message when `pos` is undefined. */
export function decodedTree(doc: HexDocument, pos: Position | undefined): { title: string; text: string } | undefined {
  if (pos) {
    const ref = doc.byteAt(pos) ?? firstByteOnLine(doc, pos.line);
    if (!ref) return undefined;
    const loc = locate(doc, ref.packet, ref.byte);
    if (!loc.message) return undefined;
    const m = loc.message.view;
    return { title: `${m.body.name} (packet ${ref.packet + 1})`, text: messageTree(m, ref.packet + 1, loc.view.endpoints).join('\n') + '\n' };
  }
  const lines: string[] = [];
  let count = 0;
  const packets = doc.packets;
  for (let i = 0; i < packets.length && count < MAX_TREE_MESSAGES; i++) {
    if (packets[i]!.bytes.length === 0) continue;
    const v = packetView(doc, i);
    for (const m of v.messages) {
      if (count++ >= MAX_TREE_MESSAGES) break;
      lines.push(...messageTree(m, i + 1, v.endpoints), '');
    }
  }
  if (count > MAX_TREE_MESSAGES) lines.push(`(the first ${MAX_TREE_MESSAGES} messages are shown)`);
  return { title: 'Decoded SCCP messages', text: lines.join('\n') + '\n' };
}

function firstByteOnLine(doc: HexDocument, line: number): { packet: number; byte: number } | undefined {
  const pi = doc.packetAtLine(line);
  if (pi < 0) return undefined;
  const [a, b] = doc.bytesOnLines(pi, line, line);
  return a < b ? { packet: pi, byte: a } : undefined;
}

export function messageTree(m: MessageView, packetNo: number, endpoints: string | undefined): string[] {
  const b = m.body;
  const out = [
    `Packet ${packetNo}${endpoints ? `  ${endpoints}` : ''}  bytes ${m.start}-${m.end - 1}`,
    `  ${b.name} (${b.idHex || '?'})  header ${b.headerVersion === 0 ? 'Basic' : `V${b.headerVersion}`}  length ${b.length}`,
  ];
  for (const f of b.fields) render(f, '    ', out);
  for (const e of b.media) out.push(`  media: ${e.role} ${e.ip !== undefined ? `${e.ip}:${e.port}` : `port ${e.port}`}`);
  for (const p of b.problems) out.push(`  problem: ${printable(p.message)}${p.offset !== undefined ? ` (at byte ${p.offset})` : ''}`);
  return out;
}

function render(f: FieldNode, indent: string, out: string[]): void {
  let v: string;
  if (f.value === null) v = f.display ? ` (${printable(f.display)})` : '';
  else if (typeof f.value === 'string') v = `: ${JSON.stringify(printable(f.value)).slice(1, -1)}`;
  else v = f.display !== undefined ? `: ${printable(f.display)} (${f.value})` : `: ${f.value}`;
  out.push(`${indent}${f.name}${v}  [${f.offset}+${f.length}]`);
  for (const c of f.children ?? []) render(c, indent + '  ', out);
}
