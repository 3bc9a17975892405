/**
 * Which media leg an observed stream belongs to. A stream matches a receive leg when it goes to the leg's endpoint
 * (or to the station's own address on that port, when the station is behind NAT), and a transmit leg when the station
 * sends it to the leg's endpoint, or sends it from the address its StartMediaTransmissionAck gave. One stream can be
 * one station's transmit leg and another's receive leg; of several legs of a direction, the one whose lifetime
 * overlaps the stream most wins (ports are reused from call to call).
 */
import type { MatchReason } from './document';
import type { MediaLegState, MediaTable } from './media';
import type { ObservedRtcp, ObservedRtp } from './streams';

export interface StreamMatch {
  media: MediaLegState;
  matchedBy: MatchReason;
}

type Stream = ObservedRtp | ObservedRtcp;

export function matchStream(s: Stream, rtcp: boolean, table: MediaTable, captureEnd: number): StreamMatch[] {
  const out: StreamMatch[] = [];
  const candidates = candidatesFor(s, rtcp, table);
  for (const direction of ['receive', 'transmit'] as const) {
    let best: { m: StreamMatch; overlap: number } | undefined;
    for (const media of candidates) {
      if (media.direction !== direction) continue;
      const matchedBy = reason(s, rtcp, media, table);
      if (!matchedBy) continue;
      const [from, to] = media.span(captureEnd);
      const overlap = Math.min(to, s.last.t) - Math.max(from, s.first.t);
      if (!best || overlap > best.overlap) best = { m: { media, matchedBy }, overlap };
    }
    if (best) out.push(best.m);
  }
  return out;
}

/** The legs a stream can match at all: by the port it goes to, or (transmit legs) the port it comes from; in order. */
function candidatesFor(s: Stream, rtcp: boolean, table: MediaTable): MediaLegState[] {
  const set = new Set<MediaLegState>([...table.onPort(s.dstPort), ...table.fromPort(s.srcPort)]);
  if (rtcp) for (const m of [...table.onPort(s.dstPort - 1), ...table.fromPort(s.srcPort - 1)]) set.add(m);
  return [...set].sort((a, b) => legNumber(a) - legNumber(b));
}

function legNumber(m: MediaLegState): number {
  return Number(m.id.slice(1));
}

function reason(s: Stream, rtcp: boolean, media: MediaLegState, table: MediaTable): MatchReason | undefined {
  const portOk = (want: number, got: number) => got === want || (rtcp && got === want + 1);
  const station = media.station;
  const e = media.endpoint;
  if (media.direction === 'receive') {
    if (!e || !portOk(e.port, s.dstPort)) return undefined;
    if (s.dst === e.ip) return 'endpoint';
    return s.dst === station.ip ? 'station-address' : undefined;
  }
  if (e && s.dst === e.ip && portOk(e.port, s.dstPort) && station.ownsAddress(s.src)) return 'endpoint';
  const from = media.source;
  if (from && portOk(from.port, s.srcPort) && (s.src === from.ip || s.src === station.ip)) return 'transmit-source';
  // Same port, other address: accepted only from the port the station receives this channel on (symmetric RTP).
  if (e && portOk(e.port, s.dstPort) && station.ownsAddress(s.src)) {
    const rx = table.ofStation(station).find((m) => m.direction === 'receive' && m.passThroughPartyId === media.passThroughPartyId && m.endpoint);
    if (rx && portOk(rx.endpoint!.port, s.srcPort)) return 'endpoint-port';
  }
  return undefined;
}
