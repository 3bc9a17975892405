/**
 * Call legs: what one station saw of one call (its call reference), from CallState, CallInfo(V2), DialedNumber and
 * keypad messages. Legs are tied into calls later (see grouping.ts).
 */
import type { SccpMessage } from '../sccp/message';
import type { CallProblemDoc, EndReason, Labelled, StateDoc, TimeRef } from './document';
import { labelled, nonZero, num, text } from './fields';
import type { MediaLegState } from './media';
import type { StationState } from './stations';

export const PARTY_FIELDS = [
  'callingParty',
  'callingPartyName',
  'calledParty',
  'calledPartyName',
  'originalCalledParty',
  'originalCalledPartyName',
  'lastRedirectingParty',
  'lastRedirectingPartyName',
] as const;
export type PartyField = (typeof PARTY_FIELDS)[number];

/** CallState values (Wireshark's DCallState) the call model acts on. */
export const CALL_STATE = { OffHook: 1, OnHook: 2, Connected: 5, Busy: 6, Congestion: 7, InvalidNumber: 14 } as const;
const CALL_TYPE_OUTBOUND = 2;
/** States that show a call got past dialling: RingOut, RingIn, Proceed, Hold, CallWaiting, CallTransfer, ... */
const GOT_SOMEWHERE: ReadonlySet<number> = new Set([3, 4, 8, 9, 10, 11, 12, 13, 15, 16, 17]);

const ID = {
  KeypadButton: 0x0003,
  EnblocCall: 0x0004,
  CallInfo: 0x008f,
  CallState: 0x0111,
  DialedNumber: 0x011d,
  CallInfoV2: 0x014a,
} as const;

/** Messages that start a leg when they name a call reference not seen before on the station. */
const LEG_OPENERS: ReadonlySet<number> = new Set([ID.CallInfo, ID.CallState, ID.DialedNumber, ID.CallInfoV2]);

const KEYPAD: Record<number, string> = { 10: 'A', 11: 'B', 12: 'C', 13: 'D', 14: '*', 15: '#', 16: '+' };

export class LegState {
  lineInstance: number | undefined;
  callInstance: number | undefined;
  callType: Labelled | undefined;
  readonly parties: Partial<Record<PartyField, string>> = {};
  dialedNumber: string | undefined;
  digits = '';
  readonly states: StateDoc[] = [];
  answer: TimeRef | undefined;
  end: TimeRef | undefined;
  /** Set when the station went away (unregistered) while the leg was up. */
  stationGone: TimeRef | undefined;
  messages = 0;
  readonly media: MediaLegState[] = [];
  readonly conferenceIds = new Set<number>();
  readonly problems: CallProblemDoc[] = [];
  /** The call this leg ended up in (assigned when calls are built). */
  callId: string | undefined;

  constructor(
    readonly station: StationState,
    readonly callReference: number,
    readonly start: TimeRef,
    /** The message that opened the leg (CallState, CallInfo, OpenReceiveChannel, ...). */
    readonly opener: string,
  ) {}

  /** The end of the leg: on-hook, the station going away, or (for a leg of media only) its last channel closing. */
  get finish(): TimeRef | undefined {
    if (this.end || this.stationGone) return this.end ?? this.stationGone;
    if (this.states.length > 0 || this.media.length === 0 || !this.media.every((m) => m.closedAt)) return undefined;
    return this.media.map((m) => m.closedAt!).reduce((a, b) => (b.frame > a.frame ? b : a));
  }

  get ended(): boolean {
    return this.finish !== undefined;
  }

  /** Did the station originate this call (what the JUNOS call-flood screen counts)? */
  get originated(): boolean {
    if (this.callType) return this.callType.value === CALL_TYPE_OUTBOUND;
    return this.states[0]?.callState === CALL_STATE.OffHook;
  }

  get endReason(): EndReason {
    if (!this.ended) return 'in-progress';
    if (this.end === undefined) return this.stationGone ? 'station-gone' : 'media-closed';
    if (this.answer) return 'completed';
    const seen = new Set(this.states.map((s) => s.callState));
    if (seen.has(CALL_STATE.Busy)) return 'busy';
    if (seen.has(CALL_STATE.Congestion) || seen.has(CALL_STATE.InvalidNumber)) return 'failed';
    if (![...seen].some((v) => GOT_SOMEWHERE.has(v))) return 'abandoned';
    return 'not-answered';
  }

