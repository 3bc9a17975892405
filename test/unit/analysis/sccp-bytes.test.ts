/**
 * The test builders write the layouts the catalog reads: every built message decodes cleanly, to the values it was
 * built with (so the analysis tests really feed the analyzer the messages they say).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, findField } from '../../../src/core/sccp/decode';
import { msg, rtcp, rtp } from './sccp-bytes';
import { parseMediaDatagram } from '../../../src/core/analysis/rtp';

function decoded(bytes: Uint8Array, name: string, values: Record<string, number | string>): void {
  const m = decodeMessage(bytes);
  assert.equal(m.name, name);
  assert.deepEqual(m.problems, [], `${name}: ${m.problems.map((p) => p.message).join('; ')}`);
  for (const [field, want] of Object.entries(values)) assert.equal(findField(m.fields, field)?.value, want, `${name}.${field}`);
}

test('registration and keepalive messages decode to what they were built with', () => {
  decoded(msg.registerReq('SEP00112233AABB', '10.1.1.5', { protocolVer: 11 }), 'RegisterReq', { DeviceName: 'SEP00112233AABB', stationIpAddr: '10.1.1.5', protocolVer: 11, deviceType: 30007 });
  decoded(msg.registerAck(45), 'RegisterAck', { keepAliveInterval: 45, secondaryKeepAliveInterval: 60, maxProtocolVer: 11 });
  decoded(msg.registerReject('Unknown device'), 'RegisterReject', { text: 'Unknown device' });
  decoded(msg.unregisterReq(), 'UnregisterReq', {});
  decoded(msg.unregisterAck(), 'UnregisterAck', { status: 0 });
  decoded(msg.keepAliveReq(), 'KeepAliveReq', {});
  decoded(msg.keepAliveAck(), 'KeepAliveAck', {});
  decoded(msg.lineStatReq(3), 'LineStatReq', { lineNumber: 3 });
  decoded(msg.lineStatRes(3, '1001'), 'LineStatRes', { lineNumber: 3, lineDirNumber: '1001' });
  decoded(msg.forwardStatReq(2), 'ForwardStatReq', { lineNumber: 2 });
  decoded(msg.forwardStatRes(2), 'ForwardStatRes', { lineNumber: 2 });
});

test('call-control messages decode to what they were built with', () => {
  decoded(msg.callState(5, 777), 'CallState', { callState: 5, callReference: 777, lineInstance: 1 });
  decoded(msg.callInfo({ callingParty: '1001', callingPartyName: 'Alice', calledParty: '1002', calledPartyName: 'Bob', callType: 2, callReference: 777 }), 'CallInfo', {
    callingParty: '1001',
    callingPartyName: 'Alice',
    calledParty: '1002',
    calledPartyName: 'Bob',
    callType: 2,
    callReference: 777,
    callInstance: 1,
  });
  decoded(msg.dialedNumber('1002', 777), 'DialedNumber', { dialedNumber: '1002', callReference: 777 });
  decoded(msg.keypadButton(15, 1, 777), 'KeypadButton', { kpButton: 15, callReference: 777 });
  decoded(msg.offHook(), 'OffHook', {});
  decoded(msg.onHook(), 'OnHook', {});
});

test('media messages decode to what they were built with', () => {
  const ids = { conferenceId: 77, passThroughPartyId: 9001, callReference: 777 };
  decoded(msg.openReceiveChannel({ ...ids, srtp: { algorithmID: 1, key: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], salt: [1, 2, 3] } }), 'OpenReceiveChannel', {
    ...ids,
    compressionType: 4,
    algorithmID: 1,
    keylen: 16,
    saltlen: 3,
    dtmfType: 0,
  });
  decoded(msg.openReceiveChannelAck({ ip: '10.1.1.5', port: 20000, passThroughPartyId: 9001, callReference: 777 }), 'OpenReceiveChannelAck', {
    ipAddr: '10.1.1.5',
    portNumber: 20000,
    passThroughPartyId: 9001,
    callReference: 777,
  });
  decoded(msg.startMediaTransmission({ ...ids, ip: '10.1.1.6', port: 30000 }), 'StartMediaTransmission', { ...ids, remoteIpAddr: '10.1.1.6', remotePortNumber: 30000, algorithmID: 0 });
  decoded(msg.startMediaTransmissionAck({ ...ids, ip: '10.1.1.5', port: 20000 }), 'StartMediaTransmissionAck', { ...ids, transmitIpAddr: '10.1.1.5', portNumber: 20000 });
  decoded(msg.closeReceiveChannel(ids), 'CloseReceiveChannel', ids);
  decoded(msg.startMulticastMediaReception({ ...ids, ip: '239.1.1.1', port: 4000 }), 'StartMulticastMediaReception', { ...ids, multicastIpAddr: '239.1.1.1', multicastPortNumber: 4000 });
  decoded(msg.stopMulticastMediaReception(ids), 'StopMulticastMediaReception', ids);
  decoded(msg.stopMediaTransmission(ids), 'StopMediaTransmission', ids);
});

test('built RTP and RTCP read as such', () => {
  const r = parseMediaDatagram(rtp({ sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payloadType: 8, marker: true }));
  assert.deepEqual(r, { kind: 'rtp', rtp: { marker: true, payloadType: 8, sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, headerLength: 12 } });
  assert.deepEqual(parseMediaDatagram(rtcp(0x01020304)), { kind: 'rtcp', rtcp: { packetTypes: [201, 203], ssrc: 0x01020304 } });
});
