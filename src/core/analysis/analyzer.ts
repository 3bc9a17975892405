/**
 * The call analyzer: consumes a session's events in order (connections, SCCP messages, UDP datagrams, problems)
 * and builds the calls document: stations, calls with their legs and media, observed RTP, the ALG's view
 * (pinholes, NAT, media outside pinholes, split messages, floods, IDs outside the JUNOS intervals), diagnostics and
 * statistics. Pure: no clock, no file system; the same events always give the same document.
 */
import type { Problem } from '../problems';
import type { SccpMessage } from '../sccp/message';
import type { Datagram, SccpConnection } from '../session';
import { callDoc, type MediaStreams } from './call-docs';
import { CALL_STATE, LegTable, type LegState } from './calls';
import { CaptureClock } from './clock';
import { codecClockRate, staticClockRate } from './codecs';
import {
  CALLS_SCHEMA_VERSION,
  type CallProblemDoc,
  type CallsDocument,
  type FloodDoc,
  type MessageCountDoc,
  type MessageRef,
  type OutsideDoc,
  type ProblemCountDoc,
  type SplitDoc,
  type SrtpDoc,
} from './document';
import { nonZero, num, passThroughPartyId } from './fields';
import { floodEpisodes } from './floods';
import { groupLegs } from './grouping';
import { IdCounter, insideJunosIntervals, isUnknownMessage, junosIntervalDocs } from './junos';
import { matchStream, type StreamMatch } from './matching';
import { MediaTable, type MediaLegState } from './media';
import { NatChecker } from './nat';
import { settingsOf, type AnalyzerOptions, type AnalyzerSettings } from './options';
import { Pairing } from './pairing';
import { PinholeTable } from './pinholes';
import { StationTable, type StationState } from './stations';
import { readMedia, rtcpDoc, rtpDoc, StreamTable, type ObservedRtcp, type ObservedRtp, type SeenMedia } from './streams';

/** What the document says of the file itself (the CLI fills it in; tests may leave it out). */
export interface CaptureFileInfo {
  /** Base name only: the document never carries a path. */
  name: string;
  format: string;
  compressed: boolean;
  size: number;
}

const CALL_STATE_ID = 0x0111;

/**
 * Frames an event may arrive late by: the session hands on a message when its last byte is framed, which after a
 * gap or out-of-order segments can be some frames after UDP datagrams that followed it. Events wait this long and
 * are then handled in frame order.
 */
const REORDER_FRAMES = 256;

/** An event waiting for frame order: an RTP/RTCP packet as read, or a message. */
type Queued = SeenMedia | { frame: number; message: SccpMessage };

export class CallAnalyzer {
  readonly settings: AnalyzerSettings;
  private readonly clock = new CaptureClock();
  private readonly stations = new StationTable();
  private readonly legs = new LegTable();
  private readonly pinholes: PinholeTable;
  private readonly media: MediaTable;
  private readonly streams: StreamTable;
  private readonly nat = new NatChecker();
  private readonly pairing = new Pairing();
  private readonly outsideJunos = new IdCounter();
  private readonly unknown = new IdCounter();
  private readonly splits: SplitDoc[] = [];
  private readonly srtp: { media: MediaLegState; ref: MessageRef }[] = [];
  private readonly counts = new Map<number, MessageCountDoc>();
  private readonly decodeProblems = new Map<string, ProblemCountDoc>();
  private readonly captureProblems = new Map<string, ProblemCountDoc>();
  private readonly registrationsByIp = new Map<string, MessageRef[]>();
  private messages = 0;
  private queue: Queued[] = [];
  private queueSorted = true;
  private lastQueuedFrame = 0;

  constructor(opts: AnalyzerOptions = {}) {
    this.settings = settingsOf(opts);
    this.pinholes = new PinholeTable(this.settings.inactiveMediaTimeoutSeconds);
    this.media = new MediaTable(this.legs, this.pinholes, {
      callProblem: (leg, code, frame, message, text) => leg?.problems.push({ code, frame, message, text }),
      srtpInClear: (media, ref) => {
        this.srtp.push({ media, ref });
        media.leg?.problems.push({
          code: 'srtp-key-in-clear',
          frame: ref.frame,
          message: ref.message,
          text: `${ref.message} carries SRTP key material (${media.encryption!.algorithmID.name}, ${media.encryption!.keylen}-byte key) over unencrypted SCCP`,
        });
      },
    });
    this.streams = new StreamTable(this.clock, this.pinholes, (pt, s) => this.clockRate(pt, s));
  }

