/** The call-flow diagram of a real call: columns, one arrow per message of the call, RTP arrows, times. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callMessages } from '../../../src/extension/callflow/call-messages';
import { GEOMETRY, layoutCallFlow } from '../../../src/extension/callflow/layout';
import { decodeFixture } from './fixture';

test('skinny-call-rtp: caller, CallManager, callee; an arrow per message in the right direction', () => {
  const { messages, calls } = decodeFixture('skinny-call-rtp.pcap');
  const call = calls.calls[0]!;
  const members = callMessages(messages, calls, call);
  const layout = layoutCallFlow(messages, calls, call);
  assert.equal(layout.title, 'C1: 321 RIX Meeting Room → 307 Ervins Gailiss');
  // The calling station (its leg is OutBoundCall) on the left, as Phone1 in figure 82.
  const caller = call.legs.find((l) => l.callType?.name === 'OutBoundCall')!;
  const callee = call.legs.find((l) => l !== caller)!;
  const station = (id: string) => calls.stations.find((s) => s.id === id)!;
  // Both phones also send RTP to 192.168.193.24, which is no station of the call: a media column on the right.
  assert.deepEqual(layout.columns.map((c) => c.id), [`station:${caller.station}`, 'cm:192.168.193.12:2000', `station:${callee.station}`, 'media:192.168.193.24']);
  assert.deepEqual(layout.columns.map((c) => c.detail), [`${station(caller.station).ip}:${station(caller.station).port} · 321`, '192.168.193.12:2000', `${station(callee.station).ip}:${station(callee.station).port} · 307`, '192.168.193.24']);
  for (let i = 1; i < layout.columns.length; i++) assert.equal(layout.columns[i]!.x - layout.columns[i - 1]!.x, GEOMETRY.columnWidth);
  assert.ok(layout.width >= layout.columns[3]!.x + GEOMETRY.margin);

  const msgArrows = layout.arrows.filter((a) => a.kind === 'message');
  assert.equal(msgArrows.length, members.length);
  assert.deepEqual(msgArrows.map((a) => a.messageIndex).sort((a, b) => a! - b!), members.map((m) => m.index).sort((a, b) => a - b));
  for (const a of msgArrows) {
    const m = messages[a.messageIndex!]!;
    assert.equal(a.label, m.name);
    assert.equal(a.frame, m.frame);
    const stationCol = layout.columns.findIndex((c) => c.kind === 'station' && station(c.id.slice(8)).stream === m.stream);
    const [from, to] = m.direction === 'station-to-callmanager' ? [stationCol, 1] : [1, stationCol];
    assert.deepEqual([a.from, a.to], [from, to], `${m.name} frame ${m.frame}`);
  }
  // Top to bottom in capture order.
  for (let i = 1; i < layout.arrows.length; i++) {
    assert.ok(layout.arrows[i]!.y > layout.arrows[i - 1]!.y);
    assert.ok(layout.arrows[i]!.frame >= layout.arrows[i - 1]!.frame);
  }
  assert.ok(layout.height > layout.arrows[layout.arrows.length - 1]!.y);
  // Times on the calls document's clock: the CallState that answered the call.
  const answered = msgArrows.find((a) => a.frame === call.answer!.frame)!;
  assert.equal(answered.time, `${call.answer!.t.toFixed(6)} s`);
  assert.equal(msgArrows[0]!.time, '0.000000 s');

  // One dashed arrow per RTP stream seen for the call, between the two phones.
  const rtpIds = new Set(call.legs.flatMap((l) => l.media.flatMap((m) => m.rtp.map((r) => r.id))));
  const rtpArrows = layout.arrows.filter((a) => a.kind === 'rtp');
  assert.ok(rtpIds.size > 0);
  assert.equal(rtpArrows.length, rtpIds.size);
  for (const a of rtpArrows) {
    assert.notEqual(a.from, 1);
    assert.notEqual(a.to, 1);
    assert.equal(a.messageIndex, undefined);
  }
});

test('a call of one station: the station and the CallManager only', () => {
  const { messages, calls } = decodeFixture('sccp_inbound_call.pcapng');
  const call = calls.calls[0]!;
  const layout = layoutCallFlow(messages, calls, call);
  assert.equal(layout.columns.length, 2);
  assert.deepEqual(layout.columns.map((c) => c.kind), ['station', 'callmanager']);
  assert.equal(layout.arrows.filter((a) => a.kind === 'message').length, callMessages(messages, calls, call).length);
});

test('capture text in labels: clipped to fit, control characters shown escaped, never markup', () => {
  const { messages, calls } = decodeFixture('hostile-names.pcap');
  const layout = layoutCallFlow(messages, calls, calls.calls[0]!);
  const station = layout.columns.find((c) => c.kind === 'station')!;
  assert.ok([...station.label].length <= 26);
  assert.ok([...layout.title].length <= 3 + 2 * 80 + 3 + 4);
  assert.ok(layout.title.endsWith('…'));
  // The layout carries text only; the webview puts it in with textContent. No control characters get through.
  for (const text of [layout.title, ...layout.columns.flatMap((c) => [c.label, c.detail]), ...layout.arrows.map((a) => a.description)]) {
    assert.doesNotMatch(text, /[\x00-\x1f\x7f]/);
  }
});
