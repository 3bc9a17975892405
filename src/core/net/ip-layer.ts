import type { FragmentInfo } from './types';

/** What the IPv4 and IPv6 readers tell the packet decoder. */
export interface IpLayer {
  version: 4 | 6;
  src: string;
  dst: string;
  /** Protocol of the payload (for IPv6: after the extension headers that were walked). */
  protocol: number;
  /** Payload range in the frame's bytes (already trimmed to the IP length and to what was captured). */
  payloadStart: number;
  payloadEnd: number;
  /** Payload length the IP header claims (larger than payloadEnd - payloadStart when the frame was cut). */
  claimedPayloadLength: number;
  fragment?: FragmentInfo;
}
