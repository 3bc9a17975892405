/**
 * The ALG findings on built captures: each appears exactly when the capture has what it reports (naming the frame
 * and the message), and not in the control capture, which is the same call without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SccpSession } from '../../../src/core/session';
import type { CallsDocument } from '../../../src/core/analysis';
import { CaptureBuilder } from './capture-builder';
import { A, abandonedCall, B, callCapture, register } from './scenario';
import { msg } from './sccp-bytes';

/** Frames of the SCCP messages of this name, as the session decodes the built capture. */
function framesOf(b: CaptureBuilder, name: string): number[] {
  const frames: number[] = [];
  const session = new SccpSession({ message: (m) => (m.name === name ? frames.push(m.frame) : undefined), problem: () => undefined });
  for (const p of b.build()) session.packet(p);
  session.finish();
  return frames;
}

/** Nothing in the ALG view or the diagnostics: what the control captures must show. */
function assertClean(d: CallsDocument): void {
  assert.deepEqual(d.alg.nat, []);
  assert.deepEqual(d.alg.mediaOutsidePinholes, []);
  assert.deepEqual(d.alg.splitMessages, []);
  assert.deepEqual(d.alg.floods, []);
  assert.deepEqual(d.alg.unknownMessages, []);
  assert.deepEqual(d.diagnostics.unansweredRequests, []);
  assert.deepEqual(d.diagnostics.unsolicitedResponses, []);
  assert.deepEqual(d.diagnostics.srtpKeysInClear, []);
  assert.deepEqual(d.diagnostics.decodeProblems, []);
  assert.deepEqual(d.diagnostics.captureProblems, []);
  for (const c of d.calls) assert.deepEqual(c.problems, [], `${c.id} has problems`);
}

test('the control call: two registered phones, one call with media both ways, no finding', () => {
  const b = callCapture();
  const d = b.analyze();
  assertClean(d);
  assert.deepEqual(
    d.stations.map((s) => [s.deviceName, s.ip, s.registered, s.registrations.map((r) => r.result)]),
    [
      [A.name, A.ip, true, ['registered']],
      [B.name, B.ip, true, ['registered']],
    ],
  );
  assert.equal(d.calls.length, 1);
  const c = d.calls[0]!;
  assert.deepEqual([c.callingParty, c.calledParty, c.endReason, c.legs.length], [A.number, B.number, 'completed', 2]);
  assert.ok(c.tiedBy.includes('media'));
  assert.equal(c.start.frame, framesOf(b, 'CallState')[0]);
  const [a, bb] = c.legs;
  assert.deepEqual(a!.states.map((s) => s.name), ['OffHook', 'Proceed', 'RingOut', 'Connected', 'OnHook']);
  assert.deepEqual(bb!.states.map((s) => s.name), ['RingIn', 'Connected', 'OnHook']);
  assert.equal(a!.keypadDigits, '1002');
  // Each direction of media: A's receive leg and B's transmit leg carry the same observed stream.
  const rx = a!.media.find((m) => m.direction === 'receive')!;
  const tx = bb!.media.find((m) => m.direction === 'transmit')!;
  assert.deepEqual(rx.endpoint, { ip: A.ip, port: A.rtpPort });
  assert.deepEqual(tx.endpoint, { ip: A.ip, port: A.rtpPort });
  assert.equal(rx.rtp.length, 1);
  assert.deepEqual([rx.rtp[0]!.src, rx.rtp[0]!.dst, rx.rtp[0]!.packets, rx.rtp[0]!.lost, rx.rtp[0]!.ssrc], [B.ip, A.ip, 5, 0, '0xBBBB0001']);
  assert.equal(tx.rtp[0]!.id, rx.rtp[0]!.id);
  // Four pinholes (a receive and a transmit per phone), each closed by its message.
  assert.deepEqual(
    d.alg.pinholes.map((p) => [p.kind, p.closed?.message]),
    [
      ['receive', 'CloseReceiveChannel'],
      ['receive', 'CloseReceiveChannel'],
      ['transmit', 'StopMediaTransmission'],
      ['transmit', 'StopMediaTransmission'],
    ],
  );
  // RegisterReq and OpenReceiveChannel of each phone answered; these phones send no StartMediaTransmissionAck.
  assert.deepEqual(d.statistics.pairs, { matched: 4, unansweredRequests: 0, unsolicitedResponses: 0 });
});