  /** Every packet of the capture, in file order: gives the packet count and the time span. */
  packet(p: { frame: number; tsSec: number; tsNsec: number; tsDigits: number }): void {
    this.clock.packet(p.tsSec, p.tsNsec, p.tsDigits);
    if (this.queue.length > 2 * REORDER_FRAMES) this.flush(p.frame - REORDER_FRAMES);
  }

  connection(c: SccpConnection): void {
    this.stations.connection(c);
  }

  problem(p: Problem): void {
    count(this.captureProblems, p.code, p.code, null, p.frame ?? null, p.message);
  }

  datagram(d: Datagram): void {
    // Read now: the payload is only valid during this call; what is queued for frame order holds none of it.
    const seen = readMedia(d);
    if (seen) this.enqueue(seen);
  }

  message(m: SccpMessage): void {
    this.enqueue({ frame: m.frame, message: m });
  }

  private enqueue(e: Queued): void {
    if (e.frame < this.lastQueuedFrame) this.queueSorted = false;
    this.lastQueuedFrame = Math.max(this.lastQueuedFrame, e.frame);
    this.queue.push(e);
  }

  /** Handles, in frame order, the events up to this frame. */
  private flush(upTo: number): void {
    if (!this.queueSorted) {
      // Array sort is stable: events of one frame stay in the order they came.
      this.queue.sort((a, b) => a.frame - b.frame);
      this.queueSorted = true;
    }
    let i = 0;
    while (i < this.queue.length && this.queue[i]!.frame <= upTo) {
      const e = this.queue[i++]!;
      if ('message' in e) this.handle(e.message);
      else this.streams.observe(e);
    }
    this.queue = this.queue.slice(i);
  }

  private handle(m: SccpMessage): void {
    const station = this.stations.forMessage(m);
    const at = this.clock.timeRef(m.frame, m.tsSec, m.tsNsec);
    const ref: MessageRef = { frame: at.frame, t: at.t, message: m.name };
    this.messages++;
    this.countMessage(m);
    this.stations.message(station, m, ref);
    const frames = [...new Set(m.frames)];
    if (frames.length > 1) {
      this.splits.push({ station: station.id, message: m.name, frame: m.frame, frames, t: at.t, stream: m.stream, streamOffset: m.streamOffset, length: m.bytes.length });
    }
    if (isUnknownMessage(m)) this.unknown.add(m);
    else if (m.id >= 0 && !insideJunosIntervals(m.id)) this.outsideJunos.add(m);
    for (const p of m.problems) count(this.decodeProblems, `${p.code}|${m.name}`, p.code, m.name, m.frame, p.message);
    if (m.id === 0x0001) {
      const regs = this.registrationsByIp.get(station.ip);
      if (regs) regs.push(ref);
      else this.registrationsByIp.set(station.ip, [ref]);
    }

    this.pairing.message(station, m, ref);
    this.legs.message(station, m, at);
    this.media.message(station, m, ref, at);
    for (const doc of this.nat.message(station, m, ref)) {
      this.legFor(station, m)?.problems.push({
        code: 'nat-mismatch',
        frame: ref.frame,
        message: m.name,
        text: `${m.name} gives ${doc.field} ${doc.embedded}, but the station's connection comes from ${doc.transport}: media sent to ${doc.embedded} needs NAT or an ALG to reach it`,
      });
    }
    if (m.id === CALL_STATE_ID && num(m, 'callState') === CALL_STATE.OnHook) {
      const leg = this.legFor(station, m);
      if (leg) this.media.closeWhere(station, (x) => x.leg === leg, at, m.name, 'call-ended');
    }
    if (station.gone?.frame === ref.frame) {
      this.legs.stationGone(station, at);
      this.media.closeWhere(station, () => true, at, m.name, 'station-gone');
    }
  }

  /** The leg a message speaks of: by call reference, else by its media channel's pass-through party ID. */
  private legFor(station: StationState, m: SccpMessage): LegState | undefined {
    const ref = nonZero(num(m, 'callReference'));
    if (ref !== undefined) {
      const leg = this.legs.get(station, ref);
      if (leg) return leg;
    }
    const ptp = passThroughPartyId(m);
    if (ptp === undefined) return undefined;
    const mine = this.media.ofStation(station);
    for (let i = mine.length - 1; i >= 0; i--) if (mine[i]!.passThroughPartyId === ptp) return mine[i]!.leg;
    return undefined;
  }

