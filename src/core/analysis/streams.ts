/**
 * The RTP and RTCP actually seen: UDP datagrams read as RTP or RTCP, grouped into streams (RTP by source,
 * destination and SSRC; RTCP by source and destination), each packet checked against the pinholes open at its time.
 */
import type { Datagram } from '../session';
import type { CaptureClock } from './clock';
import { round3 } from './clock';
import { staticPayloadName } from './codecs';
import type { At, OutsideReason, RtcpStreamDoc, RtpStreamDoc } from './document';
import { PinholeCandidates, type PinholeState, type PinholeTable } from './pinholes';
import { parseMediaDatagram, RtpStreamStats, type MediaDatagram } from './rtp';


/** UDP ports of protocols whose payloads can pass for RTP (SIP, MGCP, RAS, SSDP, IKE NAT-T, mDNS). */
const NOT_MEDIA_PORTS: ReadonlySet<number> = new Set([1719, 1900, 2427, 2727, 4500, 5060, 5353]);

/**
 * A datagram read as RTP or RTCP: what the stream table needs of it, without its payload (a view of the capture
 * reader's buffer, overwritten by the next read, while the analyzer holds datagrams back to put them in frame order).
 */
export interface SeenMedia extends Omit<Datagram, 'payload'> {
  /** UDP payload bytes. */
  length: number;
  media: MediaDatagram;
}

/** Reads a datagram as RTP or RTCP while its payload is at hand; undefined when it is neither. */
export function readMedia(d: Datagram): SeenMedia | undefined {
  if (d.srcPort < 1024 || d.dstPort < 1024 || NOT_MEDIA_PORTS.has(d.srcPort) || NOT_MEDIA_PORTS.has(d.dstPort)) return undefined;
  const media = parseMediaDatagram(d.payload);
  if (!media) return undefined;
  return { frame: d.frame, tsSec: d.tsSec, tsNsec: d.tsNsec, src: d.src, srcPort: d.srcPort, dst: d.dst, dstPort: d.dstPort, length: d.payload.length, media };
}

export interface OutsideRun {
  packets: number;
  first: At;
  last: At;
  pinhole: PinholeState | undefined;
}

abstract class ObservedStream {
  inside = 0;
  readonly pinholes = new PinholeCandidates();
  readonly outside = new Map<OutsideReason | 'pending', OutsideRun>();
  last: At;

  constructor(
    readonly id: string,
    readonly src: string,
    readonly srcPort: number,
    readonly dst: string,
    readonly dstPort: number,
    readonly first: At,
  ) {
    this.last = first;
  }

  get outsideCount(): number {
    let n = 0;
    for (const r of this.outside.values()) n += r.packets;
    return n;
  }
}

export class ObservedRtp extends ObservedStream {
  readonly stats = new RtpStreamStats();
  payloadType = 0;
  readonly baseSec: number;

  constructor(id: string, src: string, srcPort: number, dst: string, dstPort: number, first: At, readonly ssrc: number, baseSec: number) {
    super(id, src, srcPort, dst, dstPort, first);
    this.baseSec = baseSec;
  }
}

export class ObservedRtcp extends ObservedStream {
  packets = 0;
  bytes = 0;
  ssrc = 0;
  readonly types = new Map<number, number>();
}

/** The RTP clock rate for a packet of this stream (static payload type, or the codec negotiated for its address). */
export type ClockRateFor = (payloadType: number, stream: ObservedRtp) => number | undefined;

export class StreamTable {
  private readonly rtp = new Map<string, ObservedRtp>();
  /** The same RTP streams by ports (srcPort * 65536 + dstPort): found without building a key string per packet. */
  private readonly rtpByPorts = new Map<number, ObservedRtp[]>();
  private readonly rtcp = new Map<string, ObservedRtcp>();

  constructor(
    private readonly clock: CaptureClock,
    private readonly pinholes: PinholeTable,
    private readonly clockRateFor: ClockRateFor,
  ) {}

  rtpStreams(): ObservedRtp[] {
    return [...this.rtp.values()];
  }

  rtcpStreams(): ObservedRtcp[] {
    return [...this.rtcp.values()];
  }

