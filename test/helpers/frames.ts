/**
 * Builds captured frames as bytes, layer by layer, for tests: link headers (Ethernet with VLAN tags, Linux SLL and
 * SLL2, BSD null/loop, raw IP), IPv4 (options, fragments), IPv6 (extension headers), TCP and UDP, and a classic
 * pcap file around them. Checksums are filled in, so the frames also decode cleanly in Wireshark.
 */
import type { CapturedPacket } from '../../src/core/capture/types';

export const TCP_FLAGS = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20 } as const;

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

export function ipv4Address(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address ${text}`);
  return Uint8Array.from(parts);
}

export function ipv6Address(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  if (all.length !== 8 || all.some((g) => !(g >= 0 && g <= 0xffff))) throw new Error(`bad IPv6 address ${text}`);
  const out = new Uint8Array(16);
  all.forEach((g, i) => put16(out, 2 * i, g));
  return out;
}

/** Internet checksum over the parts (odd lengths padded). */
function checksum(parts: Uint8Array[]): number {
  let sum = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i += 2) sum += (p[i]! << 8) | (i + 1 < p.length ? p[i + 1]! : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

// ---------------------------------------------------------------- transport

export interface TcpOptions {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  /** Flag letters (any of F S R P A U) or the raw bits. Default 'A' when ack is given, else ''. */
  flags?: string | number;
  window?: number;
  /** Raw TCP options, padded to a multiple of 4 with NOPs/zeros. */
  options?: Uint8Array;
  /** Override the data offset field (in 32-bit words), to build broken headers. */
  dataOffsetWords?: number;
  payload?: Uint8Array;
}

export function tcp(o: TcpOptions): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const optLen = Math.ceil(opts.length / 4) * 4;
  const h = new Uint8Array(20 + optLen);
  put16(h, 0, o.srcPort);
  put16(h, 2, o.dstPort);
  put32(h, 4, (o.seq ?? 0) >>> 0);
  put32(h, 8, (o.ack ?? 0) >>> 0);
  const flags = typeof o.flags === 'number' ? o.flags : flagBits(o.flags ?? (o.ack !== undefined ? 'A' : ''));
  h[12] = ((o.dataOffsetWords ?? h.length / 4) << 4) | ((flags >> 8) & 1);
  h[13] = flags & 0xff;
  put16(h, 14, o.window ?? 65535);
  h.set(opts, 20);
  return concat(h, o.payload ?? new Uint8Array(0));
}

function flagBits(letters: string): number {
  let f = 0;
  for (const c of letters) {
    const bit = TCP_FLAGS[c as keyof typeof TCP_FLAGS];
    if (bit === undefined) throw new Error(`unknown TCP flag ${c}`);
    f |= bit;
  }
  return f;
}

export function udp(o: { srcPort: number; dstPort: number; payload?: Uint8Array; length?: number }): Uint8Array {
  const payload = o.payload ?? new Uint8Array(0);
  const h = new Uint8Array(8);
  put16(h, 0, o.srcPort);
  put16(h, 2, o.dstPort);
  put16(h, 4, o.length ?? 8 + payload.length);
  return concat(h, payload);
}

// ---------------------------------------------------------------- IP

export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

export interface Ipv4Options {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragmentOffset?: number;
  /** Raw IP options, padded with zeros (end of list) to a multiple of 4. */
  options?: Uint8Array;
  /** Override the total length field. */
  totalLength?: number;
  /** Override the IHL field (in 32-bit words). */
  ihlWords?: number;
  /** Fill the TCP/UDP checksum (default: when the payload is a whole, unfragmented transport segment). */
  transportChecksum?: boolean;
}

export function ipv4(o: Ipv4Options): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hl = 20 + Math.ceil(opts.length / 4) * 4;
  const h = new Uint8Array(hl);
  h[0] = 0x40 | (o.ihlWords ?? hl / 4);
  put16(h, 2, o.totalLength ?? hl + o.payload.length);
  put16(h, 4, o.id ?? 0x1234);
  put16(h, 6, (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) >> 3));
  h[8] = o.ttl ?? 64;
  h[9] = o.protocol;
  const src = ipv4Address(o.src);
  const dst = ipv4Address(o.dst);
  h.set(src, 12);
  h.set(dst, 16);
  h.set(opts, 20);
  put16(h, 10, checksum([h]));
  const fragmented = !!o.moreFragments || (o.fragmentOffset ?? 0) > 0;
  const payload = o.transportChecksum ?? !fragmented ? withTransportChecksum(o.protocol, o.payload, concat(src, dst)) : o.payload;
  return concat(h, payload);
}

export interface Ipv6Extension {
  type: number;
  /** The whole extension header; its first byte (next header) is filled in by ipv6(). */
  header: Uint8Array;
}

export const ipv6Ext = {
  /** Hop-by-hop (0) or destination options (60) with PadN filling `length` bytes (a multiple of 8). */
  options(type: 0 | 60, length = 8): Ipv6Extension {
    const h = new Uint8Array(length);
    h[1] = length / 8 - 1;
    h[2] = 1; // PadN
    h[3] = length - 4;
    return { type, header: h };
  },
  /** Routing header (43), type 0 with `addresses` entries. */
  routing(addresses = 1): Ipv6Extension {
    const h = new Uint8Array(8 + 16 * addresses);
    h[1] = 2 * addresses;
    h[3] = addresses; // segments left
    return { type: 43, header: h };
  },
  fragment(o: { offset: number; more: boolean; id: number }): Ipv6Extension {
    const h = new Uint8Array(8);
    put16(h, 2, (o.offset & 0xfff8) | (o.more ? 1 : 0));
    put32(h, 4, o.id);
    return { type: 44, header: h };
  },
  /** Authentication header (51) with `icvWords` 32-bit words of ICV. */
  ah(icvWords = 3): Ipv6Extension {
    const h = new Uint8Array(12 + 4 * icvWords);
    h[1] = (h.length >> 2) - 2;
    return { type: 51, header: h };
  },
};

export interface Ipv6Options {
  src: string;
  dst: string;
  /** Next header of the payload after the extension headers. */
  nextHeader: number;
  payload: Uint8Array;
  extensions?: Ipv6Extension[];
  hopLimit?: number;
  /** Override the payload length field. */
  payloadLength?: number;
  transportChecksum?: boolean;
}

export function ipv6(o: Ipv6Options): Uint8Array {
  const ext = o.extensions ?? [];
  const parts: Uint8Array[] = [];
  for (let i = 0; i < ext.length; i++) {
    const e = Uint8Array.from(ext[i]!.header);
    e[0] = i + 1 < ext.length ? ext[i + 1]!.type : o.nextHeader;
    parts.push(e);
  }
  const src = ipv6Address(o.src);
  const dst = ipv6Address(o.dst);
  const fragmented = ext.some((e) => e.type === 44);
  // With a routing header still to be followed, the checksum covers the final destination (its last address).
  const routing = ext.find((e) => e.type === 43 && e.header[3]! > 0 && e.header.length >= 24);
  const finalDst = routing ? routing.header.subarray(routing.header.length - 16) : dst;
  parts.push(o.transportChecksum ?? !fragmented ? withTransportChecksum(o.nextHeader, o.payload, concat(src, finalDst)) : o.payload);
  const body = concat(...parts);
  const h = new Uint8Array(40);
  h[0] = 0x60;
  put16(h, 4, o.payloadLength ?? body.length);
  h[6] = ext.length > 0 ? ext[0]!.type : o.nextHeader;
  h[7] = o.hopLimit ?? 64;
  h.set(src, 8);
  h.set(dst, 24);
  return concat(h, body);
}

function withTransportChecksum(protocol: number, segment: Uint8Array, addresses: Uint8Array): Uint8Array {
  const at = protocol === PROTO_TCP ? 16 : protocol === PROTO_UDP ? 6 : -1;
  if (at < 0 || segment.length < at + 2) return segment;
  const s = Uint8Array.from(segment);
  s[at] = 0;
  s[at + 1] = 0;
  const pseudo = new Uint8Array(addresses.length === 8 ? 4 : 8);
  if (addresses.length === 8) {
    pseudo[1] = protocol;
    put16(pseudo, 2, s.length);
  } else {
    put32(pseudo, 0, s.length);
    pseudo[7] = protocol;
  }
  let sum = checksum([addresses, pseudo, s]);
  if (protocol === PROTO_UDP && sum === 0) sum = 0xffff;
  put16(s, at, sum);
  return s;
}

// ---------------------------------------------------------------- link

export const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, SLL: 113, IPV4: 228, IPV6: 229, SLL2: 276 } as const;
export const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, QINQ_OLD: 0x9100 } as const;

/** The Ethertype matching the IP version of `ip` (by its first nibble). */
export function ethertypeOf(ip: Uint8Array): number {
  return ip[0]! >> 4 === 6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4;
}

export interface EthernetOptions {
  /** Default: by the IP version nibble of the payload. */
  etherType?: number;
  /** Tags outermost first; tpid defaults to 0x8100. */
  vlans?: { vid: number; tpid?: number; pcp?: number }[];
  /** Pad the frame with zeros to at least this many bytes (60 is Ethernet's minimum without FCS). */
  padTo?: number;
  /** Append these bytes after the payload (an FCS or trailer). */
  trailer?: Uint8Array;
}

export function ethernet(payload: Uint8Array, o: EthernetOptions = {}): Uint8Array {
  const h = new Uint8Array(12);
  h.set([0x00, 0x1b, 0x54, 0x01, 0x02, 0x03], 0);
  h.set([0x00, 0x07, 0x0e, 0x04, 0x05, 0x06], 6);
  const tags: Uint8Array[] = [];
  for (const v of o.vlans ?? []) {
    const t = new Uint8Array(4);
    put16(t, 0, v.tpid ?? ETHERTYPE.VLAN);
    put16(t, 2, ((v.pcp ?? 0) << 13) | (v.vid & 0x0fff));
    tags.push(t);
  }
  const type = new Uint8Array(2);
  put16(type, 0, o.etherType ?? ethertypeOf(payload));
  let frame = concat(h, ...tags, type, payload, o.trailer ?? new Uint8Array(0));
  if (o.padTo !== undefined && frame.length < o.padTo) frame = concat(frame, new Uint8Array(o.padTo - frame.length));
  return frame;
}

/** Linux cooked capture v1 (16-byte header, protocol last). */
export function sll(payload: Uint8Array, protocol = ethertypeOf(payload)): Uint8Array {
  const h = new Uint8Array(16);
  put16(h, 0, 0); // addressed to us
  put16(h, 2, 1); // ARPHRD_ETHER
  put16(h, 4, 6);
  h.set([0x00, 0x1b, 0x54, 0x01, 0x02, 0x03], 6);
  put16(h, 14, protocol);
  return concat(h, payload);
}

/** Linux cooked capture v2 (20-byte header, protocol first). */
export function sll2(payload: Uint8Array, protocol = ethertypeOf(payload)): Uint8Array {
  const h = new Uint8Array(20);
  put16(h, 0, protocol);
  put32(h, 4, 2); // interface index
  put16(h, 8, 1); // ARPHRD_ETHER
  h[10] = 4; // outgoing
  h[11] = 6;
  h.set([0x00, 0x1b, 0x54, 0x01, 0x02, 0x03], 12);
  return concat(h, payload);
}

/** BSD null / OpenBSD loop header: a 4-byte address family in the given byte order. */
export function loopback(payload: Uint8Array, family: number, order: 'little' | 'big'): Uint8Array {
  const h = new Uint8Array(4);
  if (order === 'big') put32(h, 0, family);
  else {
    h[0] = family & 0xff;
    h[1] = (family >>> 8) & 0xff;
    h[2] = (family >>> 16) & 0xff;
    h[3] = (family >>> 24) & 0xff;
  }
  return concat(h, payload);
}

// ---------------------------------------------------------------- capture

export function captured(data: Uint8Array, o: { frame?: number; linkType?: number; tsSec?: number; tsNsec?: number; originalLength?: number } = {}): CapturedPacket {
  return {
    frame: o.frame ?? 1,
    fileOffset: 0,
    tsSec: o.tsSec ?? 1_700_000_000,
    tsNsec: o.tsNsec ?? 0,
    tsDigits: 6,
    linkType: o.linkType ?? LINK.ETHERNET,
    originalLength: o.originalLength ?? data.length,
    data,
    interfaceId: 0,
  };
}

export interface TcpFrameOptions extends TcpOptions {
  src: string;
  dst: string;
  frame?: number;
  tsSec?: number;
  tsNsec?: number;
}

/** An Ethernet frame carrying one TCP segment over IPv4 or IPv6 (by the address form). */
export function tcpFrame(o: TcpFrameOptions): CapturedPacket {
  const segment = tcp(o);
  const ip = o.src.includes(':')
    ? ipv6({ src: o.src, dst: o.dst, nextHeader: PROTO_TCP, payload: segment })
    : ipv4({ src: o.src, dst: o.dst, protocol: PROTO_TCP, payload: segment });
  return captured(ethernet(ip), { frame: o.frame ?? 1, tsSec: o.tsSec ?? 1_700_000_000, tsNsec: o.tsNsec ?? 0 });
}

/** A classic little-endian microsecond pcap file holding the packets (all of one link type). */
export function pcapFile(packets: CapturedPacket[], linkType = packets[0]?.linkType ?? LINK.ETHERNET): Uint8Array {
  const header = new Uint8Array(24);
  const v = new DataView(header.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, linkType, true);
  const records = packets.map((p) => {
    const r = new Uint8Array(16 + p.data.length);
    const rv = new DataView(r.buffer);
    rv.setUint32(0, p.tsSec, true);
    rv.setUint32(4, Math.floor(p.tsNsec / 1000), true);
    rv.setUint32(8, p.data.length, true);
    rv.setUint32(12, Math.max(p.originalLength, p.data.length), true);
    r.set(p.data, 16);
    return r;
  });
  return concat(header, ...records);
}
