/**
 * What a block of bytes from a hex dump starts with: an Ethernet frame, a Linux cooked (SLL) frame, an IPv4 or IPv6
 * packet, a bare TCP segment, or SCCP messages back to back. Judged from the bytes alone; the first layout whose
 * fields all agree with the bytes wins, the strictest checks first.
 */
import { internetChecksum, onesComplementSum } from '../../net/checksum';
import { HEADER_SIZE, KNOWN_HEADER_VERSIONS, messageSize, plausibleMessageId, readHeader } from '../../sccp/header';

export type BlockContent = 'ethernet' | 'linux-sll' | 'ipv4' | 'ipv6' | 'tcp' | 'sccp' | 'unknown';

/** SCCP's TCP port on the CallManager side. */
export const SCCP_PORT = 2000;

/**
 * `previous`: what the dump's previous block held. A frame of a kind that carries no IP (ARP, LLDP, spanning tree)
 * is taken as Ethernet when its Ethertype is a well-known one, or when the blocks before it were Ethernet too.
 */
export function classifyBlock(b: Uint8Array, previous?: BlockContent): BlockContent {
  if (sccpChainCovers(b, true)) return 'sccp';
  if (isEthernet(b) || isNonIpEthernet(b, false)) return 'ethernet';
  if (isLinuxSll(b)) return 'linux-sll';
  if (isIpv4(b, 0)) return 'ipv4';
  if (isIpv6(b, 0)) return 'ipv6';
  if (isTcp(b)) return 'tcp';
  if (previous === 'ethernet' && isNonIpEthernet(b, true)) return 'ethernet';
  if (sccpChainCovers(b, false)) return 'sccp';
  return 'unknown';
}

/**
 * SCCP messages back to back from byte 0: every header plausible (known version, sane length, ID in the ranges).
 * `exact`: the messages end exactly with the bytes; otherwise the last one may be cut short.
 */
function sccpChainCovers(b: Uint8Array, exact: boolean): boolean {
  let at = 0;
  let count = 0;
  while (at + HEADER_SIZE <= b.length) {
    const h = readHeader(b, at);
    if (h.dataLength < 4 || h.dataLength > 0x10000 || !KNOWN_HEADER_VERSIONS.has(h.headerVersion) || !plausibleMessageId(h.id)) return false;
    at += messageSize(h.dataLength);
    count++;
  }
  if (count === 0) return false;
  return exact ? at === b.length : true;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TYPES = new Set([0x8100, 0x88a8, 0x9100]);

function be16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function isEthernet(b: Uint8Array): boolean {
  if (b.length < 14 + 20) return false;
  let at = 12;
  let type = be16(b, at);
  for (let tags = 0; VLAN_TYPES.has(type) && tags < 4; tags++) {
    at += 4;
    if (b.length < at + 2) return false;
    type = be16(b, at);
  }
  if (type === ETHERTYPE_IPV4) return isIpv4(b, at + 2);
  if (type === ETHERTYPE_IPV6) return isIpv6(b, at + 2);
  return false;
}

/** Ethertypes of frames that often sit among IP traffic: ARP, RARP, 802.1X, LLDP, slow protocols, PPPoE, MPLS. */
const NON_IP_ETHERTYPES = new Set([0x0806, 0x8035, 0x888e, 0x88cc, 0x8809, 0x8863, 0x8864, 0x8847, 0x8848, 0x88f7, 0x22f3, 0x9000]);

function isNonIpEthernet(b: Uint8Array, afterEthernet: boolean): boolean {
  if (b.length < 14) return false;
  const type = be16(b, 12);
  if (NON_IP_ETHERTYPES.has(type)) return true;
  // 802.3 with LLC (spanning tree 42 42 03, SNAP aa aa 03: CDP, VTP)
  const llc = b.length >= 17 && ((b[14] === 0x42 && b[15] === 0x42) || (b[14] === 0xaa && b[15] === 0xaa)) && b[16] === 0x03;
  if (type <= 1500 && llc) return true;
  return afterEthernet && (type >= 0x0600 || type <= 1500);
}

/** Linux cooked capture v1 (tcpdump -i any): packet type, ARPHRD_ETHER, address length 6, address, protocol. */
function isLinuxSll(b: Uint8Array): boolean {
  if (b.length < 16 + 20) return false;
  if (be16(b, 0) > 4 || be16(b, 2) !== 1 || be16(b, 4) > 8) return false;
  const type = be16(b, 14);
  return (type === ETHERTYPE_IPV4 && isIpv4(b, 16)) || (type === ETHERTYPE_IPV6 && isIpv6(b, 16));
}

/** An IPv4 header at `at` whose lengths agree with the bytes (a cut capture may have fewer bytes than it says). */
function isIpv4(b: Uint8Array, at: number): boolean {
  if (b.length < at + 20) return false;
  if (b[at]! >> 4 !== 4) return false;
  const ihl = (b[at]! & 0x0f) * 4;
  if (ihl < 20 || b.length < at + ihl) return false;
  const total = be16(b, at + 2);
  if (total !== 0 && total < ihl) return false;
  // Behind a link header whose Ethertype said IPv4, version and header length are enough.
  if (at > 0) return true;
  const present = b.length - at;
  // A right header checksum is proof enough (offloaded checksums are 0 though); otherwise the total length must
  // match the bytes, or the bytes be a short packet padded to Ethernet's minimum of 46 (tcpdump -x shows the pad).
  return internetChecksum(onesComplementSum(b, at, at + ihl)) === 0 || total === present || (total < present && present <= 46);
}

function isIpv6(b: Uint8Array, at: number): boolean {
  if (b.length < at + 40) return false;
  if (b[at]! >> 4 !== 6) return false;
  const payload = be16(b, at + 4);
  const present = b.length - at - 40;
  return payload === present || (at > 0 && payload < present) || (payload > present && present > 0);
}

/** A TCP header from byte 0: data offset 5-15 within the bytes, one port the SCCP port, and (if any) SCCP after it. */
function isTcp(b: Uint8Array): boolean {
  if (b.length < 20) return false;
  const hl = (b[12]! >> 4) * 4;
  if (hl < 20 || hl > b.length) return false;
  if ((b[12]! & 0x0e) !== 0) return false; // reserved bits
  const src = be16(b, 0);
  const dst = be16(b, 2);
  if (src !== SCCP_PORT && dst !== SCCP_PORT) return false;
  if (hl === b.length) return true;
  return sccpChainCovers(b.subarray(hl), false);
}

/** A message's place in a run of SCCP bytes: [start, end) present, `declared` what its header says it needs. */
export interface MessageSpan {
  start: number;
  end: number;
  declared: number;
}

/**
 * Cuts SCCP bytes in [from, to) into messages by their length fields. A length that cannot be real (below 4, so
 * the message would end inside its own header, or above 64 KiB) ends the cutting: the rest is one last span, for
 * the decoder to report. Never more spans than bytes / 8.
 */
export function splitMessages(b: Uint8Array, from = 0, to = b.length): MessageSpan[] {
  const out: MessageSpan[] = [];
  let at = from;
  while (at < to) {
    if (to - at < HEADER_SIZE) {
      out.push({ start: at, end: to, declared: HEADER_SIZE });
      break;
    }
    const h = readHeader(b, at);
    if (h.dataLength < 4 || h.dataLength > 0x10000) {
      out.push({ start: at, end: to, declared: messageSize(h.dataLength) });
      break;
    }
    const size = messageSize(h.dataLength);
    const end = Math.min(to, at + size);
    out.push({ start: at, end, declared: size });
    at = end;
  }
  return out;
}
