/**
 * RTP and RTCP headers (RFC 3550) read from UDP payloads, and the per-stream receiver statistics of RFC 3550:
 * packets expected and lost from the extended highest sequence number (A.1, A.3), and interarrival jitter (6.4.1,
 * A.8) in milliseconds, with the RTP clock rate of the payload type.
 */

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Bytes of header (fixed part, CSRCs and extension). */
  headerLength: number;
}

export interface RtcpHeader {
  /** Packet types of the compound packet, in order (200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP, ...). */
  packetTypes: number[];
  /** SSRC of the sender of the first packet. */
  ssrc: number;
}

export type MediaDatagram = { kind: 'rtp'; rtp: RtpHeader } | { kind: 'rtcp'; rtcp: RtcpHeader };

/** RTCP packet types 200-204 overlap RTP payload types 72-76 with the marker bit set (RFC 5761 section 4). */
const RTCP_FIRST = 200;
const RTCP_LAST = 204;

/**
 * Reads a UDP payload as RTP or RTCP, or says it is neither (undefined). The test is the one every analyser uses:
 * version 2, lengths consistent with the header's own counts; RTCP when the second byte is a known RTCP type and the
 * compound packet's length words add up exactly.
 */
export function parseMediaDatagram(b: Uint8Array): MediaDatagram | undefined {
  if (b.length < 8 || b[0]! >> 6 !== 2) return undefined;
  const second = b[1]!;
  if (second >= RTCP_FIRST && second <= RTCP_LAST) {
    const rtcp = parseRtcp(b);
    return rtcp ? { kind: 'rtcp', rtcp } : undefined;
  }
  const rtp = parseRtp(b);
  return rtp ? { kind: 'rtp', rtp } : undefined;
}

function parseRtp(b: Uint8Array): RtpHeader | undefined {
  if (b.length < 12) return undefined;
  const first = b[0]!;
  const payloadType = b[1]! & 0x7f;
  let headerLength = 12 + 4 * (first & 0x0f);
  if (headerLength > b.length) return undefined;
  if (first & 0x10) {
    if (headerLength + 4 > b.length) return undefined;
    headerLength += 4 + 4 * ((b[headerLength + 2]! << 8) | b[headerLength + 3]!);
    if (headerLength > b.length) return undefined;
  }
  if (first & 0x20) {
    const padding = b[b.length - 1]!;
    if (padding === 0 || headerLength + padding > b.length) return undefined;
  }
  return {
    marker: (b[1]! & 0x80) !== 0,
    payloadType,
    sequence: (b[2]! << 8) | b[3]!,
    timestamp: u32(b, 4),
    ssrc: u32(b, 8),
    headerLength,
  };
}

function parseRtcp(b: Uint8Array): RtcpHeader | undefined {
  const packetTypes: number[] = [];
  let at = 0;
  // A compound packet is a run of RTCP packets whose length words cover the datagram exactly.
  while (at < b.length) {
    if (at + 4 > b.length || b[at]! >> 6 !== 2) return undefined;
    const type = b[at + 1]!;
    if (type < 192 || type > 223) return undefined;
    packetTypes.push(type);
    at += 4 * (((b[at + 2]! << 8) | b[at + 3]!) + 1);
    if (packetTypes.length > 64) return undefined;
  }
  if (at !== b.length) return undefined;
  return { packetTypes, ssrc: u32(b, 4) };
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

/** Receiver statistics of one RTP stream (one SSRC between two transport addresses). */
export class RtpStreamStats {
  packets = 0;
  bytes = 0;
  duplicates = 0;
  lateOrReordered = 0;
  /** Times the sequence number jumped forward by more than one (a gap: packets lost or still to come). */
  sequenceJumps = 0;
  readonly payloadTypes = new Map<number, number>();
  firstSequence = 0;
  private maxSequence = 0;
  private cycles = 0;
  /** Jitter in milliseconds (RFC 3550 6.4.1), and the largest value it took. */
  jitterMs: number | undefined;
  maxJitterMs: number | undefined;
  clockRate: number | undefined;
  private prevArrivalMs: number | undefined;
  private prevTimestamp = 0;
  private firstTimestamp = 0;

  /**
   * One packet. `arrivalMs` is the capture time in milliseconds from any fixed origin; `clockRate` the RTP clock of
   * this packet's payload type (undefined when unknown, or for telephone events, whose timestamps stand still).
   */
  add(h: RtpHeader, payloadBytes: number, arrivalMs: number, clockRate: number | undefined): void {
    this.packets++;
    this.bytes += payloadBytes;
    this.payloadTypes.set(h.payloadType, (this.payloadTypes.get(h.payloadType) ?? 0) + 1);
    if (this.packets === 1) {
      this.firstSequence = this.maxSequence = h.sequence;
      this.firstTimestamp = h.timestamp;
    } else {
      const delta = (h.sequence - this.maxSequence) & 0xffff;
      if (delta === 0) this.duplicates++;
      else if (delta < 0x8000) {
        if (h.sequence < this.maxSequence) this.cycles += 0x10000;
        if (delta > 1) this.sequenceJumps++;
        this.maxSequence = h.sequence;
      } else this.lateOrReordered++;
    }
    this.jitter(h, arrivalMs, clockRate);
  }

  private jitter(h: RtpHeader, arrivalMs: number, clockRate: number | undefined): void {
    if (!clockRate) return;
    // Packets stamped before the stream's first timestamp are from its past (reordered): they do not count.
    if (this.prevArrivalMs !== undefined && ((h.timestamp - this.firstTimestamp) | 0) < 0) return;
    if (this.clockRate === undefined) this.clockRate = clockRate;
    if (this.prevArrivalMs !== undefined && this.jitterMs !== undefined) {
      const nominalMs = (((h.timestamp - this.prevTimestamp) | 0) * 1000) / clockRate;
      const d = Math.abs(arrivalMs - this.prevArrivalMs - nominalMs);
      this.jitterMs += (d - this.jitterMs) / 16;
      if (this.jitterMs > (this.maxJitterMs ?? 0)) this.maxJitterMs = this.jitterMs;
    } else {
      this.jitterMs = 0;
      this.maxJitterMs = 0;
    }
    this.prevArrivalMs = arrivalMs;
    this.prevTimestamp = h.timestamp;
  }

  /** Packets expected from the first to the extended highest sequence number. */
  get expected(): number {
    return this.packets === 0 ? 0 : this.cycles + this.maxSequence - this.firstSequence + 1;
  }

  /** Expected less received: negative when duplicates outnumber losses (RFC 3550 A.3). */
  get lost(): number {
    return this.expected - this.packets;
  }
}
