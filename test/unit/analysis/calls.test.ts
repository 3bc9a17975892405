/** Calls on built captures: how each ends, when legs of two stations are one call, and the times of a call. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureBuilder } from './capture-builder';
import { A, B, register } from './scenario';
import { CALL_TYPE, msg, rtp, STATE } from './sccp-bytes';

/** A calls B (CallInfo on both), B's side goes through `bStates`, A's through `aStates`, with 1 s between steps. */
function call(aStates: number[], bStates: number[], opts: { bRef?: number; gapMs?: number } = {}) {
  const b = new CaptureBuilder();
  const s = register(b);
  const bRef = opts.bRef ?? B.ref;
  const info = (ref: number, callType: number) => msg.callInfo({ callingParty: A.number, calledParty: B.number, callType, callReference: ref });
  b.toStation(s.a, msg.callState(STATE.OffHook, A.ref), info(A.ref, CALL_TYPE.OutBound)).wait(opts.gapMs ?? 1000);
  if (bStates.length) b.toStation(s.b, info(bRef, CALL_TYPE.InBound));
  for (let i = 0; i < Math.max(aStates.length, bStates.length); i++) {
    if (aStates[i] !== undefined) b.toStation(s.a, msg.callState(aStates[i]!, A.ref));
    if (bStates[i] !== undefined) b.toStation(s.b, msg.callState(bStates[i]!, bRef));
    b.wait(1000);
  }
  return b.analyze();
}

test('end reasons: completed, not answered, busy, failed, abandoned, in progress', () => {
  const reason = (a: number[], b: number[]) => call(a, b).calls.map((c) => c.endReason);
  assert.deepEqual(reason([STATE.RingOut, STATE.Connected, STATE.OnHook], [STATE.RingIn, STATE.Connected, STATE.OnHook]), ['completed']);
  assert.deepEqual(reason([STATE.RingOut, STATE.OnHook], [STATE.RingIn, STATE.OnHook]), ['not-answered']);
  assert.deepEqual(reason([STATE.Busy, STATE.OnHook], []), ['busy']);
  assert.deepEqual(reason([14, STATE.OnHook], []), ['failed']); // InvalidNumber
  assert.deepEqual(reason([STATE.OnHook], []), ['abandoned']);
  assert.deepEqual(reason([STATE.RingOut, STATE.Connected], [STATE.RingIn, STATE.Connected]), ['in-progress']);
});

