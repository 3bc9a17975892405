/**
 * Hover text (Markdown) for a byte. On the message-ID bytes: the catalog's card for the message. On any other
 * byte of a message: its field, decoded value and byte range. On link/IP/TCP bytes: the header and what it says.
 */
import { printable } from '../core/export/message-text';
import { catalogCardLines, escapeMarkdown as esc } from '../core/sccp/catalog-card';
import type { FieldNode } from '../core/sccp/message';
import type { HexDocument, Range } from './document-model';
import { locate, type Located } from './locate';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export function hoverAt(doc: HexDocument, line: number, character: number): HoverResult | undefined {
  const ref = doc.byteAt({ line, character });
  if (!ref) return undefined;
  const loc = locate(doc, ref.packet, ref.byte);
  const m = loc.message;
  if (m) {
    const { view, offset } = m;
    if (offset >= 8 && offset < 12) {
      return { markdown: messageCard(loc), range: doc.rangeOfBytes(ref.packet, view.start + 8, Math.min(view.end, view.start + 12))! };
    }
    const leaf = m.path[m.path.length - 1];
    if (leaf) {
      return { markdown: fieldCard(loc, leaf), range: doc.rangeOfBytes(ref.packet, view.start + leaf.offset, view.start + leaf.offset + leaf.length)! };
    }
    return {
      markdown: `${messageTitle(loc)}\n\nByte ${offset} of the message is not part of any decoded field.`,
      range: doc.rangeOfBytes(ref.packet, ref.byte, ref.byte + 1)!,
    };
  }
  if (loc.layer) {
    const l = loc.layer;
    return {
      markdown: `**${l.name}** header, packet bytes ${l.start}–${l.end - 1}\n\n${esc(l.summary)}`,
      range: doc.rangeOfBytes(ref.packet, l.start, l.end)!,
    };
  }
  return { markdown: `Packet byte ${ref.byte}: not part of an SCCP message`, range: doc.rangeOfBytes(ref.packet, ref.byte, ref.byte + 1)! };
}

function messageTitle(loc: Located): string {
  const b = loc.message!.view.body;
  return `**${esc(b.name)}** \`${b.idHex || '?'}\` (packet ${loc.packet + 1}, message ${loc.message!.index + 1})`;
}

/** The catalog's card for the message, plus what this instance says. */
function messageCard(loc: Located): string {
  const mv = loc.message!.view;
  const b = mv.body;
  const out: string[] = catalogCardLines(b.id);
  const version = b.headerVersion === 0 ? 'basic (0)' : `V${b.headerVersion}`;
  out.push('', '---', '', `This message: header version ${version}, length field ${b.length} (${b.length + 8} bytes), ${mv.end - mv.start} present`);
  for (const e of b.media) out.push(`- media ${e.role}: ${e.ip !== undefined ? `${esc(e.ip)}:` : 'port '}${e.port}`);
  if (b.problems.length) out.push(`- ${b.problems.length} problem(s): ${b.problems.map((p) => esc(p.message)).join('; ')}`);
  return out.join('\n');
}

function fieldCard(loc: Located, leaf: FieldNode): string {
  const m = loc.message!;
  const start = m.view.start + leaf.offset;
  const path = m.path.map((n) => n.name).join(' › ');
  const lines = [messageTitle(loc), '', `**${esc(path)}** = ${valueText(leaf)}`, ''];
  lines.push(`Message bytes ${leaf.offset}–${leaf.offset + leaf.length - 1} (${leaf.length} byte${leaf.length === 1 ? '' : 's'}); packet bytes ${start}–${start + leaf.length - 1}`);
  const problems = m.view.body.problems.filter((p) => p.offset !== undefined && p.offset >= leaf.offset && p.offset < leaf.offset + Math.max(1, leaf.length));
  for (const p of problems) lines.push('', `⚠ ${esc(p.message)}`);
  return lines.join('\n');
}

function valueText(f: FieldNode): string {
  if (f.value === null) return f.display ? code(printable(f.display)) : '(structure)';
  if (typeof f.value === 'string') return code(printable(f.value));
  const hex = `0x${(f.value >>> 0).toString(16)}`;
  return f.display !== undefined ? `${code(printable(f.display))} (${f.value}, ${hex})` : `${f.value} (${hex})`;
}

/** Inline code that survives any backticks in the text. */
function code(s: string): string {
  const clipped = s.length > 200 ? `${s.slice(0, 200)}…` : s;
  const fence = clipped.includes('`') ? '`` ' : '`';
  return `${fence}${clipped}${fence === '`` ' ? ' ``' : '`'}`;
}
