/**
 * The catalog's card for a message ID, as Markdown: what the message is for, its direction, class, partner and
 * group, and what an SCCP ALG does with it. Shared by the language server's hover and the extension's tree tooltips.
 */
import { printable } from '../export/message-text';
import { messageById } from './catalog';
import type { MessageDef } from './catalog/types';
import { describeLayout, directionLabel, junosLabel } from './catalog-doc';
import { idHex } from './header';

const MEDIA_ROLE: Record<string, string> = {
  receive: 'where this station receives RTP',
  'send-to': 'where this station must send RTP',
  'multicast-receive': 'a multicast group this station receives RTP from',
  'multicast-send-to': 'a multicast group this station sends RTP to',
  'station-rtp': "the station's own RTP port",
  source: 'the address media will come from',
  'station-address': "the station's own signalling address",
  transmit: 'where this station sends RTP from',
  remote: 'the far end of a stream the message refers to',
};

export interface CardOptions {
  /** Include the field layout (version conditions and nesting), at most this many lines; 0 leaves it out. */
  layoutLines?: number;
}

/** The card's Markdown lines for a message ID (an "unknown message" card when the catalog lacks it). */
export function catalogCardLines(id: number, opts: CardOptions = {}): string[] {
  const maxLayout = opts.layoutLines ?? 40;
  const def = messageById(id);
  const out: string[] = [];
  if (!def) {
    out.push(`**Unknown message** \`${idHex(id >>> 0)}\``, '', 'This message ID is not in the catalog: its body is shown as bytes.');
    return out;
  }
  out.push(`**${def.name}** \`${idHex(def.id)}\``, '');
  out.push(`${directionLabel(def.direction)} · ${def.class}${partnerText(def)} · ${def.group}`, '');
  out.push(escapeMarkdown(def.purpose));
  out.push('', `**ALG:** ${algText(def)}`);
  out.push('', `**JUNOS SCCP ALG table:** ${def.junos ? junosLabel(def.junos) : 'not listed'}`);
  if (maxLayout <= 0) return out;
  if (def.fields && def.fields.length > 0 && def.bodyKnown !== false) {
    const layout = describeLayout(def.fields);
    const shown = layout.slice(0, maxLayout);
    if (layout.length > shown.length) shown.push(`… ${layout.length - shown.length} more lines`);
    out.push('', '**Fields:**', '', '```', ...shown, '```');
  } else if (def.bodyKnown === false) out.push('', 'Body: not documented by any public source; shown as bytes.');
  else out.push('', 'No body.');
  return out;
}

/** "answered by X (0x....)", "answers X", "paired with X", or '' when the message has no partner. */
export function partnerText(def: MessageDef): string {
  if (def.partner === undefined) return '';
  const p = messageById(def.partner);
  const rel = def.class === 'request' ? 'answered by' : def.class === 'response' ? 'answers' : 'paired with';
  return `, ${rel} ${p ? p.name : 'message'} (${idHex(def.partner)})`;
}

/** What an SCCP ALG does with the message (Markdown, may hold a list). */
export function algText(def: MessageDef): string {
  if (def.media && def.media.length > 0) {
    const roles = def.media.map((m) => `${m.role} — ${MEDIA_ROLE[m.role] ?? m.role} (${[m.ip, m.port].filter(Boolean).join(' : ')})`);
    return `carries media addresses, which an SCCP ALG reads to open pinholes and rewrite for NAT:\n${roles.map((r) => `- ${r}`).join('\n')}`;
  }
  return def.junos ? 'listed by the ALG, but carries no media address it must act on' : 'no media addresses: an ALG passes it through';
}

/** What a media role means, in a few words (for field tooltips). */
export function mediaRoleText(role: string): string {
  return MEDIA_ROLE[role] ?? role;
}

/** Escapes Markdown in text that may come from the capture or the catalog (control characters shown escaped). */
export function escapeMarkdown(s: string): string {
  return printable(s).replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}
