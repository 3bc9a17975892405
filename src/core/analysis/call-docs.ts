/** Calls, legs and media legs as they appear in the document. */
import { round6 } from './clock';
import type { LegState } from './calls';
import { PARTY_FIELDS } from './calls';
import type { CallDoc, EndReason, LegDoc, MatchedRtcpDoc, MatchedRtpDoc, MediaLegDoc, TimeRef } from './document';
import type { CallGroup } from './grouping';
import type { MediaLegState } from './media';

export interface MediaStreams {
  rtp: MatchedRtpDoc[];
  rtcp: MatchedRtcpDoc[];
}

export function mediaDoc(m: MediaLegState, streams: MediaStreams | undefined): MediaLegDoc {
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    passThroughPartyId: m.passThroughPartyId ?? null,
    conferenceId: m.conferenceId ?? null,
    callReference: m.callReference ?? null,
    compressionType: m.compressionType ?? null,
    milliSecondPacketSize: m.milliSecondPacketSize ?? null,
    request: m.request ?? null,
    endpoint: m.endpoint ? { ip: m.endpoint.ip, port: m.endpoint.port } : null,
    endpointMessage: m.endpointMessage ?? null,
    source: m.source ? { ip: m.source.ip, port: m.source.port } : null,
    acknowledged: m.acknowledged ?? null,
    status: m.status ?? null,
    closed: m.closed ?? null,
    encryption: m.encryption ?? null,
    rtp: streams?.rtp ?? [],
    rtcp: streams?.rtcp ?? [],
    pinholes: m.pinholes.map((p) => p.id),
  };
}

export function legDoc(leg: LegState, streams: ReadonlyMap<MediaLegState, MediaStreams>): LegDoc {
  const party = (f: (typeof PARTY_FIELDS)[number]) => leg.parties[f] ?? null;
  return {
    station: leg.station.id,
    stationName: leg.station.label,
    callReference: leg.callReference,
    lineInstance: leg.lineInstance ?? null,
    callInstance: leg.callInstance ?? null,
    callType: leg.callType ?? null,
    callingParty: party('callingParty'),
    callingPartyName: party('callingPartyName'),
    calledParty: party('calledParty'),
    calledPartyName: party('calledPartyName'),
    originalCalledParty: party('originalCalledParty'),
    originalCalledPartyName: party('originalCalledPartyName'),
    lastRedirectingParty: party('lastRedirectingParty'),
    lastRedirectingPartyName: party('lastRedirectingPartyName'),
    dialedNumber: leg.dialedNumber ?? null,
    keypadDigits: leg.digits,
    states: leg.states,
    start: leg.start,
    answer: leg.answer ?? null,
    end: leg.finish ?? null,
    endReason: leg.endReason,
    messages: leg.messages,
    media: [...leg.media].sort((a, b) => num(a.id) - num(b.id)).map((m) => mediaDoc(m, streams.get(m))),
  };
}

export function callDoc(id: string, g: CallGroup, streams: ReadonlyMap<MediaLegState, MediaStreams>): CallDoc {
  const legs = g.legs;
  const start = earliest(legs.map((l) => l.start))!;
  const answer = earliest(legs.map((l) => l.answer));
  const end = legs.every((l) => l.ended) ? (latest(legs.map((l) => l.finish!)) ?? null) : null;
  // The origin of the call speaks for its parties; else the first leg that heard of them.
  const origin = legs.find((l) => l.originated) ?? legs.find((l) => l.parties.callingParty || l.parties.calledParty) ?? legs[0]!;
  const problems = legs.flatMap((l) => l.problems).sort((a, b) => a.frame - b.frame || a.code.localeCompare(b.code));
  return {
    id,
    start,
    answer: answer ?? null,
    end,
    // Capture clocks can step backwards (a tap's time reset); a span is then 0, never negative.
    durationSeconds: end ? round6(Math.max(0, end.t - start.t)) : null,
    talkSeconds: end && answer ? round6(Math.max(0, end.t - answer.t)) : null,
    endReason: callEndReason(legs.map((l) => l.endReason)),
    callingParty: origin.parties.callingParty ?? null,
    callingPartyName: origin.parties.callingPartyName ?? null,
    calledParty: origin.parties.calledParty ?? origin.dialedNumber ?? (origin.digits || null),
    calledPartyName: origin.parties.calledPartyName ?? null,
    tiedBy: g.tiedBy,
    legs: legs.map((l) => legDoc(l, streams)),
    problems,
  };
}

function callEndReason(reasons: EndReason[]): EndReason {
  for (const r of ['in-progress', 'completed', 'media-closed', 'busy', 'failed', 'not-answered', 'abandoned', 'station-gone'] as const) if (reasons.includes(r)) return r;
  return 'unknown';
}

function earliest(xs: (TimeRef | undefined)[]): TimeRef | undefined {
  let best: TimeRef | undefined;
  for (const x of xs) if (x && (!best || x.frame < best.frame)) best = x;
  return best;
}

function latest(xs: TimeRef[]): TimeRef | undefined {
  let best: TimeRef | undefined;
  for (const x of xs) if (!best || x.frame > best.frame) best = x;
  return best;
}

function num(id: string): number {
  return Number(id.replace(/^\D+/, ''));
}