test('times: start at the first message, answer at Connected, end at the last leg on-hook, talk time from the answer', () => {
  const d = call([STATE.RingOut, STATE.Connected, STATE.OnHook], [STATE.RingIn, STATE.Connected, STATE.OnHook]);
  const c = d.calls[0]!;
  // OffHook at t0; RingOut/RingIn +1 s; Connected +2 s; OnHook +3 s.
  assert.equal(c.legs.length, 2);
  assert.equal(c.answer!.t - c.start.t, 2);
  assert.equal(c.durationSeconds, 3);
  assert.equal(c.talkSeconds, 1);
  assert.deepEqual(c.legs[0]!.states.map((s) => [s.name, s.t - c.start.t]), [
    ['OffHook', 0],
    ['RingOut', 1],
    ['Connected', 2],
    ['OnHook', 3],
  ]);
  assert.match(c.start.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('two stations, same parties at the same time: one call of two legs, tied by the parties', () => {
  const c = call([STATE.RingOut, STATE.OnHook], [STATE.RingIn, STATE.OnHook]).calls;
  assert.equal(c.length, 1);
  assert.deepEqual(c[0]!.tiedBy, ['parties']);
  assert.deepEqual(c[0]!.legs.map((l) => [l.station, l.callReference, l.callType?.value]), [
    ['S1', A.ref, CALL_TYPE.OutBound],
    ['S2', B.ref, CALL_TYPE.InBound],
  ]);
});

test('the same parties at different times are two calls', () => {
  const b = new CaptureBuilder();
  const s = register(b);
  const info = (ref: number, t: number) => msg.callInfo({ callingParty: A.number, calledParty: B.number, callType: t, callReference: ref });
  b.toStation(s.a, msg.callState(STATE.OffHook, A.ref), info(A.ref, CALL_TYPE.OutBound)).wait(1000);
  b.toStation(s.a, msg.callState(STATE.OnHook, A.ref)).wait(5000);
  b.toStation(s.b, msg.callState(STATE.RingIn, B.ref), info(B.ref, CALL_TYPE.InBound)).wait(1000);
  b.toStation(s.b, msg.callState(STATE.OnHook, B.ref));
  assert.deepEqual(b.analyze().calls.map((c) => c.legs.length), [1, 1]);
});

test('media pointing at each other ties legs that have no parties', () => {
  const b = new CaptureBuilder();
  const s = register(b);
  const ids = (x: typeof A) => ({ conferenceId: 1, passThroughPartyId: x.ptp, callReference: x.ref });
  b.toStation(s.a, msg.callState(STATE.OffHook, A.ref)).wait(10);
  b.toStation(s.b, msg.callState(STATE.RingIn, B.ref)).wait(10);
  // Different conference IDs for each side, so only the addresses can tie them.
  b.toStation(s.a, msg.openReceiveChannel({ ...ids(A), conferenceId: 11 })).wait(1);
  b.fromStation(s.a, msg.openReceiveChannelAck({ ip: A.ip, port: A.rtpPort, passThroughPartyId: A.ptp })).wait(1);
  b.toStation(s.b, msg.startMediaTransmission({ ...ids(B), conferenceId: 22, ip: A.ip, port: A.rtpPort })).wait(1);
  const c = b.analyze().calls;
  assert.equal(c.length, 1);
  assert.deepEqual(c[0]!.tiedBy, ['media']);
  assert.deepEqual(c[0]!.legs.map((l) => [l.station, l.media.map((m) => m.direction)]), [
    ['S1', ['receive']],
    ['S2', ['transmit']],
  ]);
  // Without the transmit leg pointing at A, they are two calls.
  const apart = new CaptureBuilder();
  const t = register(apart);
  apart.toStation(t.a, msg.callState(STATE.OffHook, A.ref)).wait(10);
  apart.toStation(t.b, msg.callState(STATE.RingIn, B.ref)).wait(10);
  apart.toStation(t.b, msg.startMediaTransmission({ ...ids(B), conferenceId: 22, ip: '10.7.7.7', port: A.rtpPort }));
  assert.equal(apart.analyze().calls.length, 2);
});

test('digits keyed before the call reference is known go to the call that follows', () => {
  const b = new CaptureBuilder();
  const s = register(b);
  b.fromStation(s.a, msg.keypadButton(5, 1, 0), msg.keypadButton(15, 1, 0)).wait(10);
  b.toStation(s.a, msg.callState(STATE.OffHook, 400)).wait(10);
  b.toStation(s.a, msg.dialedNumber('5#', 400));
  const leg = b.analyze().calls[0]!.legs[0]!;
  assert.deepEqual([leg.keypadDigits, leg.dialedNumber], ['5#', '5#']);
});

test('multicast reception: a multicast media leg and pinhole, the group RTP matched to it, closed by the stop', () => {
  const b = new CaptureBuilder();
  const s = register(b);
  const ids = { conferenceId: 5, passThroughPartyId: 6, callReference: 77 };
  b.toStation(s.a, msg.callState(STATE.OffHook, 77)).wait(5);
  b.toStation(s.a, msg.startMulticastMediaReception({ ...ids, ip: '239.1.1.1', port: 4000 })).wait(5);
  for (let i = 0; i < 4; i++) b.udp('10.5.5.5', 6000, '239.1.1.1', 4000, rtp({ sequence: i, timestamp: i * 160, ssrc: 9 })).wait(20);
  b.toStation(s.a, msg.stopMulticastMediaReception(ids)).wait(5);
  b.udp('10.5.5.5', 6000, '239.1.1.1', 4000, rtp({ sequence: 4, timestamp: 640, ssrc: 9 }));
  const d = b.analyze();
  const m = d.calls[0]!.legs[0]!.media[0]!;
  assert.deepEqual([m.direction, m.kind, m.endpoint, m.closed?.message], ['receive', 'multicast', { ip: '239.1.1.1', port: 4000 }, 'StopMulticastMediaReception']);
  assert.deepEqual(m.rtp.map((r) => [r.packets, r.insidePinholes, r.outsidePinholes]), [[5, 4, 1]]);
  assert.deepEqual(d.alg.pinholes.map((p) => [p.kind, p.to, p.closed?.message]), [['multicast-receive', { ip: '239.1.1.1', port: 4000 }, 'StopMulticastMediaReception']]);
  assert.deepEqual(d.alg.mediaOutsidePinholes.map((o) => [o.reason, o.packets]), [['after-close', 1]]);
});

test('RTP no message negotiated is listed as un-negotiated; a lone RTP-looking datagram is not', () => {
  const b = new CaptureBuilder();
  register(b);
  for (let i = 0; i < 3; i++) b.udp('10.8.8.8', 7000, '10.9.9.9', 7002, rtp({ sequence: 100 + i, timestamp: i * 160, ssrc: 0x42 })).wait(20);
  b.udp('10.8.8.8', 7100, '10.9.9.9', 7102, rtp({ sequence: 5, timestamp: 0, ssrc: 0x43 }));
  const d = b.analyze();
  assert.deepEqual(
    d.unnegotiatedRtp.map((r) => [r.src, r.srcPort, r.dst, r.dstPort, r.ssrc, r.packets, r.lost]),
    [['10.8.8.8', 7000, '10.9.9.9', 7002, '0x00000042', 3, 0]],
  );
  assert.deepEqual([d.statistics.media.rtpStreams, d.statistics.media.unnegotiatedRtpStreams], [2, 1]);
  // Not negotiated, so not the SCCP ALG's business: no pinhole finding.
  assert.deepEqual(d.alg.mediaOutsidePinholes, []);
});
