import { problem, type Problem } from '../problems';
import { formatIpv6 } from './address';
import type { IpLayer } from './ip-layer';
import type { FragmentInfo } from './types';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AH = 51;
const DESTINATION_OPTIONS = 60;

/**
 * Reads the IPv6 header at `at` and walks its extension headers up to the transport (or to ESP / no-next-header /
 * a fragment header, which end the walk). The payload is trimmed to the payload length; a payload length beyond
 * the captured bytes is a cut packet: noted, and what is there is decoded.
 */
export function decodeIpv6(data: Uint8Array, at: number, frame: number, problems: Problem[]): IpLayer | undefined {
  const avail = data.length - at;
  if (avail < 40) {
    problems.push(problem('ip.truncated', `IPv6 header cut short at byte ${at} of frame ${frame}: needs 40 bytes, ${Math.max(avail, 0)} captured`, { frame }));
    return undefined;
  }
  const version = data[at]! >> 4;
  if (version !== 6) {
    problems.push(problem('ip.bad-header', `frame ${frame}: the link layer announced IPv6 but the version field at byte ${at} is ${version}`, { frame }));
    return undefined;
  }
  let payloadLength = (data[at + 4]! << 8) | data[at + 5]!;
  if (payloadLength === 0 && avail > 40) {
    // A jumbogram (length in a hop-by-hop option) or a segmentation-offload capture: the captured bytes are the packet.
    payloadLength = avail - 40;
  }
  let end = at + 40 + payloadLength;
  if (40 + payloadLength > avail) {
    problems.push(problem('ip.truncated', `frame ${frame}: IPv6 payload length is ${payloadLength} but only ${avail - 40} bytes were captured: decoding what is there`, { frame }));
    end = data.length;
  }
  const walk = walkIpv6Extensions(data, at + 40, end, data[at + 6]!, frame, problems);
  const layer: IpLayer = {
    version: 6,
    src: formatIpv6(data, at + 8),
    dst: formatIpv6(data, at + 24),
    protocol: walk.protocol,
    payloadStart: walk.start,
    payloadEnd: end,
    claimedPayloadLength: payloadLength - (walk.start - (at + 40)),
  };
  if (walk.fragment) layer.fragment = walk.fragment;
  return layer;
}

export interface Ipv6Walk {
  /** The next-header value where the walk stopped (the transport, ESP, 59, or the header that was cut). */
  protocol: number;
  /** Where the bytes of `protocol` start. */
  start: number;
  /** Set when a (non-atomic) fragment header was found: the walk stops after it. */
  fragment?: FragmentInfo;
  /** The walk stopped on a header cut short: nothing after it can be read. */
  cut?: boolean;
}

/** Walks extension headers from `at` (whose type is `next`) within [at, end). Also used on reassembled payloads. */
export function walkIpv6Extensions(data: Uint8Array, at: number, end: number, next: number, frame: number, problems: Problem[]): Ipv6Walk {
  // Every header is at least 8 bytes, so the walk ends with the data.
  for (;;) {
    if (next === HOP_BY_HOP || next === ROUTING || next === DESTINATION_OPTIONS || next === AH) {
      if (end - at < 8) return cutShort(next, at, frame, problems);
      const length = next === AH ? (data[at + 1]! + 2) * 4 : (data[at + 1]! + 1) * 8;
      if (end - at < length) return cutShort(next, at, frame, problems);
      next = data[at]!;
      at += length;
      continue;
    }
    if (next === FRAGMENT) {
      if (end - at < 8) return cutShort(next, at, frame, problems);
      const word = (data[at + 2]! << 8) | data[at + 3]!;
      const offset = word & 0xfff8;
      const more = (word & 1) !== 0;
      const id = ((data[at + 4]! << 24) | (data[at + 5]! << 16) | (data[at + 6]! << 8) | data[at + 7]!) >>> 0;
      next = data[at]!;
      at += 8;
      // An atomic fragment (offset 0, no more) is a whole packet (RFC 6946).
      if (offset === 0 && !more) continue;
      return { protocol: next, start: at, fragment: { id, offset, more } };
    }
    // ESP (50), no next header (59), the transport, or a header we do not walk: stop here.
    return { protocol: next, start: at };
  }
}

function cutShort(next: number, at: number, frame: number, problems: Problem[]): Ipv6Walk {
  problems.push(problem('ip.truncated', `frame ${frame}: IPv6 extension header ${next} at byte ${at} is cut short`, { frame }));
  return { protocol: next, start: at, cut: true };
}
