/**
 * Which decoded messages belong to which call of a calls document. The document counts a leg's messages but does not
 * list them, so this finds them again, on the leg's station connection:
 * - messages that carry the leg's call reference, from the leg's start on;
 * - the media messages the document names for the leg's media (request, acknowledgement, close), and messages with
 *   one of its pass-through party IDs;
 * - messages without a call reference (SetRinger, SetLamp, StartTone, OffHook in older versions...) between those,
 *   and runs of them just before (the key press that started the call; each within 10 s of the next) and just
 *   after (the clean-up after on-hook; each within 2 s of the one before). Keepalives and configuration messages
 *   never count; a registration message or another call's reference ends a run.
 */
import { messageById } from '../../core/sccp/catalog';
import type { MessageGroup } from '../../core/sccp/catalog/types';
import { findField } from '../../core/sccp/decode';
import type { CallDoc, CallsDocument, LegDoc, MessageRef } from '../../core/analysis/document';
import type { SccpMessage } from '../../core/sccp/message';

/** Never part of a call, but a call goes on around them (keepalives, configuration queries). */
const SKIPPED: ReadonlySet<MessageGroup> = new Set(['keepalive', 'configuration', 'spcp']);
/** Never part of a call, and no call spans them. */
const BARRIERS: ReadonlySet<MessageGroup> = new Set(['registration']);
const LEAD_GAP_SECONDS = 10;
const TRAIL_GAP_SECONDS = 2;

export interface CallMessage {
  /** Index into the model's messages. */
  index: number;
  /** Index of the leg in the call's legs. */
  leg: number;
}

function numField(m: SccpMessage, name: string): number | undefined {
  const f = findField(m.fields, name);
  return f && typeof f.value === 'number' ? f.value : undefined;
}

function seconds(m: SccpMessage): number {
  return m.tsSec + m.tsNsec / 1e9;
}

/** Message indexes per TCP stream, in stream order (the order they completed). */
export function messagesByStream(messages: readonly SccpMessage[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  messages.forEach((m, i) => {
    let list = out.get(m.stream);
    if (!list) out.set(m.stream, (list = []));
    list.push(i);
  });
  return out;
}

function refKeys(leg: LegDoc): Set<string> {
  const keys = new Set<string>();
  const add = (r: MessageRef | null | undefined) => {
    if (r) keys.add(`${r.frame}/${r.message}`);
  };
  for (const media of leg.media) {
    add(media.request);
    add(media.endpointMessage);
    add(media.acknowledged);
    if (media.closed?.frame != null && media.closed.message) keys.add(`${media.closed.frame}/${media.closed.message}`);
  }
  return keys;
}

/**
 * The messages of one leg: positions in `list` (the station connection's messages, as indexes into `messages`), in
 * order. The run before the leg stays after position `floor` (the last message of the station's previous legs).
 */
export function legPositions(messages: readonly SccpMessage[], list: readonly number[], leg: LegDoc, floor = -1): number[] {
  const refs = refKeys(leg);
  const ptids = new Set(leg.media.map((x) => x.passThroughPartyId).filter((v): v is number => v !== null && v !== 0));
  const claimed = new Array<boolean>(list.length).fill(false);
  /** own: belongs; neutral: no call reference, may belong; skip: never belongs; stop: belongs to something else. */
  const kind = list.map((mi) => {
    const m = messages[mi]!;
    if (refs.has(`${m.frame}/${m.name}`)) return 'own';
    const def = messageById(m.id);
    if (def && SKIPPED.has(def.group)) return 'skip';
    if (def && BARRIERS.has(def.group)) return 'stop';
    const ptid = numField(m, 'passThroughPartyId') ?? numField(m, 'passthruPartyID');
    if (ptid !== undefined && ptids.has(ptid) && m.frame >= leg.start.frame) return 'own';
    const ref = numField(m, 'callReference');
    if (ref === undefined || ref === 0) return 'neutral';
    return ref === leg.callReference && m.frame >= leg.start.frame ? 'own' : 'stop';
  });
  let first = -1;
  let last = -1;
  kind.forEach((k, pos) => {
    if (k !== 'own') return;
    claimed[pos] = true;
    if (first < 0) first = pos;
    last = pos;
  });
  if (first < 0) return [];
  for (let pos = first + 1; pos < last; pos++) if (kind[pos] === 'neutral') claimed[pos] = true;
  const at = (pos: number) => seconds(messages[list[pos]!]!);
  // Runs of messages without a call reference just before and after, each within a few seconds of the next.
  for (let pos = first - 1, edge = first; pos > floor && kind[pos] !== 'stop'; pos--) {
    if (kind[pos] === 'skip') continue;
    if (at(edge) - at(pos) > LEAD_GAP_SECONDS) break;
    claimed[pos] = true;
    edge = pos;
  }
  for (let pos = last + 1, edge = last; pos < list.length && kind[pos] !== 'stop'; pos++) {
    if (kind[pos] === 'skip') continue;
    // After the call, what the station says (a key, off-hook) starts something new.
    if (messages[list[pos]!]!.direction === 'station-to-callmanager') break;
    if (at(pos) - at(edge) > TRAIL_GAP_SECONDS) break;
    claimed[pos] = true;
    edge = pos;
  }
  const out: number[] = [];
  claimed.forEach((c, pos) => {
    if (c) out.push(pos);
  });
  return out;
}

/** The messages of every leg of the document (indexes into `messages`, in stream order). */
export function allLegMessages(messages: readonly SccpMessage[], doc: CallsDocument, byStream = messagesByStream(messages)): Map<LegDoc, number[]> {
  const out = new Map<LegDoc, number[]>();
  const legsOf = new Map<string, LegDoc[]>();
  for (const call of doc.calls) for (const leg of call.legs) legsOf.set(leg.station, [...(legsOf.get(leg.station) ?? []), leg]);
  for (const station of doc.stations) {
    const list = byStream.get(station.stream) ?? [];
    const legs = [...(legsOf.get(station.id) ?? [])].sort((a, b) => a.start.frame - b.start.frame);
    let floor = -1;
    for (const leg of legs) {
      const positions = legPositions(messages, list, leg, floor);
      out.set(leg, positions.map((p) => list[p]!));
      if (positions.length) floor = Math.max(floor, positions[positions.length - 1]!);
    }
  }
  return out;
}

/** The messages of a call (all its legs), in capture order (frame, then completion order). */
export function callMessages(messages: readonly SccpMessage[], doc: CallsDocument, call: CallDoc, legMessages = allLegMessages(messages, doc)): CallMessage[] {
  const seen = new Map<number, number>();
  call.legs.forEach((leg, li) => {
    for (const i of legMessages.get(leg) ?? []) if (!seen.has(i)) seen.set(i, li);
  });
  return [...seen].map(([index, leg]) => ({ index, leg })).sort((a, b) => messages[a.index]!.frame - messages[b.index]!.frame || a.index - b.index);
}

/** For every message of any call: which call and leg it belongs to (the first call that claims it). */
export function callOfMessages(messages: readonly SccpMessage[], doc: CallsDocument): Map<number, { call: number; leg: number }> {
  const legMessages = allLegMessages(messages, doc);
  const out = new Map<number, { call: number; leg: number }>();
  doc.calls.forEach((call, ci) => {
    for (const cm of callMessages(messages, doc, call, legMessages)) if (!out.has(cm.index)) out.set(cm.index, { call: ci, leg: cm.leg });
  });
  return out;
}
