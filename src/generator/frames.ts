/**
 * Ethernet II / IPv4 / TCP and UDP frames, written into a caller's buffer (no allocation per packet). Checksums are
 * computed (IPv4 header, TCP and UDP over their pseudo-header) unless `checksums` is off, when the transport
 * checksums are left zero, as a capture taken with checksum offload shows them.
 */
import { internetChecksum, onesComplementSum } from '../core/net/checksum';
import { ipv4Bytes } from './sccp-encode';

export const ETH_HEADER = 14;
export const IPV4_HEADER = 20;
export const TCP_HEADER = 20;
export const UDP_HEADER = 8;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface Host {
  /** Dotted IPv4 address. */
  readonly ip: string;
  /** The same address as a 32-bit number (for quick writes). */
  readonly ipNum: number;
  readonly mac: Uint8Array;
}

export function host(ip: string, mac: Uint8Array): Host {
  const b = ipv4Bytes(ip);
  return { ip, ipNum: ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, mac };
}

export class FrameBuilder {
  private ipId = 1;

  constructor(private readonly checksums: boolean) {}

  private ethernet(buf: Buffer, src: Host, dst: Host): void {
    buf.set(dst.mac, 0);
    buf.set(src.mac, 6);
    buf.writeUInt16BE(0x0800, 12);
  }

  private ipv4(buf: Buffer, src: Host, dst: Host, protocol: number, payloadLength: number): void {
    const o = ETH_HEADER;
    buf[o] = 0x45;
    buf[o + 1] = protocol === 17 ? 0xb8 : 0x60; // DSCP: EF for media, CS3 for signalling, as Cisco phones mark them
    buf.writeUInt16BE(IPV4_HEADER + payloadLength, o + 2);
    buf.writeUInt16BE(this.ipId, o + 4);
    this.ipId = (this.ipId + 1) & 0xffff;
    buf.writeUInt16BE(0x4000, o + 6); // don't fragment
    buf[o + 8] = 64;
    buf[o + 9] = protocol;
    buf.writeUInt16BE(0, o + 10);
    buf.writeUInt32BE(src.ipNum, o + 12);
    buf.writeUInt32BE(dst.ipNum, o + 16);
    buf.writeUInt16BE(internetChecksum(onesComplementSum(buf, o, o + IPV4_HEADER, 0)), o + 10);
  }

  /** Sum of the IPv4 pseudo-header (addresses, protocol, transport length). */
  private pseudo(src: Host, dst: Host, protocol: number, length: number): number {
    return (src.ipNum >>> 16) + (src.ipNum & 0xffff) + (dst.ipNum >>> 16) + (dst.ipNum & 0xffff) + protocol + length;
  }

  /** Writes a whole TCP frame into `buf`; returns its length. */
  tcp(buf: Buffer, src: Host, srcPort: number, dst: Host, dstPort: number, seq: number, ack: number, flags: number, payload: Uint8Array, window = 32768): number {
    const tcpLen = TCP_HEADER + payload.length;
    this.ethernet(buf, src, dst);
    this.ipv4(buf, src, dst, 6, tcpLen);
    const o = ETH_HEADER + IPV4_HEADER;
    buf.writeUInt16BE(srcPort, o);
    buf.writeUInt16BE(dstPort, o + 2);
    buf.writeUInt32BE(seq >>> 0, o + 4);
    buf.writeUInt32BE(ack >>> 0, o + 8);
    buf[o + 12] = (TCP_HEADER / 4) << 4;
    buf[o + 13] = flags;
    buf.writeUInt16BE(window, o + 14);
    buf.writeUInt32BE(0, o + 16); // checksum, urgent pointer
    buf.set(payload, o + TCP_HEADER);
    if (this.checksums) buf.writeUInt16BE(internetChecksum(onesComplementSum(buf, o, o + tcpLen, this.pseudo(src, dst, 6, tcpLen))), o + 16);
    return o + tcpLen;
  }

  /**
   * Writes a UDP frame whose payload the caller has already put at `udpPayloadOffset()`; returns its length.
   * (RTP is written in place, so that no payload is copied.)
   */
  udpInPlace(buf: Buffer, src: Host, srcPort: number, dst: Host, dstPort: number, payloadLength: number): number {
    const udpLen = UDP_HEADER + payloadLength;
    this.ethernet(buf, src, dst);
    this.ipv4(buf, src, dst, 17, udpLen);
    const o = ETH_HEADER + IPV4_HEADER;
    buf.writeUInt16BE(srcPort, o);
    buf.writeUInt16BE(dstPort, o + 2);
    buf.writeUInt16BE(udpLen, o + 4);
    buf.writeUInt16BE(0, o + 6);
    if (this.checksums) buf.writeUInt16BE(internetChecksum(onesComplementSum(buf, o, o + udpLen, this.pseudo(src, dst, 17, udpLen))) || 0xffff, o + 6);
    return o + udpLen;
  }
}

export const UDP_PAYLOAD_OFFSET = ETH_HEADER + IPV4_HEADER + UDP_HEADER;
