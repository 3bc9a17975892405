/**
 * What one packet of a dump holds, byte range by byte range: link, IP and TCP headers (when present) and the SCCP
 * messages, each decoded by the catalog. Computed once per packet and cached; an edit replaces the packet object,
 * which drops its view with it.
 */
import { classifyBlock, splitMessages, type BlockContent } from '../core/capture/hexdump/content';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_RAW } from '../core/capture/hexdump/to-packets';
import type { TextPacket } from '../core/capture/hexdump/types';
import type { CapturedPacket } from '../core/capture/types';
import { decodePacket } from '../core/net';
import { decodeLink } from '../core/net/link';
import type { Problem } from '../core/problems';
import { decodeMessage } from '../core/sccp/decode';
import { HEADER_SIZE, judgeHeaderStart, readHeader } from '../core/sccp/header';
import type { DecodedBody } from '../core/sccp/message';

export const SCCP_PORT = 2000;

/** A header of a lower layer, as a byte range of the packet. */
export interface LayerSpan {
  name: 'Ethernet' | 'Linux cooked' | 'IPv4' | 'IPv6' | 'TCP' | 'padding';
  start: number;
  end: number;
  /** One line saying what it holds ("10.0.0.1 → 10.0.0.2", "port 2000 → 50000, seq …"). */
  summary: string;
}

export interface MessageView {
  /** Byte range of the message in the packet (what is present; `declared` is what its header claims). */
  start: number;
  end: number;
  declared: number;
  body: DecodedBody;
}

export interface PacketView {
  content: BlockContent;
  layers: LayerSpan[];
  messages: MessageView[];
  /** Link/IP/TCP problems for the whole packet. */
  netProblems: Problem[];
  /** "10.0.0.1:50000 → 10.0.0.2:2000" when there is IP, else undefined. */
  endpoints?: string;
}

const views = new WeakMap<TextPacket, PacketView>();

/** Decoded bodies by message bytes: re-reading an unchanged message after an edit costs a map lookup. */
const decodeCache = new Map<string, DecodedBody>();
const DECODE_CACHE_LIMIT = 20000;

export function viewOf(p: TextPacket, previous?: TextPacket): PacketView {
  let v = views.get(p);
  if (!v) {
    const hint = previous ? views.get(previous)?.content : undefined;
    v = analyse(p.bytes, hint);
    views.set(p, v);
  }
  return v;
}

export function analyse(b: Uint8Array, previous?: BlockContent): PacketView {
  const content = b.length === 0 ? 'unknown' : classifyBlock(b, previous);
  const view: PacketView = { content, layers: [], messages: [], netProblems: [] };
  if (b.length === 0) return view;
  switch (content) {
    case 'ethernet':
      network(b, LINKTYPE_ETHERNET, view);
      break;
    case 'linux-sll':
      network(b, LINKTYPE_LINUX_SLL, view);
      break;
    case 'ipv4':
    case 'ipv6':
      network(b, LINKTYPE_RAW, view);
      break;
    case 'tcp':
      bareTcp(b, view);
      break;
    default:
      messages(b, 0, b.length, view);
  }
  return view;
}

