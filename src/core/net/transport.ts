import { problem, type Problem } from '../problems';
import type { TcpSegment, UdpDatagram } from './types';

/**
 * TCP header in [start, end) of `data`. The payload is a view trimmed to the IP length. A header cut short
 * after its first 20 bytes still yields the segment (ports, sequence numbers and flags are there) with no payload.
 * `claimedLength` is the IP payload length the IP header announced (larger than end - start for a cut frame).
 */
export function decodeTcp(
  data: Uint8Array,
  start: number,
  end: number,
  claimedLength: number,
  frame: number,
  problems: Problem[],
): TcpSegment | undefined {
  const avail = end - start;
  if (avail < 20) {
    problems.push(problem('tcp.truncated', `frame ${frame}: TCP header cut short: needs 20 bytes, ${Math.max(avail, 0)} there`, { frame }));
    return undefined;
  }
  const headerLength = (data[start + 12]! >> 4) * 4;
  if (headerLength < 20) {
    problems.push(problem('tcp.bad-header', `frame ${frame}: TCP data offset ${headerLength / 4} is below the minimum of 5`, { frame }));
    return undefined;
  }
  let payloadStart = start + headerLength;
  if (headerLength > avail) {
    problems.push(problem('tcp.truncated', `frame ${frame}: TCP header with options needs ${headerLength} bytes, ${avail} there: no payload read`, { frame }));
    payloadStart = end;
  }
  const flags = ((data[start + 12]! & 0x01) << 8) | data[start + 13]!;
  return {
    srcPort: be16(data, start),
    dstPort: be16(data, start + 2),
    seq: be32(data, start + 4),
    ack: be32(data, start + 8),
    flags,
    syn: (flags & 0x02) !== 0,
    fin: (flags & 0x01) !== 0,
    rst: (flags & 0x04) !== 0,
    ackFlag: (flags & 0x10) !== 0,
    window: be16(data, start + 14),
    headerLength,
    payload: data.subarray(payloadStart, end),
    payloadOffset: payloadStart,
    wireLength: Math.max(claimedLength - headerLength, end - payloadStart),
  };
}

/** UDP header in [start, end) of `data`; the payload is trimmed to the UDP length. */
export function decodeUdp(data: Uint8Array, start: number, end: number, frame: number, problems: Problem[]): UdpDatagram | undefined {
  const avail = end - start;
  if (avail < 8) {
    problems.push(problem('udp.truncated', `frame ${frame}: UDP header cut short: needs 8 bytes, ${Math.max(avail, 0)} there`, { frame }));
    return undefined;
  }
  const length = be16(data, start + 4);
  let payloadEnd = end;
  if (length === 0) {
    // IPv6 jumbograms carry 0 here; the IP length rules.
  } else if (length < 8) {
    problems.push(problem('udp.bad-header', `frame ${frame}: UDP length ${length} is below the header size of 8`, { frame }));
    return undefined;
  } else if (length > avail) {
    problems.push(problem('udp.truncated', `frame ${frame}: UDP length is ${length} but only ${avail} bytes are there: decoding what is there`, { frame }));
  } else {
    payloadEnd = start + length;
  }
  return {
    srcPort: be16(data, start),
    dstPort: be16(data, start + 2),
    length,
    payload: data.subarray(start + 8, payloadEnd),
    payloadOffset: start + 8,
  };
}

function be16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function be32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