test('NAT: an embedded address other than the connection address is reported, with its frame and message', () => {
  const b = callCapture({ aEmbeddedIp: '192.168.1.10' });
  const d = b.analyze();
  const ack = framesOf(b, 'OpenReceiveChannelAck')[0]!;
  assert.deepEqual(
    d.alg.nat.map((n) => [n.station, n.message, n.field, n.embedded, n.transport, n.frame]),
    [['S1', 'OpenReceiveChannelAck', 'ipAddr', '192.168.1.10', A.ip, ack]],
  );
  assert.deepEqual(
    d.calls[0]!.problems.map((p) => [p.code, p.frame, p.message]),
    [['nat-mismatch', ack, 'OpenReceiveChannelAck']],
  );
  // The receive pinhole names the station's real address too, so the media B sends there is inside it.
  const p = d.alg.pinholes.find((x) => x.kind === 'receive' && x.station === 'S1')!;
  assert.deepEqual(p.translatedTo, { ip: A.ip, port: A.rtpPort });
  assert.deepEqual(d.alg.mediaOutsidePinholes, []);
  // A RegisterReq that embeds another address is a mismatch too.
  const r = new CaptureBuilder();
  const s = r.station('10.9.9.9');
  r.fromStation(s, msg.registerReq('SEP000000000009', '172.16.0.9')).wait(2).toStation(s, msg.registerAck());
  assert.deepEqual(
    r.analyze().alg.nat.map((n) => [n.message, n.field, n.embedded, n.transport, n.frame]),
    [['RegisterReq', 'stationIpAddr', '172.16.0.9', '10.9.9.9', framesOf(r, 'RegisterReq')[0]]],
  );
});

test('media outside pinholes: RTP before the receive channel opened and after it closed, counted per run', () => {
  const b = callCapture({ rtpBeforeOpen: 3, rtpAfterClose: 2 });
  const d = b.analyze();
  const out = d.alg.mediaOutsidePinholes.map((o) => [o.reason, o.src, o.dst, o.dstPort, o.packets, o.call]);
  assert.deepEqual(out, [
    ['before-open', B.ip, A.ip, A.rtpPort, 3, 'C1'],
    ['after-close', B.ip, A.ip, A.rtpPort, 2, 'C1'],
  ]);
  const close = framesOf(b, 'CloseReceiveChannel')[0]!;
  const after = d.alg.mediaOutsidePinholes[1]!;
  assert.ok(after.first.frame > close, 'the first packet after the close comes after the CloseReceiveChannel');
  // The pinhole it would have used: A's receive pinhole or B's transmit pinhole, both closed before it.
  const used = d.alg.pinholes.find((p) => p.id === after.pinhole)!;
  assert.deepEqual(used.to, { ip: A.ip, port: A.rtpPort });
  assert.ok(used.closed!.frame! < after.first.frame);
  // The stream is one (same SSRC): 10 packets, 5 inside, 5 outside.
  const s = d.calls[0]!.legs[0]!.media.find((m) => m.direction === 'receive')!.rtp[0]!;
  assert.deepEqual([s.packets, s.insidePinholes, s.outsidePinholes, s.lost], [10, 5, 5, 0]);
  assert.deepEqual(
    d.calls[0]!.problems.map((p) => [p.code, p.message]),
    [
      ['media-outside-pinhole', 'RTP'],
      ['media-outside-pinhole', 'RTP'],
    ],
  );
});

test('inactive media: a pause longer than the timeout closes the pinholes, and the media after it is outside', () => {
  const quiet = callCapture({ pauseMs: 3000, packets: 6 }).analyze({ inactiveMediaTimeoutSeconds: 2 });
  assert.ok(quiet.alg.pinholes.every((p) => p.closed?.reason === 'inactive-media' && p.closed.frame === null));
  assert.deepEqual(
    [...new Set(quiet.alg.mediaOutsidePinholes.map((o) => [o.reason, o.packets].join(' ')))],
    ['after-inactive-timeout 3'],
  );
  // Just under the timeout: nothing.
  const short = callCapture({ pauseMs: 1900, packets: 6 }).analyze({ inactiveMediaTimeoutSeconds: 2 });
  assert.deepEqual(short.alg.mediaOutsidePinholes, []);
  assert.ok(short.alg.pinholes.every((p) => p.closed?.reason !== 'inactive-media'));
});

test('split message: an SCCP message cut across TCP segments is listed with its frames; whole ones are not', () => {
  const b = callCapture({ splitAck: true });
  const d = b.analyze();
  const ack = framesOf(b, 'OpenReceiveChannelAck')[0]!;
  assert.deepEqual(
    d.alg.splitMessages.map((s) => [s.station, s.message, s.frame, s.frames]),
    [['S1', 'OpenReceiveChannelAck', ack, [ack - 1, ack]]],
  );
  // The split changed nothing else: the call is the control's (one frame later from the extra segment on).
  const shape = (x: CallsDocument) => JSON.stringify(x.calls, (k, v) => (k === 'frame' || k === 't' || k === 'time' ? undefined : v));
  assert.equal(shape(d), shape(callCapture().analyze()));
});

