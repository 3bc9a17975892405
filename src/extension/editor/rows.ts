/**
 * One line of the capture editor's message list, made from a decoded message on the host. Pure (no vscode) and
 * plain data: the webview gets these, never the message itself, and puts them in the DOM as text.
 */
import { findField } from '../../core/sccp/decode';
import type { FieldNode, MediaEndpoint, SccpMessage } from '../../core/sccp/message';
import type { MessageRow } from './editor-protocol';
import { endpointText, escapeInvisible } from './text';

export type { MessageRow };
export { endpointText };

/** Capture start (first packet's time) as seconds and nanoseconds. */
export interface CaptureStart {
  sec: number;
  nsec: number;
}

const INFO_MAX = 120;

/** Seconds from `start` to the message, with 6 decimals (as the calls document and Wireshark's relative time). */
export function relativeTime(m: Pick<SccpMessage, 'tsSec' | 'tsNsec'>, start: CaptureStart | undefined): string {
  if (!start) return '';
  const ns = (m.tsSec - start.sec) * 1e9 + (m.tsNsec - start.nsec);
  return (Math.round(ns / 1000) / 1e6).toFixed(6);
}

export function callReferenceOf(m: Pick<SccpMessage, 'fields'>): number | undefined {
  const f = findField(m.fields, 'callReference');
  return f && typeof f.value === 'number' && f.value !== 0 ? f.value : undefined;
}

/** The list's line for a message; `summary` is what it needs from the fields (see lean-message.ts). */
export function messageRow(m: Omit<SccpMessage, 'fields'>, index: number, start: CaptureStart | undefined, summary: { call?: number; info: string }): MessageRow {
  const call = summary.call;
  return {
    index,
    frame: m.frame,
    time: relativeTime(m, start),
    source: endpointText(m.src, m.srcPort),
    destination: endpointText(m.dst, m.dstPort),
    name: m.name,
    idHex: m.idHex,
    call: call === undefined ? '' : String(call),
    info: summary.info,
    problem: m.problems.length > 0,
    media: m.media.length > 0,
    tls: m.tls === true,
  };
}

/** The Info column: media addresses first (what the ALG acts on), then the first body fields. */
export function infoText(m: Pick<SccpMessage, 'fields' | 'media' | 'problems'>): string {
  const parts: string[] = m.media.map(mediaText);
  for (const f of m.fields.slice(3)) {
    if (total(parts) >= INFO_MAX) break;
    if (f.name === 'callReference') continue;
    const v = shortValue(f);
    if (v !== undefined) parts.push(`${f.name}=${v}`);
  }
  if (m.problems.length > 0) parts.unshift(`[${m.problems.length} problem${m.problems.length === 1 ? '' : 's'}]`);
  const text = parts.join(', ');
  return text.length > INFO_MAX ? `${text.slice(0, INFO_MAX - 1)}…` : text;
}

function total(parts: string[]): number {
  return parts.reduce((n, p) => n + p.length + 2, 0);
}

function mediaText(e: MediaEndpoint): string {
  return `${e.role} ${e.ip !== undefined ? endpointText(e.ip, e.port) : `port ${e.port}`}`;
}

/** A field's value in a few characters, or undefined for structures and opaque data. Control characters escaped. */
function shortValue(f: FieldNode): string | undefined {
  if (f.value === null) return undefined;
  if (typeof f.value === 'number') return f.display !== undefined ? f.display : String(f.value);
  const s = escapeInvisible(f.value);
  return `"${s.length > 40 ? `${s.slice(0, 39)}…` : s}"`;
}
