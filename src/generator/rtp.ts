/**
 * RTP for the generated calls: G.711 (PCMU payload type 0, PCMA 8), 20 ms per packet (160 samples), 50 packets a
 * second. The payloads are real G.711 encodings of a speech-like signal, computed once and cycled, so that a
 * packet costs no more than its header.
 */
import type { Emitter } from './emitter';
import type { Host } from './frames';
import type { Rng } from './rng';

export const RTP_HEADER = 12;
export const SAMPLES_PER_PACKET = 160;
export const PACKET_INTERVAL_US = 20_000;
const FRAMES = 50;

/** ITU-T G.711 mu-law encoding of one 16-bit linear sample. */
function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = ~(sign | (exponent << 4) | mantissa);
  return s & 0xff;
}

/** ITU-T G.711 A-law encoding of one 16-bit linear sample. */
function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const s = Math.min(Math.abs(sample), 32767) >> 3;
  let out: number;
  if (s < 32) {
    out = s >> 1;
  } else {
    let exponent = 1;
    while (s >> (exponent + 5) > 0 && exponent < 7) exponent++;
    out = (exponent << 4) | ((s >> exponent) & 0x0f);
  }
  return (out | sign) ^ 0x55;
}

/** One second of a speech-like signal (a few harmonics under a syllable envelope, plus noise), G.711-encoded. */
function payloadTable(alaw: boolean, rng: Rng): Uint8Array {
  const out = new Uint8Array(FRAMES * SAMPLES_PER_PACKET);
  const f0 = rng.between(100, 220);
  for (let i = 0; i < out.length; i++) {
    const t = i / 8000;
    const envelope = Math.max(0, Math.sin(2 * Math.PI * 3.1 * t)) ** 2;
    let v = 0;
    for (let h = 1; h <= 4; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    const sample = Math.round(6000 * envelope * v + (rng.next() - 0.5) * 200);
    out[i] = alaw ? linearToAlaw(sample) : linearToUlaw(sample);
  }
  return out;
}

export type G711 = 'PCMU' | 'PCMA';

/** Payload types (RFC 3551) and the SCCP Media_PayloadType the CallManager names the codec with. */
export const G711_CODECS: Record<G711, { rtpPayloadType: number; sccpPayload: number }> = {
  PCMU: { rtpPayloadType: 0, sccpPayload: 4 }, // Media_Payload_G711Ulaw64k
  PCMA: { rtpPayloadType: 8, sccpPayload: 2 }, // Media_Payload_G711Alaw64k
};

export class PayloadTables {
  readonly tables: Record<G711, Uint8Array>;

  constructor(rng: Rng) {
    this.tables = { PCMU: payloadTable(false, rng), PCMA: payloadTable(true, rng) };
  }
}

/** One direction of a call's media: from `src` to `dst`, one packet every 20 ms while running. */
export class RtpStream {
  private seq: number;
  private timestamp: number;
  private readonly ssrc: number;
  private frame = 0;
  packets = 0;

  constructor(
    private readonly out: Emitter,
    private readonly payloads: PayloadTables,
    readonly codec: G711,
    readonly src: Host,
    readonly srcPort: number,
    readonly dst: Host,
    readonly dstPort: number,
    rng: Rng,
  ) {
    this.seq = rng.int(0, 0xffff);
    this.timestamp = rng.uint32();
    this.ssrc = rng.uint32();
  }

  send(time: number): void {
    const p = this.out.udpPayload;
    p[0] = 0x80; // version 2
    p[1] = G711_CODECS[this.codec].rtpPayloadType | (this.packets === 0 ? 0x80 : 0); // marker on the first packet
    p.writeUInt16BE(this.seq, 2);
    p.writeUInt32BE(this.timestamp >>> 0, 4);
    p.writeUInt32BE(this.ssrc, 8);
    const table = this.payloads.tables[this.codec];
    const at = this.frame * SAMPLES_PER_PACKET;
    p.set(table.subarray(at, at + SAMPLES_PER_PACKET), RTP_HEADER);
    this.out.udp(time, this.src, this.srcPort, this.dst, this.dstPort, RTP_HEADER + SAMPLES_PER_PACKET);
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) >>> 0;
    this.frame = (this.frame + 1) % FRAMES;
    this.packets++;
  }
}