test('SRTP key material in clear in OpenReceiveChannel is reported with its frame, algorithm and key sizes', () => {
  const key = Array.from({ length: 16 }, (_, i) => i + 1);
  const salt = Array.from({ length: 14 }, (_, i) => 0xa0 + i);
  const b = callCapture({ srtp: { algorithmID: 1, key, salt } });
  const d = b.analyze();
  const orc = framesOf(b, 'OpenReceiveChannel')[0]!;
  assert.deepEqual(
    d.diagnostics.srtpKeysInClear.map((s) => [s.station, s.call, s.message, s.frame, s.algorithmID.value, s.keylen, s.saltlen]),
    [['S1', 'C1', 'OpenReceiveChannel', orc, 1, 16, 14]],
  );
  assert.deepEqual(
    d.calls[0]!.problems.map((p) => [p.code, p.frame, p.message]),
    [['srtp-key-in-clear', orc, 'OpenReceiveChannel']],
  );
  // The key itself is never copied into the document.
  assert.ok(!JSON.stringify(d).includes('"key"'));
});

test('unanswered request: an OpenReceiveChannel with no ack is listed with its frame and the responses it expected', () => {
  const b = callCapture({ noAckFromA: true });
  const d = b.analyze();
  const orc = framesOf(b, 'OpenReceiveChannel')[0]!;
  assert.deepEqual(
    d.diagnostics.unansweredRequests.map((u) => [u.station, u.message, u.frame, u.expected]),
    [['S1', 'OpenReceiveChannel', orc, ['OpenReceiveChannelAck']]],
  );
  assert.ok(d.calls[0]!.problems.some((p) => p.code === 'unanswered-request' && p.frame === orc && p.message === 'OpenReceiveChannel'));
  assert.equal(d.statistics.pairs.unansweredRequests, 1);
});

test('StartMediaTransmission without an ack is unanswered only from stations that send StartMediaTransmissionAck', () => {
  const ids = { conferenceId: 1, passThroughPartyId: 77, callReference: 300, ip: B.ip, port: B.rtpPort };
  const old = new CaptureBuilder();
  const s = old.station(A.ip);
  old.toStation(s, msg.startMediaTransmission(ids));
  assert.deepEqual(old.analyze().diagnostics.unansweredRequests, []);

  const acking = new CaptureBuilder();
  const t = acking.station(A.ip);
  acking.toStation(t, msg.startMediaTransmission({ ...ids, passThroughPartyId: 76 })).wait(5);
  acking.fromStation(t, msg.startMediaTransmissionAck({ ...ids, passThroughPartyId: 76, ip: A.ip, port: A.rtpPort })).wait(5);
  acking.toStation(t, msg.startMediaTransmission(ids));
  const frames = framesOf(acking, 'StartMediaTransmission');
  assert.deepEqual(
    acking.analyze().diagnostics.unansweredRequests.map((u) => [u.message, u.frame]),
    [['StartMediaTransmission', frames[1]]],
  );
});

test('responses without a request, and the response-time table of the pairs matched', () => {
  const b = new CaptureBuilder();
  const s = b.station(A.ip);
  b.toStation(s, msg.keepAliveAck()).wait(1000); // no request before it
  b.fromStation(s, msg.keepAliveReq()).wait(7).toStation(s, msg.keepAliveAck()).wait(1000);
  b.fromStation(s, msg.keepAliveReq()).wait(3).toStation(s, msg.keepAliveAck());
  const d = b.analyze();
  assert.deepEqual(
    d.diagnostics.unsolicitedResponses.map((u) => [u.station, u.message, u.frame, u.request]),
    [['S1', 'KeepAliveAck', framesOf(b, 'KeepAliveAck')[0], 'KeepAliveReq']],
  );
  assert.deepEqual(d.statistics.responseTimes, [
    { request: 'KeepAliveReq', requestId: 0, response: 'KeepAliveAck', responseId: 0x100, count: 2, minMs: 3, meanMs: 5, maxMs: 7 },
  ]);
  assert.deepEqual(d.statistics.pairs, { matched: 2, unansweredRequests: 0, unsolicitedResponses: 1 });
  assert.deepEqual(d.stations[0]!.keepAlives, { requests: 2, acks: 3 });
});

