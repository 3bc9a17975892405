/** Finding a call's messages again from the calls document, on real captures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageById } from '../../../src/core/sccp/catalog';
import { findField } from '../../../src/core/sccp/decode';
import { allLegMessages, callMessages, callOfMessages } from '../../../src/extension/callflow/call-messages';
import { decodeFixture } from './fixture';

function callReference(fields: Parameters<typeof findField>[0]): number | undefined {
  const f = findField(fields, 'callReference');
  return f && typeof f.value === 'number' ? f.value : undefined;
}

test('skinny-call-rtp: each leg holds exactly the messages the document counts for it, plus the ones without a reference', () => {
  const { messages, calls } = decodeFixture('skinny-call-rtp.pcap');
  assert.equal(calls.calls.length, 1);
  const call = calls.calls[0]!;
  const legs = allLegMessages(messages, calls);
  for (const leg of call.legs) {
    const stream = calls.stations.find((s) => s.id === leg.station)!.stream;
    const mine = legs.get(leg)!;
    assert.ok(mine.every((i) => messages[i]!.stream === stream), 'on the station connection only');
    // The analyzer counts the messages that carry the leg's call reference; so must we find them all.
    const withRef = mine.filter((i) => callReference(messages[i]!.fields) === leg.callReference);
    assert.equal(withRef.length, leg.messages, `leg ${leg.station}/${leg.callReference}`);
    const allWithRef = messages.filter((m) => m.stream === stream && callReference(m.fields) === leg.callReference);
    assert.equal(withRef.length, allWithRef.length);
    // And the media messages the document names for the leg.
    for (const media of leg.media) {
      for (const ref of [media.request, media.endpointMessage, media.acknowledged]) {
        if (ref) assert.ok(mine.some((i) => messages[i]!.frame === ref.frame && messages[i]!.name === ref.message), `${ref.message} at ${ref.frame}`);
      }
    }
  }
  const all = callMessages(messages, calls, call);
  // One call in the capture, and all its SCCP messages belong to it: the Redial key press (frame 1) started it.
  assert.equal(all.length, messages.length);
  assert.equal(messages[all[0]!.index]!.name, 'SoftKeyEvent');
  assert.equal(call.legs[all[0]!.leg]!.station, 'S1');
  const frames = all.map((cm) => messages[cm.index]!.frame);
  assert.deepEqual(frames, [...frames].sort((a, b) => a - b), 'in frame order');
});

test('two calls on one station do not share messages; keepalives and registration never belong to a call', () => {
  for (const name of ['modem_sccp_passthru_nse_tgw.pcapng', 'pyskinny-cm4-register-call-to-7912.pcapng', 'sccp_dtmf_oob.pcapng', 'sccp_hw_conf.pcapng']) {
    const { messages, calls } = decodeFixture(name);
    assert.ok(calls.calls.length > 0, name);
    const owner = new Map<number, string>();
    for (const call of calls.calls) {
      const list = callMessages(messages, calls, call);
      assert.ok(list.length > 0, `${name} ${call.id}`);
      for (const { index } of list) {
        assert.ok(!owner.has(index), `${name}: message ${index} in ${owner.get(index)} and ${call.id}`);
        owner.set(index, call.id);
        const group = messageById(messages[index]!.id)?.group;
        assert.ok(group !== 'keepalive' && group !== 'registration', `${name}: ${messages[index]!.name} in ${call.id}`);
      }
    }
    const map = callOfMessages(messages, calls);
    assert.equal(map.size, owner.size);
    for (const [index, where] of map) assert.equal(calls.calls[where.call]!.id, owner.get(index));
  }
  // modem: the second call starts with the station's own key press after the first call's clean-up.
  const { messages, calls } = decodeFixture('modem_sccp_passthru_nse_tgw.pcapng');
  const [c1, c2] = [callMessages(messages, calls, calls.calls[0]!), callMessages(messages, calls, calls.calls[1]!)];
  const lastOf1 = messages[c1[c1.length - 1]!.index]!;
  const firstOf2 = messages[c2[0]!.index]!;
  assert.ok(lastOf1.frame < firstOf2.frame);
  assert.equal(firstOf2.direction, 'station-to-callmanager');
  assert.equal(firstOf2.name, 'SoftKeyEvent');
});
