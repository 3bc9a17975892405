import type { CapturedPacket } from '../capture/types';
import { problem, type Problem } from '../problems';
import { FragmentReassembler, type FragmentLimits } from './fragments';
import type { IpLayer } from './ip-layer';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6, walkIpv6Extensions } from './ipv6';
import { decodeLink } from './link';
import { decodeTcp, decodeUdp } from './transport';
import { formatIpv4 } from './address';
import type { Datagram, NetPacket } from './types';

const PROTO_TCP = 6;
const PROTO_UDP = 17;

export interface PacketDecoderOptions {
  /** Rebuild fragmented IP datagrams (default true, as Wireshark does). */
  reassembleFragments?: boolean;
  fragmentLimits?: FragmentLimits;
  /**
   * Return nothing for (unfragmented) UDP datagrams, once the IP header says UDP: for callers that only follow TCP
   * (decoding SCCP without RTP analysis), where captures are mostly RTP.
   */
  skipUdp?: boolean;
  /**
   * Takes clean, unfragmented IPv4 UDP datagrams as they are read (`decode` then returns nothing for them): the RTP
   * that fills most captures, read without the objects of a decoded packet. Anything the full decoder would report
   * a problem for, and IPv6, still goes the full way.
   */
  onPlainUdp?: (d: Datagram) => void;
}

/**
 * Decodes captured frames down to TCP/UDP, one after the other, with the state a capture needs: IP fragment
 * reassembly and reporting each unsupported link type once.
 *
 * Problems about a returned packet are in its `problems`; problems about frames that yield no packet (unsupported
 * link type, cut link header, IP header unreadable) and about fragments given up go to `onProblem`.
 */
export class PacketDecoder {
  private readonly reportedLinkTypes = new Set<number>();
  private readonly fragments: FragmentReassembler | undefined;
  private readonly skipUdp: boolean;
  private readonly onPlainUdp: ((d: Datagram) => void) | undefined;

  constructor(
    private readonly onProblem: (p: Problem) => void,
    opts: PacketDecoderOptions = {},
  ) {
    if (opts.reassembleFragments ?? true) this.fragments = new FragmentReassembler(onProblem, opts.fragmentLimits);
    this.skipUdp = opts.skipUdp ?? false;
    this.onPlainUdp = opts.onPlainUdp;
  }

  /** The packet's IP content, or undefined when it carries no (readable) IP. Never throws. */
  decode(p: CapturedPacket): NetPacket | undefined {
    const problems: Problem[] = [];
    const link = decodeLink(p.linkType, p.data);
    if (link.kind === 'unsupported') {
      if (!this.reportedLinkTypes.has(p.linkType)) {
        this.reportedLinkTypes.add(p.linkType);
        this.onProblem(problem('link.unsupported', `link type ${p.linkType} is not supported (first seen in frame ${p.frame}): its packets are skipped`, { frame: p.frame }));
      }
      return undefined;
    }
    if (link.kind === 'truncated') {
      this.onProblem(problem('link.truncated', `frame ${p.frame}: ${link.message}`, { frame: p.frame }));
      return undefined;
    }
    if (link.kind === 'not-ip') return undefined;
    if (this.skipUdp && isPlainUdp(p.data, link.offset, p.data.length, link.version)) return undefined;
    if (this.onPlainUdp && link.version !== 6) {
      const d = cleanIpv4Udp(p, link.offset);
      if (d) {
        this.onPlainUdp(d);
        return undefined;
      }
    }
    const ip = readIp(p, link.offset, link.version, problems);
    if (!ip) {
      for (const x of problems) this.onProblem(x);
      return undefined;
    }
    if (this.skipUdp && ip.protocol === PROTO_UDP && !ip.fragment) return undefined;
    const out: NetPacket = {
      frame: p.frame,
      tsSec: p.tsSec,
      tsNsec: p.tsNsec,
      ipVersion: ip.version,
      src: ip.src,
      dst: ip.dst,
      protocol: ip.protocol,
      problems,
    };
    if (link.vlanIds) out.vlanIds = link.vlanIds;
    if (p.syntheticTransport) out.syntheticTransport = true;
    if (ip.fragment) {
      this.fragment(p, ip, out);
      return out;
    }
    decodeTransport(p.data, ip.payloadStart, ip.payloadEnd, ip.claimedPayloadLength, out);
    return out;
  }

  /** Reports the fragments still waiting for the rest of their datagram. */
  finish(): void {
    this.fragments?.finish();
  }

  private fragment(p: CapturedPacket, ip: IpLayer, out: NetPacket): void {
    const f = ip.fragment!;
    out.fragment = f;
    const describe = `IPv${ip.version} datagram id 0x${f.id.toString(16)} from ${ip.src} to ${ip.dst}`;
    const range = `bytes ${f.offset}-${f.offset + (ip.payloadEnd - ip.payloadStart) - 1}${f.more ? ', more follow' : ', the last'}`;
    const note = (text: string): void => void out.problems.push(problem('ip.fragment', `frame ${p.frame}: fragment of ${describe} (${range}): ${text}`, { frame: p.frame }));
    if (!this.fragments) return note('not reassembled');
    if (ip.payloadEnd - ip.payloadStart < ip.claimedPayloadLength) return note('cut short by the capture, cannot be reassembled');
    const key = `${ip.version}|${ip.src}|${ip.dst}|${ip.version === 4 ? ip.protocol : ''}|${f.id}`;
    const whole = this.fragments.add(key, describe, f.offset, f.more, p.data.subarray(ip.payloadStart, ip.payloadEnd), p.frame, p.tsSec);
    if (!whole) return note('held for reassembly');
    note(`completes the datagram, reassembled from frames ${whole.frames.join(', ')}`);
    out.reassembledFrom = whole.frames;
    let start = 0;
    let protocol = ip.protocol;
    if (ip.version === 6) {
      // Extension headers may follow the fragment header inside the fragmentable part.
      const walk = walkIpv6Extensions(whole.payload, 0, whole.payload.length, ip.protocol, p.frame, out.problems);
      start = walk.start;
      protocol = walk.protocol;
      if (walk.fragment) {
        out.problems.push(problem('ip.fragment', `frame ${p.frame}: reassembled ${describe} holds another fragment header: not decoded further`, { frame: p.frame }));
        protocol = 44;
      }
    }
    out.protocol = protocol;
    decodeTransport(whole.payload, start, whole.payload.length, whole.payload.length - start, out);
  }
}