test('call flood: more calls than the threshold in 60 seconds is a flood; exactly the threshold is not', () => {
  const flood = (calls: number, spacingMs: number) => {
    const b = new CaptureBuilder();
    const s = b.station(A.ip);
    for (let i = 0; i < calls; i++) {
      abandonedCall(b, s, 500 + i);
      b.wait(spacingMs);
    }
    return { b, d: b.analyze({ callFloodPerMinute: 3 }) };
  };
  const over = flood(4, 1000);
  const first = framesOf(over.b, 'CallState');
  assert.deepEqual(
    over.d.alg.floods.map((f) => [f.kind, f.station, f.ip, f.threshold, f.count, f.events, f.first.frame, f.first.message, f.frames.length]),
    [['calls', 'S1', A.ip, 3, 4, 4, first[0], 'CallState', 4]],
  );
  assert.deepEqual(flood(3, 1000).d.alg.floods, []);
  // Four calls, but never more than three inside one 60-second window.
  assert.deepEqual(flood(4, 20_000).d.alg.floods, []);
  // Each of them went off hook and back without dialling: abandoned.
  assert.deepEqual([...new Set(over.d.calls.map((c) => c.endReason))], ['abandoned']);
  // Inbound calls are not the station's doing: the control call's B leg does not count for B.
  assert.deepEqual(callCapture().analyze({ callFloodPerMinute: 1 }).alg.floods, []);
});

test('registration flood: more RegisterReq from one address than the threshold in 60 seconds; at the threshold, none', () => {
  const regs = (n: number) => {
    const b = new CaptureBuilder();
    const s = b.station(A.ip);
    for (let i = 0; i < n; i++) b.fromStation(s, msg.registerReq(A.name, A.ip)).wait(2).toStation(s, msg.registerAck()).wait(500);
    return { b, d: b.analyze({ registrationFloodPerMinute: 3 }) };
  };
  const over = regs(4);
  assert.deepEqual(
    over.d.alg.floods.map((f) => [f.kind, f.station, f.ip, f.count, f.last.message, f.frames]),
    [['registrations', null, A.ip, 4, 'RegisterReq', framesOf(over.b, 'RegisterReq')]],
  );
  assert.equal(over.d.stations[0]!.registrations.length, 4);
  assert.deepEqual(regs(3).d.alg.floods, []);
});

test('message IDs: unknown ones and known ones outside the JUNOS ALG intervals are listed with their frames', () => {
  const b = new CaptureBuilder();
  const s = b.station(A.ip);
  b.fromStation(s, msg.unknown(0x7777)).wait(1);
  b.fromStation(s, msg.startMediaTransmissionAck({ conferenceId: 1, passThroughPartyId: 2, callReference: 3, ip: A.ip, port: 1 }));
  const d = b.analyze();
  assert.deepEqual(
    d.alg.unknownMessages.map((u) => [u.idHex, u.direction, u.count, u.frames]),
    [['0x7777', 'station-to-callmanager', 1, [framesOf(b, d.alg.unknownMessages[0]!.name)[0]]]],
  );
  assert.deepEqual(
    d.alg.outsideJunosIntervals.map((u) => [u.name, u.frames]),
    [['StartMediaTransmissionAck', framesOf(b, 'StartMediaTransmissionAck')]],
  );
  // The control call uses only IDs inside the intervals.
  assert.deepEqual(callCapture().analyze().alg.outsideJunosIntervals, []);
});

test('unregistration ends the station: its calls still up end with it, its pinholes close', () => {
  const b = new CaptureBuilder();
  const st = register(b);
  b.toStation(st.a, msg.callState(1, 900)).wait(5);
  b.toStation(st.a, msg.openReceiveChannel({ conferenceId: 900, passThroughPartyId: 1, callReference: 900 })).wait(2);
  b.fromStation(st.a, msg.openReceiveChannelAck({ ip: A.ip, port: 4000, passThroughPartyId: 1, callReference: 900 })).wait(100);
  b.fromStation(st.a, msg.unregisterReq()).wait(2).toStation(st.a, msg.unregisterAck());
  const d = b.analyze();
  const unreg = framesOf(b, 'UnregisterAck')[0]!;
  assert.equal(d.stations[0]!.registered, false);
  assert.deepEqual(d.stations[0]!.unregistrations.map((u) => [u.request.frame, u.response?.frame]), [[framesOf(b, 'UnregisterReq')[0], unreg]]);
  assert.deepEqual([d.calls[0]!.endReason, d.calls[0]!.end?.frame], ['station-gone', unreg]);
  assert.deepEqual(d.alg.pinholes.map((p) => [p.closed?.frame, p.closed?.reason]), [[unreg, 'station-gone']]);
});
