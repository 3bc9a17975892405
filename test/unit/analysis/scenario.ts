/**
 * A basic call between two registered phones, built packet by packet, with knobs for what the ALG tests change: the
 * addresses the phones embed, where and when RTP flows, SRTP keys, whether acknowledgements come, how a message is
 * cut into TCP segments. The defaults make a clean call in which no ALG finding should appear.
 */
import { CaptureBuilder } from './capture-builder';
import { CALL_TYPE, msg, rtp, STATE, type Srtp } from './sccp-bytes';

export const A = { ip: '10.1.1.10', name: 'SEP00000000000A', number: '1001', ref: 100, ptp: 5001, rtpPort: 20000 };
export const B = { ip: '10.1.1.20', name: 'SEP00000000000B', number: '1002', ref: 101, ptp: 5002, rtpPort: 30000 };
const CONFERENCE = 7000;

export interface CallKnobs {
  /** The address phone A gives in its OpenReceiveChannelAck (default its own). */
  aEmbeddedIp?: string;
  /** RTP packets each way while the call is up (default 5). */
  packets?: number;
  /** RTP from B to A sent before A's receive channel is open. */
  rtpBeforeOpen?: number;
  /** RTP from B to A sent after A's receive channel closed. */
  rtpAfterClose?: number;
  /** SRTP key material in A's OpenReceiveChannel. */
  srtp?: Srtp;
  /** Leave A's OpenReceiveChannel unanswered. */
  noAckFromA?: boolean;
  /** Cut A's OpenReceiveChannelAck across two TCP segments. */
  splitAck?: boolean;
  /** A pause in the media (both ways) half-way through, in milliseconds. */
  pauseMs?: number;
}

export interface Stations {
  a: number;
  b: number;
}

/** Both phones connect and register. */
export function register(b: CaptureBuilder): Stations {
  const a = b.station(A.ip);
  const bb = b.station(B.ip);
  b.fromStation(a, msg.registerReq(A.name, A.ip)).wait(2).toStation(a, msg.registerAck(30)).wait(10);
  b.fromStation(bb, msg.registerReq(B.name, B.ip)).wait(2).toStation(bb, msg.registerAck(30)).wait(10);
  return { a, b: bb };
}

function rtpFlow(b: CaptureBuilder, from: typeof A, to: typeof A, toIp: string, count: number, firstSeq: number, ssrc: number): void {
  for (let i = 0; i < count; i++) {
    b.udp(from.ip, from.rtpPort, toIp, to.rtpPort, rtp({ sequence: firstSeq + i, timestamp: (firstSeq + i) * 160, ssrc })).wait(20);
  }
}

/** A calls B; both answer; media both ways; B hangs up. */
export function basicCall(b: CaptureBuilder, s: Stations, k: CallKnobs = {}): void {
  const aIp = k.aEmbeddedIp ?? A.ip;
  const ids = (x: typeof A) => ({ conferenceId: CONFERENCE, passThroughPartyId: x.ptp, callReference: x.ref });
  b.fromStation(s.a, msg.offHook()).wait(5);
  b.toStation(s.a, msg.callState(STATE.OffHook, A.ref)).wait(50);
  for (const d of [1, 0, 0, 2]) b.fromStation(s.a, msg.keypadButton(d, 1, A.ref)).wait(100);
  b.toStation(s.a, msg.callState(STATE.Proceed, A.ref), msg.callInfo({ callingParty: A.number, calledParty: B.number, callType: CALL_TYPE.OutBound, callReference: A.ref })).wait(20);
  b.toStation(s.b, msg.callState(STATE.RingIn, B.ref), msg.callInfo({ callingParty: A.number, calledParty: B.number, callType: CALL_TYPE.InBound, callReference: B.ref })).wait(5);
  b.toStation(s.a, msg.callState(STATE.RingOut, A.ref)).wait(1000);
  b.fromStation(s.b, msg.offHook()).wait(5);
  b.toStation(s.b, msg.callState(STATE.Connected, B.ref)).wait(1);
  b.toStation(s.a, msg.callState(STATE.Connected, A.ref)).wait(5);

  if (k.rtpBeforeOpen) rtpFlow(b, B, A, A.ip, k.rtpBeforeOpen, 1, 0xbbbb0001);
  b.toStation(s.a, msg.openReceiveChannel({ ...ids(A), srtp: k.srtp })).wait(2);
  b.toStation(s.b, msg.openReceiveChannel(ids(B))).wait(2);
  if (!k.noAckFromA) {
    const ack = msg.openReceiveChannelAck({ ip: aIp, port: A.rtpPort, passThroughPartyId: A.ptp, callReference: A.ref });
    if (k.splitAck) b.send(s.a, true, [ack], [10]);
    else b.fromStation(s.a, ack);
    b.wait(2);
  }
  b.fromStation(s.b, msg.openReceiveChannelAck({ ip: B.ip, port: B.rtpPort, passThroughPartyId: B.ptp, callReference: B.ref })).wait(2);
  b.toStation(s.a, msg.startMediaTransmission({ ...ids(A), ip: B.ip, port: B.rtpPort })).wait(2);
  b.toStation(s.b, msg.startMediaTransmission({ ...ids(B), ip: aIp, port: A.rtpPort })).wait(2);

  const n = k.packets ?? 5;
  const seq = 1 + (k.rtpBeforeOpen ?? 0);
  for (let i = 0; i < n; i++) {
    if (k.pauseMs && i === Math.floor(n / 2)) b.wait(k.pauseMs);
    b.udp(A.ip, A.rtpPort, B.ip, B.rtpPort, rtp({ sequence: 1 + i, timestamp: (1 + i) * 160, ssrc: 0xaaaa0001 })).wait(1);
    b.udp(B.ip, B.rtpPort, A.ip, A.rtpPort, rtp({ sequence: seq + i, timestamp: (seq + i) * 160, ssrc: 0xbbbb0001 })).wait(19);
  }

  b.toStation(s.a, msg.closeReceiveChannel(ids(A)), msg.stopMediaTransmission(ids(A))).wait(2);
  b.toStation(s.b, msg.closeReceiveChannel(ids(B)), msg.stopMediaTransmission(ids(B))).wait(2);
  if (k.rtpAfterClose) rtpFlow(b, B, A, A.ip, k.rtpAfterClose, seq + n, 0xbbbb0001);
  b.fromStation(s.b, msg.onHook()).wait(2);
  b.toStation(s.b, msg.callState(STATE.OnHook, B.ref)).wait(2);
  b.toStation(s.a, msg.callState(STATE.OnHook, A.ref)).wait(100);
}

/** One call between the two phones in a fresh capture (its TCP segments cut by `cut`, when given). */
export function callCapture(k: CallKnobs = {}, cut?: (length: number) => number[]): CaptureBuilder {
  const b = new CaptureBuilder();
  b.cut = cut;
  basicCall(b, register(b), k);
  return b;
}

/** A call station `s` originates and abandons before anyone answers (what a call-flood screen counts). */
export function abandonedCall(b: CaptureBuilder, s: number, ref: number): void {
  b.fromStation(s, msg.offHook()).wait(5);
  b.toStation(s, msg.callState(STATE.OffHook, ref), msg.callInfo({ callingParty: A.number, calledParty: B.number, callType: CALL_TYPE.OutBound, callReference: ref })).wait(100);
  b.fromStation(s, msg.onHook()).wait(5);
  b.toStation(s, msg.callState(STATE.OnHook, ref)).wait(5);
}