function network(b: Uint8Array, linkType: number, view: PacketView): void {
  const cp: CapturedPacket = { frame: 1, fileOffset: 0, tsSec: 0, tsNsec: 0, tsDigits: 6, linkType, originalLength: b.length, data: b, interfaceId: 0 };
  const link = decodeLink(linkType, b);
  const ipStart = link.kind === 'ip' ? link.offset : 0;
  if (ipStart > 0) view.layers.push({ name: linkType === LINKTYPE_ETHERNET ? 'Ethernet' : 'Linux cooked', start: 0, end: ipStart, summary: linkSummary(b, linkType) });
  const net = decodePacket(cp);
  if (!net) {
    view.netProblems.push({ code: 'ip.bad-header', message: 'no readable IP header in these bytes' });
    return;
  }
  view.netProblems.push(...net.problems.map(stripFrame));
  const t = net.tcp;
  const ipEnd = t ? t.payloadOffset - t.headerLength : net.udp ? net.udp.payloadOffset - 8 : b.length;
  view.layers.push({ name: net.ipVersion === 4 ? 'IPv4' : 'IPv6', start: ipStart, end: Math.max(ipStart, ipEnd), summary: `${net.src} → ${net.dst}, protocol ${net.protocol}` });
  if (!t) return;
  const tcpStart = t.payloadOffset - t.headerLength;
  view.layers.push({ name: 'TCP', start: tcpStart, end: t.payloadOffset, summary: tcpSummary(t.srcPort, t.dstPort, t.seq, t.ack, t.flags, t.payload.length) });
  view.endpoints = `${addr(net.src)}:${t.srcPort} → ${addr(net.dst)}:${t.dstPort}`;
  const payloadEnd = t.payloadOffset + t.payload.length;
  if (payloadEnd < b.length) view.layers.push({ name: 'padding', start: payloadEnd, end: b.length, summary: 'bytes after the IP packet (Ethernet padding or trailer)' });
  if (carriesSccp(b, t.payloadOffset, payloadEnd, t.srcPort, t.dstPort)) messages(b, t.payloadOffset, payloadEnd, view);
}

function bareTcp(b: Uint8Array, view: PacketView): void {
  const hl = (b[12]! >> 4) * 4;
  const src = (b[0]! << 8) | b[1]!;
  const dst = (b[2]! << 8) | b[3]!;
  const seq = ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
  const ack = ((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0;
  const flags = ((b[12]! & 1) << 8) | b[13]!;
  view.layers.push({ name: 'TCP', start: 0, end: hl, summary: tcpSummary(src, dst, seq, ack, flags, b.length - hl) });
  view.endpoints = `port ${src} → ${dst}`;
  if (carriesSccp(b, hl, b.length, src, dst)) messages(b, hl, b.length, view);
}

/** TCP payload on the SCCP port, or starting with a plausible SCCP header on any port. */
function carriesSccp(b: Uint8Array, from: number, to: number, src: number, dst: number): boolean {
  if (to <= from) return false;
  if (src === SCCP_PORT || dst === SCCP_PORT) return true;
  if (to - from < HEADER_SIZE) return false;
  const h = readHeader(b, from);
  return judgeHeaderStart(h.dataLength, h.headerVersion) === 'ok';
}

function messages(b: Uint8Array, from: number, to: number, view: PacketView): void {
  for (const span of splitMessages(b, from, to)) {
    view.messages.push({ start: span.start, end: span.end, declared: span.declared, body: decodeCached(b.subarray(span.start, span.end)) });
  }
}

function decodeCached(bytes: Uint8Array): DecodedBody {
  let key = '';
  for (let i = 0; i < bytes.length; i += 4096) key += String.fromCharCode(...bytes.subarray(i, i + 4096));
  const hit = decodeCache.get(key);
  if (hit) return hit;
  const body = decodeMessage(bytes);
  if (decodeCache.size >= DECODE_CACHE_LIMIT) decodeCache.clear();
  decodeCache.set(key, body);
  return body;
}

function stripFrame(p: Problem): Problem {
  // "frame 1: ..." means nothing in a dump: the packet is known from where the diagnostic sits.
  return { ...p, message: p.message.replace(/^frame 1: /, '').replace(/ of frame 1\b/, '') };
}

function addr(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

function linkSummary(b: Uint8Array, linkType: number): string {
  if (linkType !== LINKTYPE_ETHERNET) return 'Linux cooked capture header';
  const mac = (at: number): string => Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
  return `${mac(6)} → ${mac(0)}, type 0x${((b[12]! << 8) | b[13]!).toString(16).padStart(4, '0')}`;
}

function tcpSummary(src: number, dst: number, seq: number, ack: number, flags: number, len: number): string {
  const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'].filter((_, i) => (flags & (1 << i)) !== 0);
  return `port ${src} → ${dst}, seq ${seq}, ack ${ack}, flags ${names.join(' ') || 'none'}, ${len} payload byte(s)`;
}