  /** Lifetime for overlap tests: from the first message to the end (or the end of the capture). */
  span(captureEnd: number): [number, number] {
    return [this.start.t, this.finish?.t ?? captureEnd];
  }
}

export class LegTable {
  private readonly legs = new Map<string, LegState>();
  private readonly byStation = new Map<StationState, LegState[]>();
  /** Digits keyed before the station's next call had a reference. */
  private readonly pendingDigits = new Map<StationState, string>();

  all(): LegState[] {
    return [...this.legs.values()];
  }

  get(station: StationState, callReference: number): LegState | undefined {
    return this.legs.get(`${station.id}/${callReference}`);
  }

  /** The station's leg for this reference, opened now if new. */
  open(station: StationState, callReference: number, at: TimeRef, message: string): LegState {
    const key = `${station.id}/${callReference}`;
    let leg = this.legs.get(key);
    if (!leg) {
      leg = new LegState(station, callReference, at, message);
      this.legs.set(key, leg);
      const mine = this.byStation.get(station);
      if (mine) mine.push(leg);
      else this.byStation.set(station, [leg]);
      const digits = this.pendingDigits.get(station);
      if (digits) {
        leg.digits = digits;
        this.pendingDigits.delete(station);
      }
    }
    return leg;
  }

  /** The leg a message without a call reference belongs to: the station's latest leg still up (on that line). */
  private current(station: StationState, lineInstance: number | undefined): LegState | undefined {
    let best: LegState | undefined;
    for (const leg of this.byStation.get(station) ?? []) {
      if (leg.ended) continue;
      if (lineInstance && leg.lineInstance && leg.lineInstance !== lineInstance) continue;
      best = leg;
    }
    return best;
  }

  message(station: StationState, m: SccpMessage, at: TimeRef): void {
    const callReference = nonZero(num(m, 'callReference'));
    const lineInstance = nonZero(num(m, 'lineInstance'));
    let leg = callReference !== undefined ? this.get(station, callReference) : undefined;
    if (!leg && callReference !== undefined && LEG_OPENERS.has(m.id)) leg = this.open(station, callReference, at, m.name);
    // Early layouts (CallManager 2-3) end CallInfo before its call reference: it speaks of the call under way.
    if (!leg && callReference === undefined && (m.id === ID.CallInfo || m.id === ID.CallInfoV2)) leg = this.current(station, lineInstance);
    if (leg) {
      leg.messages++;
      if (lineInstance !== undefined) leg.lineInstance ??= lineInstance;
    }
    switch (m.id) {
      case ID.CallState:
        if (leg) this.callState(leg, m, at);
        break;
      case ID.CallInfo:
      case ID.CallInfoV2:
        if (leg) callInfo(leg, m);
        break;
      case ID.DialedNumber: {
        const dialed = text(m, 'dialedNumber');
        if (leg && dialed) leg.dialedNumber = dialed;
        break;
      }
      case ID.KeypadButton: {
        const key = num(m, 'kpButton');
        if (key === undefined) break;
        const digit = key <= 9 ? String(key) : (KEYPAD[key] ?? '?');
        const target = leg ?? this.current(station, lineInstance);
        if (target) target.digits += digit;
        else this.pendingDigits.set(station, (this.pendingDigits.get(station) ?? '') + digit);
        break;
      }
      case ID.EnblocCall: {
        const number = text(m, 'calledParty');
        const target = this.current(station, lineInstance);
        if (number && target) target.dialedNumber ??= number;
        break;
      }
    }
  }

  private callState(leg: LegState, m: SccpMessage, at: TimeRef): void {
    const state = labelled(m, 'callState');
    if (!state) return;
    leg.states.push({ frame: at.frame, t: at.t, callState: state.value, name: state.name });
    if (state.value === CALL_STATE.Connected) leg.answer ??= at;
    // The CallManager may bring a reference back after on-hook (a call resumed on the same reference).
    if (state.value === CALL_STATE.OnHook) leg.end ??= at;
    else leg.end = undefined;
  }

  /** The station unregistered: its legs still up end there. */
  stationGone(station: StationState, at: TimeRef): void {
    for (const leg of this.byStation.get(station) ?? []) if (!leg.ended) leg.stationGone = at;
  }
}

function callInfo(leg: LegState, m: SccpMessage): void {
  for (const f of PARTY_FIELDS) {
    const v = text(m, f);
    if (v !== undefined) leg.parties[f] = v;
  }
  leg.callType = labelled(m, 'callType') ?? leg.callType;
  leg.callInstance = num(m, 'callInstance') ?? leg.callInstance;
}