  private clockRate(pt: number, s: ObservedRtp): number | undefined {
    const fixed = pt < 96 ? staticClockRate(pt) : undefined;
    if (fixed) return fixed;
    const media = this.media.onPort(s.dstPort).filter((m) => m.endpoint!.ip === s.dst || (m.direction === 'receive' && m.station.ip === s.dst));
    const m = media[media.length - 1];
    if (!m || pt === m.rfc2833PayloadType) return undefined; // telephone events keep one timestamp per event
    return m.compressionType ? codecClockRate(m.compressionType.value) : undefined;
  }

  private countMessage(m: SccpMessage): void {
    let c = this.counts.get(m.id);
    if (!c) {
      c = { id: m.id, idHex: m.idHex, name: m.name, count: 0, stationToCallManager: 0, callManagerToStation: 0 };
      this.counts.set(m.id, c);
    }
    c.count++;
    if (m.direction === 'station-to-callmanager') c.stationToCallManager++;
    else if (m.direction === 'callmanager-to-station') c.callManagerToStation++;
  }

  result(file?: CaptureFileInfo): CallsDocument {
    this.flush(Infinity);
    const end = this.clock.end;
    this.pinholes.finish(end);
    this.streams.settle();

    const allMedia = this.media.all();
    const rtp = this.streams.rtpStreams();
    const rtcp = this.streams.rtcpStreams();
    const rtpMatches = rtp.map((s) => matchStream(s, false, this.media, end));
    const rtcpMatches = rtcp.map((s) => matchStream(s, true, this.media, end));

    const groups = groupLegs(this.legs.all(), [...rtpMatches, ...rtcpMatches], end);
    groups.forEach((g, i) => g.legs.forEach((l) => (l.callId = `C${i + 1}`)));
    const callOf = (m: MediaLegState | undefined) => m?.leg?.callId ?? null;

    const perMedia = new Map<MediaLegState, MediaStreams>();
    const streamsOf = (m: MediaLegState) => perMedia.get(m) ?? perMedia.set(m, { rtp: [], rtcp: [] }).get(m)!;
    rtp.forEach((s, i) => rtpMatches[i]!.forEach((x) => streamsOf(x.media).rtp.push({ ...rtpDoc(s), matchedBy: x.matchedBy })));
    rtcp.forEach((s, i) => rtcpMatches[i]!.forEach((x) => streamsOf(x.media).rtcp.push({ ...rtcpDoc(s), matchedBy: x.matchedBy })));

    const outside = [...this.outsideDocs(rtp, rtpMatches, 'rtp', callOf), ...this.outsideDocs(rtcp, rtcpMatches, 'rtcp', callOf)].sort(
      (a, b) => a.first.frame - b.first.frame || a.stream.localeCompare(b.stream) || a.reason.localeCompare(b.reason),
    );
    this.mediaProblems(groups.map((g) => g.legs), perMedia);
    this.unansweredProblems();

    const unnegotiatedRtp = rtp.filter((s, i) => rtpMatches[i]!.length === 0 && looksLikeRtp(s)).map(rtpDoc);
    const unnegotiatedRtcp = rtcp.filter((_, i) => rtcpMatches[i]!.length === 0).map(rtcpDoc);
    const calls = groups.map((g, i) => callDoc(`C${i + 1}`, g, perMedia));
    const pinholes = this.pinholes.all().map((p) => this.pinholes.toDoc(p, callOf(p.media)));
    const unanswered = this.pairing.unanswered(end);
    const unsolicited = this.pairing.unsolicitedResponses();

    return {
      schemaVersion: CALLS_SCHEMA_VERSION,
      generator: 'sccp-dissect',
      source: {
        name: file?.name ?? '',
        format: file?.format ?? 'unknown',
        compressed: file?.compressed ?? false,
        size: file?.size ?? 0,
        packets: this.clock.packets,
        firstTime: this.clock.firstTime,
        lastTime: this.clock.lastTime,
        durationSeconds: end,
      },
      settings: { ...this.settings, junosIntervals: junosIntervalDocs() },
      stations: this.stations.all().map((s) => this.stations.toDoc(s)),
      calls,
      unnegotiatedRtp,
      unnegotiatedRtcp,
      alg: {
        pinholes,
        nat: this.nat.all(),
        mediaOutsidePinholes: outside,
        splitMessages: this.splits,
        floods: this.floods(),
        outsideJunosIntervals: this.outsideJunos.all(),
        unknownMessages: this.unknown.all(),
      },
      diagnostics: {
        unansweredRequests: unanswered,
        unsolicitedResponses: unsolicited,
        srtpKeysInClear: this.srtp.map(({ media, ref }): SrtpDoc => ({
          station: media.station.id,
          call: callOf(media),
          mediaLeg: media.id,
          message: ref.message,
          frame: ref.frame,
          t: ref.t,
          passThroughPartyId: media.passThroughPartyId ?? null,
          algorithmID: media.encryption!.algorithmID,
          keylen: media.encryption!.keylen,
          saltlen: media.encryption!.saltlen,
        })),
        decodeProblems: [...this.decodeProblems.values()],
        captureProblems: [...this.captureProblems.values()],
      },
      statistics: {
        messages: {
          total: this.messages,
          stationToCallManager: sum([...this.counts.values()].map((c) => c.stationToCallManager)),
          callManagerToStation: sum([...this.counts.values()].map((c) => c.callManagerToStation)),
          byId: [...this.counts.values()].sort((a, b) => a.id - b.id),
        },
        responseTimes: this.pairing.responseTimes(),
        pairs: { matched: this.pairing.matched, unansweredRequests: unanswered.length, unsolicitedResponses: unsolicited.length },
        stations: this.stations.all().length,
        silentConnections: this.stations.silentConnections,
        calls: { total: calls.length, answered: calls.filter((c) => c.answer !== null).length, legs: sum(calls.map((c) => c.legs.length)) },
        media: {
          mediaLegs: allMedia.length,
          rtpStreams: rtp.length,
          negotiatedRtpStreams: rtpMatches.filter((x) => x.length > 0).length,
          unnegotiatedRtpStreams: unnegotiatedRtp.length,
          rtpPackets: sum(rtp.map((s) => s.stats.packets)),
          rtcpStreams: rtcp.length,
          rtcpPackets: sum(rtcp.map((s) => s.packets)),
        },
        pinholes: {
          total: pinholes.length,
          closedByMessage: pinholes.filter((p) => p.closed && p.closed.reason !== 'inactive-media').length,
          closedByTimeout: pinholes.filter((p) => p.closed?.reason === 'inactive-media').length,
          openAtEnd: pinholes.filter((p) => !p.closed).length,
        },
      },
    };
  }