/**
 * Decodes one frame on its own, without reassembly state: fragments are flagged but not rebuilt, and problems about
 * frames yielding no packet are lost (use PacketDecoder for a capture).
 */
export function decodePacket(p: CapturedPacket, opts: { skipUdp?: boolean } = {}): NetPacket | undefined {
  return (opts.skipUdp ? statelessTcpOnly : stateless).decode(p);
}

/** Without fragment reassembly and with problems dropped, a decoder keeps no state that matters: one serves all. */
const stateless = new PacketDecoder(() => {}, { reassembleFragments: false });
const statelessTcpOnly = new PacketDecoder(() => {}, { reassembleFragments: false, skipUdp: true });

/**
 * An unfragmented UDP datagram in an IP header that reads cleanly, told from a few bytes: lets a TCP-only decoder
 * drop the RTP that fills most captures before anything is allocated for it. Whatever this does not recognise goes
 * the full way (and the full decoder drops it too, with the same result).
 */
function isPlainUdp(data: Uint8Array, at: number, end: number, announced: 4 | 6 | undefined): boolean {
  if (end < at + 40) return false;
  const nibble = data[at]! >> 4;
  if (announced !== undefined && nibble !== announced) return false;
  if (nibble === 6) return data[at + 6] === PROTO_UDP;
  if (nibble !== 4 || data[at + 9] !== PROTO_UDP) return false;
  const headerLength = (data[at]! & 0x0f) * 4;
  const totalLength = (data[at + 2]! << 8) | data[at + 3]!;
  const fragmented = (data[at + 6]! & 0x3f) !== 0 || data[at + 7] !== 0;
  return headerLength >= 20 && end >= at + headerLength && (totalLength === 0 || totalLength >= headerLength) && !fragmented;
}

/**
 * The same test on a frame's bytes in `b[start, end)`, before any packet object exists (CaptureSink.unwanted). A frame
 * whose link layer does not lead to IP goes the full way, which reports what there is to report.
 */
export function isPlainUdpFrame(linkType: number, b: Uint8Array, start: number, end: number): boolean {
  const link = decodeLink(linkType, b, start, end);
  return link.kind === 'ip' && isPlainUdp(b, link.offset, end, link.version);
}

/**
 * The datagram of an unfragmented IPv4 UDP packet whose lengths all agree (the IP total length within the captured
 * bytes, the UDP length within the IP payload), or undefined: then there is something to report, or it is not that.
 * The payload is the one decodeIpv4 and decodeUdp give for such a packet.
 */
function cleanIpv4Udp(p: CapturedPacket, at: number): Datagram | undefined {
  const b = p.data;
  if (b.length < at + 28 || b[at]! >> 4 !== 4 || b[at + 9] !== PROTO_UDP) return undefined;
  const headerLength = (b[at]! & 0x0f) * 4;
  const totalLength = (b[at + 2]! << 8) | b[at + 3]!;
  if (headerLength < 20 || totalLength < headerLength + 8 || at + totalLength > b.length) return undefined;
  if ((b[at + 6]! & 0x3f) !== 0 || b[at + 7] !== 0) return undefined;
  const u = at + headerLength;
  const udpLength = (b[u + 4]! << 8) | b[u + 5]!;
  if (udpLength < 8 || udpLength > totalLength - headerLength) return undefined;
  return {
    frame: p.frame,
    tsSec: p.tsSec,
    tsNsec: p.tsNsec,
    src: formatIpv4(b, at + 12),
    srcPort: (b[u]! << 8) | b[u + 1]!,
    dst: formatIpv4(b, at + 16),
    dstPort: (b[u + 2]! << 8) | b[u + 3]!,
    payload: b.subarray(u + 8, u + udpLength),
  };
}

function readIp(p: CapturedPacket, at: number, announced: 4 | 6 | undefined, problems: Problem[]): IpLayer | undefined {
  let version = announced;
  if (version === undefined) {
    if (p.data.length <= at) {
      problems.push(problem('ip.truncated', `frame ${p.frame}: no IP header: the frame ends at byte ${p.data.length}`, { frame: p.frame }));
      return undefined;
    }
    const nibble = p.data[at]! >> 4;
    if (nibble !== 4 && nibble !== 6) {
      problems.push(problem('ip.bad-header', `frame ${p.frame}: raw IP frame with IP version ${nibble}`, { frame: p.frame }));
      return undefined;
    }
    version = nibble;
  }
  return version === 4 ? decodeIpv4(p.data, at, p.frame, problems) : decodeIpv6(p.data, at, p.frame, problems);
}

function decodeTransport(data: Uint8Array, start: number, end: number, claimed: number, out: NetPacket): void {
  if (out.protocol === PROTO_TCP) {
    const tcp = decodeTcp(data, start, end, claimed, out.frame, out.problems);
    if (tcp) out.tcp = tcp;
  } else if (out.protocol === PROTO_UDP) {
    const udp = decodeUdp(data, start, end, out.frame, out.problems);
    if (udp) out.udp = udp;
  }
}