  /** Adds an RTP or RTCP packet to its stream (see readMedia). */
  observe(d: SeenMedia): void {
    const media = d.media;
    const at = this.clock.at(d.frame, d.tsSec, d.tsNsec);
    if (media.kind === 'rtp') {
      const ports = d.srcPort * 65536 + d.dstPort;
      const ssrc = media.rtp.ssrc;
      let s = findRtp(this.rtpByPorts.get(ports), ssrc, d.src, d.dst);
      if (!s) {
        s = new ObservedRtp(`R${this.rtp.size + 1}`, d.src, d.srcPort, d.dst, d.dstPort, at, ssrc, d.tsSec);
        s.payloadType = media.rtp.payloadType;
        this.rtp.set(`${d.src}|${d.srcPort}|${d.dst}|${d.dstPort}|${ssrc}`, s);
        const same = this.rtpByPorts.get(ports);
        if (same) same.push(s);
        else this.rtpByPorts.set(ports, [s]);
      }
      const arrivalMs = (d.tsSec - s.baseSec) * 1000 + d.tsNsec / 1e6;
      s.stats.add(media.rtp, d.length, arrivalMs, this.clockRateFor(media.rtp.payloadType, s));
      s.last = at;
      this.check(s, 'rtp', d, at);
    } else {
      const flow = `${d.src}|${d.srcPort}|${d.dst}|${d.dstPort}`;
      let s = this.rtcp.get(flow);
      if (!s) {
        s = new ObservedRtcp(`RC${this.rtcp.size + 1}`, d.src, d.srcPort, d.dst, d.dstPort, at);
        s.ssrc = media.rtcp.ssrc;
        this.rtcp.set(flow, s);
      }
      s.packets++;
      s.bytes += d.length;
      for (const type of media.rtcp.packetTypes) s.types.set(type, (s.types.get(type) ?? 0) + 1);
      s.last = at;
      this.check(s, 'rtcp', d, at);
    }
  }

  private check(s: ObservedStream, kind: 'rtp' | 'rtcp', d: SeenMedia, at: At): void {
    const c = this.pinholes.check(kind, d.src, d.dst, d.dstPort, at.t, s.pinholes);
    if (c.inside) {
      s.inside++;
      return;
    }
    const run = s.outside.get(c.reason);
    if (run) {
      run.packets++;
      run.last = at;
    } else s.outside.set(c.reason, { packets: 1, first: at, last: at, pinhole: c.reason === 'pending' ? undefined : c.pinhole });
  }

  /** At the end: packets that found no pinhole came before one opened, or never had one. */
  settle(): void {
    for (const s of [...this.rtp.values(), ...this.rtcp.values()]) {
      const pending = s.outside.get('pending');
      if (!pending) continue;
      s.outside.delete('pending');
      const kind = s instanceof ObservedRtp ? 'rtp' : 'rtcp';
      const p = this.pinholes.firstFor(kind, s.src, s.dst, s.dstPort);
      const reason: OutsideReason = p ? 'before-open' : 'no-pinhole';
      s.outside.set(reason, { ...pending, pinhole: p });
    }
  }
}

function findRtp(streams: ObservedRtp[] | undefined, ssrc: number, src: string, dst: string): ObservedRtp | undefined {
  if (!streams) return undefined;
  for (const x of streams) if (x.ssrc === ssrc && x.src === src && x.dst === dst) return x;
  return undefined;
}

export function ssrcHex(ssrc: number): string {
  return `0x${ssrc.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function rtpDoc(s: ObservedRtp): RtpStreamDoc {
  const st = s.stats;
  const expected = st.expected;
  return {
    id: s.id,
    src: s.src,
    srcPort: s.srcPort,
    dst: s.dst,
    dstPort: s.dstPort,
    ssrc: ssrcHex(s.ssrc),
    payloadType: s.payloadType,
    payloadTypes: [...st.payloadTypes.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([payloadType, packets]) => ({ payloadType, name: staticPayloadName(payloadType) ?? null, packets })),
    clockRate: st.clockRate ?? null,
    packets: st.packets,
    bytes: st.bytes,
    first: s.first,
    last: s.last,
    firstSequence: st.firstSequence,
    expected,
    lost: st.lost,
    lossPercent: expected > 0 ? round3((st.lost * 100) / expected) : 0,
    duplicates: st.duplicates,
    lateOrReordered: st.lateOrReordered,
    sequenceJumps: st.sequenceJumps,
    jitterMs: st.jitterMs === undefined ? null : round3(st.jitterMs),
    maxJitterMs: st.maxJitterMs === undefined ? null : round3(st.maxJitterMs),
    insidePinholes: s.inside,
    outsidePinholes: s.outsideCount,
  };
}

const RTCP_TYPES: Record<number, string> = { 200: 'SR', 201: 'RR', 202: 'SDES', 203: 'BYE', 204: 'APP', 205: 'RTPFB', 206: 'PSFB', 207: 'XR' };

export function rtcpDoc(s: ObservedRtcp): RtcpStreamDoc {
  return {
    id: s.id,
    src: s.src,
    srcPort: s.srcPort,
    dst: s.dst,
    dstPort: s.dstPort,
    ssrc: ssrcHex(s.ssrc),
    packets: s.packets,
    bytes: s.bytes,
    first: s.first,
    last: s.last,
    packetTypes: [...s.types.entries()].sort((a, b) => a[0] - b[0]).map(([type, packets]) => ({ type, name: RTCP_TYPES[type] ?? `type ${type}`, packets })),
    insidePinholes: s.inside,
    outsidePinholes: s.outsideCount,
  };
}
