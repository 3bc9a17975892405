import type { Problem } from '../problems';

/** TCP header flag bits (low byte of the flags word, plus NS). */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  /** Raw 32-bit sequence number. */
  seq: number;
  /** Raw 32-bit acknowledgement number (meaningful only when `ackFlag`). */
  ack: number;
  /** The 12 flag bits (FIN 0x01 … CWR 0x80, AE 0x100). */
  flags: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  ackFlag: boolean;
  window: number;
  /** Header length in bytes (data offset × 4). */
  headerLength: number;
  /** The segment's data, trimmed to the IP length: a view, not a copy. */
  payload: Uint8Array;
  /** Offset of the payload in the frame's bytes (in the reassembled datagram when the packet was reassembled). */
  payloadOffset: number;
  /** Payload length on the wire per the IP length: larger than payload.length when the capture cut the frame.
   * Reassembly places the FIN after these bytes; the missing tail becomes a gap unless it is seen again. */
  wireLength: number;
}

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  /** The UDP length field as sent. */
  length: number;
  payload: Uint8Array;
  payloadOffset: number;
}

/** A UDP datagram with its addresses and time: what RTP/RTCP analysis reads. */
export interface Datagram {
  frame: number;
  tsSec: number;
  tsNsec: number;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** A view of the captured bytes, valid during the call it is handed to (copy what is kept). */
  payload: Uint8Array;
}

/** Set on a packet that is one fragment of an IP datagram. */
export interface FragmentInfo {
  id: number;
  /** Byte offset of this fragment's data in the original datagram's payload. */
  offset: number;
  more: boolean;
}

export interface NetPacket {
  frame: number;
  tsSec: number;
  tsNsec: number;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  /** IPv4 protocol / IPv6 final next-header value of the payload (6 TCP, 17 UDP, …). */
  protocol: number;
  /** 802.1Q/802.1ad VLAN IDs, outermost first, when the frame carried tags. */
  vlanIds?: number[];
  tcp?: TcpSegment;
  udp?: UdpDatagram;
  /** This frame is an IP fragment (its transport header is only decoded once the datagram is whole). */
  fragment?: FragmentInfo;
  /** This packet is a datagram reassembled from the fragments in these frames (the last one is `frame`). */
  reassembledFrom?: number[];
  /** Its IP and TCP headers were made up by the hex-dump reader (CapturedPacket.syntheticTransport). */
  syntheticTransport?: true;
  problems: Problem[];
}

/** A NetPacket known to carry a TCP segment. */
export type TcpPacket = NetPacket & { tcp: TcpSegment };
