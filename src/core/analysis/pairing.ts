/**
 * Requests matched with their responses, per connection, by the catalog's partner IDs. Wireshark keys pending
 * requests by the request ID XORed with an identifier (line, pass-through party, ...) in one map per conversation, so
 * different requests can share a key (LineStatReq for line 0 and ForwardStatReq for line 2 both give 0x000B). Here a
 * response looks only among pending requests of its own partner ID and opposite direction, and where both carry the
 * same kind of identifier, the identifiers must be equal. Of the candidates, the oldest wins.
 */
import { CATALOG, messageById } from '../sccp/catalog';
import type { SccpMessage } from '../sccp/message';
import { round3, round6 } from './clock';
import type { MessageRef, ResponseTimeDoc, UnansweredDoc, UnsolicitedDoc } from './document';
import { num } from './fields';
import type { StationState } from './stations';

/** Identifiers that tell concurrent requests of one kind apart, most specific first. */
const DISCRIMINATORS: readonly (readonly string[])[] = [
  ['passThroughPartyId', 'passthruPartyID'],
  ['lineNumber'],
  ['speedDialNumber'],
  ['serviceURLIndex'],
  ['featureIndex'],
  ['transactionId'],
  ['conferenceId'],
  ['callReference'],
];

/**
 * Requests older stations leave unanswered by design: StartMediaTransmissionAck (and its multimedia twin) came with
 * later protocol versions. Such a request counts as unanswered only on a connection that sent one of these acks.
 */
const ACK_ADDED_LATER: ReadonlyMap<number, number> = new Map([
  [0x008a, 0x0154], // StartMediaTransmission -> StartMediaTransmissionAck
  [0x0132, 0x0155], // StartMultiMediaTransmission -> StartMultiMediaTransmissionAck
]);

interface Pending {
  station: StationState;
  ref: MessageRef;
  id: number;
  direction: string;
  tsMs: number;
  ids: (number | undefined)[];
}

interface Timing {
  request: string;
  requestId: number;
  response: string;
  responseId: number;
  count: number;
  min: number;
  sum: number;
  max: number;
}

export interface Paired {
  request: MessageRef;
  requestId: number;
}

export class Pairing {
  private readonly pending = new Map<string, Pending[]>();
  private readonly timings = new Map<string, Timing>();
  private readonly unsolicited: UnsolicitedDoc[] = [];
  /** Message IDs each connection carried (to tell whether it ever sends the acks of ACK_ADDED_LATER). */
  private readonly seen = new Map<number, Set<number>>();
  matched = 0;

  /** Feeds one message; returns the request a response answered, if it is one that did. */
  message(station: StationState, m: SccpMessage, ref: MessageRef): Paired | undefined {
    const ids = this.seen.get(m.stream) ?? this.seen.set(m.stream, new Set()).get(m.stream)!;
    ids.add(m.id);
    const def = messageById(m.id);
    if (!def || def.partner === undefined) return undefined;
    const tsMs = m.tsSec * 1000 + m.tsNsec / 1e6;
    const keys = DISCRIMINATORS.map((names) => num(m, ...names));
    if (def.class === 'request') {
      const key = `${m.stream}|${m.id}`;
      const list = this.pending.get(key) ?? [];
      list.push({ station, ref, id: m.id, direction: m.direction, tsMs, ids: keys });
      this.pending.set(key, list);
      return undefined;
    }
    if (def.class !== 'response') return undefined;
    const list = this.pending.get(`${m.stream}|${def.partner}`) ?? [];
    const at = list.findIndex((p) => p.direction !== m.direction && sameIdentifiers(p.ids, keys));
    if (at < 0) {
      this.unsolicited.push({ station: station.id, message: m.name, frame: ref.frame, t: ref.t, request: messageById(def.partner)?.name ?? `0x${def.partner.toString(16)}` });
      return undefined;
    }
    const [req] = list.splice(at, 1);
    this.matched++;
    this.time(req!, m, tsMs - req!.tsMs);
    return { request: req!.ref, requestId: req!.id };
  }

  private time(req: Pending, m: SccpMessage, ms: number): void {
    const key = `${req.id}|${m.id}`;
    const t = this.timings.get(key);
    if (t) {
      t.count++;
      t.sum += ms;
      t.min = Math.min(t.min, ms);
      t.max = Math.max(t.max, ms);
    } else this.timings.set(key, { request: req.ref.message, requestId: req.id, response: m.name, responseId: m.id, count: 1, min: ms, sum: ms, max: ms });
  }

  /** Requests still waiting at the end that their connection would have answered. */
  private waiting(): Pending[] {
    return [...this.pending.values()].flat().filter((p) => {
      const ack = ACK_ADDED_LATER.get(p.id);
      return ack === undefined || this.seen.get(p.station.stream)?.has(ack) === true;
    });
  }

  unanswered(captureEnd: number): UnansweredDoc[] {
    return this.waiting()
      .map((p) => ({
        station: p.station.id,
        message: p.ref.message,
        frame: p.ref.frame,
        t: p.ref.t,
        expected: responsesTo(p.id),
        waitedSeconds: round6(captureEnd - p.ref.t),
      }))
      .sort((a, b) => a.frame - b.frame || a.message.localeCompare(b.message));
  }

  /** Requests still waiting at the end (the frames of each). */
  pendingRequests(): { station: StationState; ref: MessageRef }[] {
    return this.waiting().map((p) => ({ station: p.station, ref: p.ref }));
  }

  unsolicitedResponses(): UnsolicitedDoc[] {
    return this.unsolicited;
  }

  responseTimes(): ResponseTimeDoc[] {
    return [...this.timings.values()]
      .sort((a, b) => a.requestId - b.requestId || a.responseId - b.responseId)
      .map((t) => ({
        request: t.request,
        requestId: t.requestId,
        response: t.response,
        responseId: t.responseId,
        count: t.count,
        minMs: round3(t.min),
        meanMs: round3(t.sum / t.count),
        maxMs: round3(t.max),
      }));
  }
}

/** The first identifier both messages carry decides; when neither carries one, any pair matches. */
function sameIdentifiers(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== undefined && b[i] !== undefined) return a[i] === b[i];
  }
  return true;
}

const RESPONSES = new Map<number, string[]>();
for (const d of CATALOG) {
  if (d.class !== 'response' || d.partner === undefined) continue;
  RESPONSES.set(d.partner, [...(RESPONSES.get(d.partner) ?? []), d.name]);
}

function responsesTo(requestId: number): string[] {
  return RESPONSES.get(requestId) ?? [];
}