  private outsideDocs(
    streams: (ObservedRtp | ObservedRtcp)[],
    matches: StreamMatch[][],
    kind: 'rtp' | 'rtcp',
    callOf: (m: MediaLegState | undefined) => string | null,
  ): OutsideDoc[] {
    const out: OutsideDoc[] = [];
    streams.forEach((s, i) => {
      const matched = matches[i]!;
      // Only media some SCCP message negotiated: other UDP is not the SCCP ALG's to pass (see unnegotiatedRtp).
      if (matched.length === 0) return;
      for (const [reason, run] of s.outside) {
        if (reason === 'pending') continue;
        out.push({
          stream: s.id,
          kind,
          src: s.src,
          srcPort: s.srcPort,
          dst: s.dst,
          dstPort: s.dstPort,
          reason,
          packets: run.packets,
          first: run.first,
          last: run.last,
          pinhole: run.pinhole?.id ?? null,
          call: callOf(run.pinhole?.media ?? matched[0]!.media),
        });
        // Once per call: a stream is often one station's transmit leg and another's receive leg of the same call.
        const told = new Set<string>();
        for (const x of matched) {
          const call = x.media.leg?.callId;
          if (!call || told.has(call)) continue;
          told.add(call);
          x.media.leg!.problems.push({
            code: 'media-outside-pinhole',
            frame: run.first.frame,
            message: kind.toUpperCase(),
            text: `${run.packets} ${kind.toUpperCase()} packet(s) of ${s.id} (${s.src}:${s.srcPort} -> ${s.dst}:${s.dstPort}) ${OUTSIDE_TEXT[reason]}`,
          });
        }
      }
    });
    return out;
  }

