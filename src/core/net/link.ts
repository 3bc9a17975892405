/**
 * Link layer: finds where the IP header starts in a captured frame, for the link types SCCP captures come in.
 * Knows nothing about IP beyond which version the link header announces.
 */

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** DLT 12 and 14 carry raw IP in some files (their meaning differs between operating systems). */
export const DLT_RAW_12 = 12;
export const DLT_RAW_14 = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/** BSD address families as loopback headers carry them (IPv6 differs per OS: BSD, FreeBSD, Darwin). */
const AF_INET = 2;
const AF_INET6 = new Set([24, 28, 30]);

export type LinkResult =
  /** IP starts at `offset`; `version` is what the link header announced (undefined: decide by the version nibble). */
  | { kind: 'ip'; offset: number; version: 4 | 6 | undefined; vlanIds?: number[] }
  /** A link type we know, carrying something other than IP (ARP, LLDP, CDP, …): nothing to report. */
  | { kind: 'not-ip' }
  | { kind: 'unsupported' }
  | { kind: 'truncated'; message: string };

const NOT_IP: LinkResult = { kind: 'not-ip' };
const UNSUPPORTED: LinkResult = { kind: 'unsupported' };

export function isSupportedLinkType(linkType: number): boolean {
  switch (linkType) {
    case LINKTYPE_NULL:
    case LINKTYPE_ETHERNET:
    case DLT_RAW_12:
    case DLT_RAW_14:
    case LINKTYPE_RAW:
    case LINKTYPE_LOOP:
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
    case LINKTYPE_LINUX_SLL2:
      return true;
    default:
      return false;
  }
}

/**
 * Where IP starts in the frame held in `data[start, end)` (the whole array by default); offsets in the result count
 * from the start of `data`. The range lets a reader ask about a frame inside its read buffer before making a packet.
 */
export function decodeLink(linkType: number, data: Uint8Array, start = 0, end = data.length): LinkResult {
  const length = end - start;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      if (length < 14) return truncated('Ethernet', 14, length);
      return afterEthertype(data, start, end, start + 12);
    case LINKTYPE_LINUX_SLL:
      // packet type, ARPHRD type, address length, 8 address bytes, then the protocol (an Ethertype for IP).
      if (length < 16) return truncated('Linux cooked (SLL)', 16, length);
      return afterEthertype(data, start, end, start + 14);
    case LINKTYPE_LINUX_SLL2:
      // The protocol comes first, then reserved, interface index, ARPHRD, packet type, address length, address.
      if (length < 20) return truncated('Linux cooked v2 (SLL2)', 20, length);
      return atEthertype(data, start, end, be16(data, start), start + 20, undefined);
    case LINKTYPE_RAW:
    case DLT_RAW_12:
    case DLT_RAW_14:
      return { kind: 'ip', offset: start, version: undefined };
    case LINKTYPE_IPV4:
      return { kind: 'ip', offset: start, version: 4 };
    case LINKTYPE_IPV6:
      return { kind: 'ip', offset: start, version: 6 };
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      return loopback(data, start, end);
    default:
      return UNSUPPORTED;
  }
}

/** Null/loop header: a 4-byte address family, host order for null and network order for loop, but files
 * written on one machine and read on another get it wrong often enough that both orders are accepted. */
function loopback(data: Uint8Array, start: number, end: number): LinkResult {
  if (end - start < 4) return truncated('loopback', 4, end - start);
  const d = start;
  const big = ((data[d]! << 24) | (data[d + 1]! << 16) | (data[d + 2]! << 8) | data[d + 3]!) >>> 0;
  const little = ((data[d + 3]! << 24) | (data[d + 2]! << 16) | (data[d + 1]! << 8) | data[d]!) >>> 0;
  for (const af of [big, little]) {
    if (af === AF_INET) return { kind: 'ip', offset: start + 4, version: 4 };
    if (AF_INET6.has(af)) return { kind: 'ip', offset: start + 4, version: 6 };
  }
  return NOT_IP;
}

/** Reads the Ethertype at `typeAt` (Ethernet and SLL place it just before the payload). */
function afterEthertype(data: Uint8Array, start: number, end: number, typeAt: number): LinkResult {
  return atEthertype(data, start, end, be16(data, typeAt), typeAt + 2, undefined);
}

/** Follows VLAN tags (any depth), MPLS labels and PPPoE sessions to the IP header. */
function atEthertype(data: Uint8Array, start: number, end: number, type: number, at: number, vlanIds: number[] | undefined): LinkResult {
  // Each step consumes at least 4 bytes, so this ends with the data.
  for (;;) {
    if (type === ETHERTYPE_IPV4) return ip(at, 4, vlanIds);
    if (type === ETHERTYPE_IPV6) return ip(at, 6, vlanIds);
    if (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
      if (end < at + 4) return truncated('VLAN tag', at + 4 - start, end - start);
      (vlanIds ??= []).push(be16(data, at) & 0x0fff);
      type = be16(data, at + 2);
      at += 4;
      continue;
    }
    if (type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MULTICAST) return mpls(data, start, end, at, vlanIds);
    if (type === ETHERTYPE_PPPOE_SESSION) {
      if (end < at + 8) return truncated('PPPoE session', at + 8 - start, end - start);
      const ppp = be16(data, at + 6);
      if (ppp === PPP_IPV4) return ip(at + 8, 4, vlanIds);
      if (ppp === PPP_IPV6) return ip(at + 8, 6, vlanIds);
      return NOT_IP;
    }
    if (type <= 1500 && end >= at + 8 && data[at] === 0xaa && data[at + 1] === 0xaa && data[at + 2] === 0x03) {
      // 802.3 length + LLC/SNAP with an Ethertype inside (OUI 00-00-00).
      if (data[at + 3] !== 0 || data[at + 4] !== 0 || data[at + 5] !== 0) return NOT_IP;
      type = be16(data, at + 6);
      at += 8;
      if (type <= 1500) return NOT_IP;
      continue;
    }
    return NOT_IP;
  }
}

function mpls(data: Uint8Array, start: number, end: number, at: number, vlanIds: number[] | undefined): LinkResult {
  for (;;) {
    if (end < at + 4) return truncated('MPLS label', at + 4 - start, end - start);
    const bottom = (data[at + 2]! & 0x01) !== 0;
    at += 4;
    if (bottom) break;
  }
  if (end <= at) return truncated('MPLS payload', at + 1 - start, end - start);
  const nibble = data[at]! >> 4;
  if (nibble === 4) return ip(at, 4, vlanIds);
  if (nibble === 6) return ip(at, 6, vlanIds);
  return NOT_IP;
}

function ip(offset: number, version: 4 | 6, vlanIds: number[] | undefined): LinkResult {
  return vlanIds ? { kind: 'ip', offset, version, vlanIds } : { kind: 'ip', offset, version };
}

function truncated(what: string, need: number, have: number): LinkResult {
  return { kind: 'truncated', message: `${what} header cut short: needs ${need} bytes, the frame has ${have}` };
}

function be16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}
