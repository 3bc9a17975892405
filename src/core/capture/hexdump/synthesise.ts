/**
 * Minimal IPv4 (+ TCP) framing for bytes that come without it, so that a bare TCP segment or raw SCCP messages go
 * through the same pipeline as a capture. Made in memory only, never written out.
 *
 * - The station is 198.51.100.2 port 50000 and the CallManager 198.51.100.1 port 2000 (documentation addresses,
 *   and the ports `text2pcap -T 50000,2000` uses). A bare TCP segment keeps its own ports: the side on port 2000 gets
 *   the CallManager's address.
 * - Raw SCCP: each message goes the way the catalog says it goes (station to CallManager, or back; "either" counts
 *   as station to CallManager). Sequence numbers run on per direction from 1 and each segment acknowledges what the
 *   other side sent, as a connection already open would: flags PSH+ACK, no handshake.
 * - IPv4 header checksums are filled in; TCP checksums are left 0 (no decoder here checks them).
 */
import { internetChecksum, onesComplementSum } from '../../net/checksum';
import { SCCP_PORT } from './content';

export const STATION_ADDR = Uint8Array.from([198, 51, 100, 2]);
export const CALLMANAGER_ADDR = Uint8Array.from([198, 51, 100, 1]);
export const STATION_PORT = 50000;

const IPV4_HEADER = 20;
const TCP_HEADER = 20;
const PROTO_TCP = 6;
const FLAGS_PSH_ACK = 0x18;

export interface SynthDirection {
  /** Next sequence number per direction: [station -> CallManager, CallManager -> station]. */
  seq: [number, number];
  ipId: number;
}

export function newSynthState(): SynthDirection {
  return { seq: [1, 1], ipId: 1 };
}

/** Wraps a TCP segment (header included) in an IPv4 header. */
export function wrapTcpInIpv4(segment: Uint8Array, state: SynthDirection): Uint8Array {
  const src = (segment[0]! << 8) | segment[1]!;
  const dst = (segment[2]! << 8) | segment[3]!;
  const fromCm = src === SCCP_PORT && dst !== SCCP_PORT;
  return ipv4(segment, fromCm ? CALLMANAGER_ADDR : STATION_ADDR, fromCm ? STATION_ADDR : CALLMANAGER_ADDR, state);
}

/** Wraps SCCP bytes in TCP and IPv4 headers, in the given direction, advancing that direction's sequence number. */
export function wrapSccp(payload: Uint8Array, toCallManager: boolean, state: SynthDirection): Uint8Array {
  const dir = toCallManager ? 0 : 1;
  const tcp = new Uint8Array(TCP_HEADER + payload.length);
  const srcPort = toCallManager ? STATION_PORT : SCCP_PORT;
  const dstPort = toCallManager ? SCCP_PORT : STATION_PORT;
  put16(tcp, 0, srcPort);
  put16(tcp, 2, dstPort);
  put32(tcp, 4, state.seq[dir]);
  put32(tcp, 8, state.seq[1 - dir]!);
  tcp[12] = (TCP_HEADER / 4) << 4;
  tcp[13] = FLAGS_PSH_ACK;
  put16(tcp, 14, 65535);
  tcp.set(payload, TCP_HEADER);
  state.seq[dir] = (state.seq[dir] + payload.length) % 4294967296;
  return ipv4(tcp, toCallManager ? STATION_ADDR : CALLMANAGER_ADDR, toCallManager ? CALLMANAGER_ADDR : STATION_ADDR, state);
}

function ipv4(payload: Uint8Array, src: Uint8Array, dst: Uint8Array, state: SynthDirection): Uint8Array {
  const total = IPV4_HEADER + payload.length;
  const out = new Uint8Array(total);
  out[0] = 0x45;
  // A total length above 65535 cannot be written; 0 tells the decoder to use the bytes present.
  put16(out, 2, total <= 0xffff ? total : 0);
  put16(out, 4, state.ipId);
  state.ipId = (state.ipId + 1) & 0xffff;
  out[6] = 0x40; // don't fragment
  out[8] = 64;
  out[9] = PROTO_TCP;
  out.set(src, 12);
  out.set(dst, 16);
  put16(out, 10, internetChecksum(onesComplementSum(out, 0, IPV4_HEADER)));
  out.set(payload, IPV4_HEADER);
  return out;
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