  /** Media legs that were set up but saw no RTP: the call's media never flowed, or flowed one way. */
  private mediaProblems(calls: LegState[][], perMedia: ReadonlyMap<MediaLegState, MediaStreams>): void {
    for (const legs of calls) {
      const media = legs.flatMap((l) => l.media).filter((m) => m.endpoint && m.kind !== 'multicast' && !(m.status && m.status.value !== 0));
      if (media.length === 0) continue;
      const withRtp = media.filter((m) => (perMedia.get(m)?.rtp.length ?? 0) > 0);
      if (withRtp.length === 0) {
        const first = media.reduce((a, b) => (a.endpointMessage!.frame <= b.endpointMessage!.frame ? a : b));
        first.leg?.problems.push(problem('no-rtp', first.endpointMessage!, 'no RTP of this call was seen in the capture (the capture may hold only signalling)'));
        continue;
      }
      for (const m of media) {
        if (m.direction !== 'receive' || withRtp.includes(m)) continue;
        m.leg?.problems.push(
          problem('one-way-media', m.endpointMessage!, `${m.id}: no RTP reached ${m.station.label}'s receive endpoint ${m.endpoint!.ip}:${m.endpoint!.port}, while other media of the call flowed`),
        );
      }
    }
  }

  /** Requests of a call left without an answer. */
  private unansweredProblems(): void {
    const byRequest = new Map<string, MediaLegState>();
    for (const m of this.media.all()) {
      const key = m.request && `${m.station.id}|${m.request.frame}|${m.request.message}`;
      if (key && !byRequest.has(key)) byRequest.set(key, m);
    }
    for (const { station, ref } of this.pairing.pendingRequests()) {
      const media = byRequest.get(`${station.id}|${ref.frame}|${ref.message}`);
      media?.leg?.problems.push(problem('unanswered-request', ref, `${ref.message} was never answered`));
    }
  }

  private floods(): FloodDoc[] {
    const out: FloodDoc[] = [];
    const originatedBy = new Map<StationState, MessageRef[]>();
    for (const l of this.legs.all()) {
      if (!l.originated) continue;
      const ref: MessageRef = { frame: l.start.frame, t: l.start.t, message: l.opener };
      const list = originatedBy.get(l.station);
      if (list) list.push(ref);
      else originatedBy.set(l.station, [ref]);
    }
    for (const s of this.stations.all()) {
      const originated = (originatedBy.get(s) ?? []).sort((a, b) => a.frame - b.frame);
      for (const e of floodEpisodes(originated, this.settings.callFloodPerMinute)) {
        out.push({ kind: 'calls', station: s.id, ip: s.ip, threshold: this.settings.callFloodPerMinute, ...e });
      }
    }
    for (const [ip, regs] of this.registrationsByIp) {
      for (const e of floodEpisodes(regs, this.settings.registrationFloodPerMinute)) {
        out.push({ kind: 'registrations', station: null, ip, threshold: this.settings.registrationFloodPerMinute, ...e });
      }
    }
    return out.sort((a, b) => a.first.frame - b.first.frame || a.kind.localeCompare(b.kind));
  }
}

const OUTSIDE_TEXT: Record<OutsideDoc['reason'], string> = {
  'before-open': 'arrived before the ALG had a pinhole open for them: a firewall drops them',
  'after-close': 'arrived after their pinhole closed: a firewall drops them',
  'after-inactive-timeout': 'arrived after the inactive-media timeout closed their pinhole: a firewall drops them',
  'address-mismatch':
    "went to the port of the station's transmit pinhole but at another address (the far end is behind NAT, or the addresses inside the messages were rewritten): an ALG that does not translate them drops them",
  'no-pinhole': 'match no pinhole the ALG opened: a firewall drops them',
};

function problem(code: CallProblemDoc['code'], ref: MessageRef, text: string): CallProblemDoc {
  return { code, frame: ref.frame, message: ref.message, text };
}

/** Streams nobody negotiated are shown only when they behave like RTP: several packets in a coherent sequence. */
function looksLikeRtp(s: ObservedRtp): boolean {
  return s.stats.packets >= 2 && s.stats.expected <= 2 * s.stats.packets;
}

function count(map: Map<string, ProblemCountDoc>, key: string, code: string, message: string | null, frame: number | null, text: string): void {
  const c = map.get(key);
  if (c) c.count++;
  else map.set(key, { code, message, count: 1, frame, text });
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

