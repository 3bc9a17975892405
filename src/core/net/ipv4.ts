import { problem, type Problem } from '../problems';
import { formatIpv4 } from './address';
import type { IpLayer } from './ip-layer';

/**
 * Reads the IPv4 header at `at`. The payload is trimmed to the total length (dropping Ethernet padding and
 * trailers); a total length beyond the captured bytes is a cut packet: noted, and what is there is decoded.
 */
export function decodeIpv4(data: Uint8Array, at: number, frame: number, problems: Problem[]): IpLayer | undefined {
  const avail = data.length - at;
  if (avail < 20) {
    problems.push(problem('ip.truncated', `IPv4 header cut short at byte ${at} of frame ${frame}: needs 20 bytes, ${Math.max(avail, 0)} captured`, { frame }));
    return undefined;
  }
  const version = data[at]! >> 4;
  if (version !== 4) {
    problems.push(problem('ip.bad-header', `frame ${frame}: the link layer announced IPv4 but the version field at byte ${at} is ${version}`, { frame }));
    return undefined;
  }
  const headerLength = (data[at]! & 0x0f) * 4;
  if (headerLength < 20) {
    problems.push(problem('ip.bad-header', `frame ${frame}: IPv4 header length ${headerLength} is below the minimum of 20`, { frame }));
    return undefined;
  }
  if (headerLength > avail) {
    problems.push(problem('ip.truncated', `frame ${frame}: IPv4 header with options needs ${headerLength} bytes, ${avail} captured`, { frame }));
    return undefined;
  }
  let totalLength = (data[at + 2]! << 8) | data[at + 3]!;
  if (totalLength === 0) {
    // Captured on the sending host before segmentation offload filled it in.
    problems.push(problem('ip.bad-header', `frame ${frame}: IPv4 total length is 0 (segmentation offload?): using the captured length`, { frame }));
    totalLength = avail;
  } else if (totalLength < headerLength) {
    problems.push(problem('ip.bad-header', `frame ${frame}: IPv4 total length ${totalLength} is shorter than its header (${headerLength})`, { frame }));
    return undefined;
  }
  const claimedEnd = at + totalLength;
  let end = claimedEnd;
  if (totalLength > avail) {
    problems.push(problem('ip.truncated', `frame ${frame}: IPv4 total length is ${totalLength} but only ${avail} bytes were captured: decoding what is there`, { frame }));
    end = data.length;
  }
  const flagsFrag = (data[at + 6]! << 8) | data[at + 7]!;
  const more = (flagsFrag & 0x2000) !== 0;
  const fragOffset = (flagsFrag & 0x1fff) * 8;
  const layer: IpLayer = {
    version: 4,
    src: formatIpv4(data, at + 12),
    dst: formatIpv4(data, at + 16),
    protocol: data[at + 9]!,
    payloadStart: at + headerLength,
    payloadEnd: end,
    claimedPayloadLength: totalLength - headerLength,
  };
  if (more || fragOffset > 0) layer.fragment = { id: (data[at + 4]! << 8) | data[at + 5]!, offset: fragOffset, more };
  return layer;
}
