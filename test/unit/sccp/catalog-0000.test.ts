/**
 * Messages 0x0000-0x00FF that the capture fixtures do not cover (or cover at one version only): bytes built here,
 * one message per version branch or length condition of the layout, and the decoded fields asserted. Every sample
 * was also checked by hand against tshark 4.0.17 (text2pcap + PDML) while the catalog entries were written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, messageById } from '../../../src/core/sccp/catalog';
import { decodeMessage, findField } from '../../../src/core/sccp/decode';
import type { DecodedBody, FieldNode } from '../../../src/core/sccp/message';

// ---- byte builders ----

type Part = number[];
const u32 = (n: number): Part => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u16 = (n: number): Part => [n & 0xff, (n >>> 8) & 0xff];
const zeros = (n: number): Part => new Array<number>(n).fill(0);
/** ASCII text in a NUL-padded field of `size` bytes. */
const text = (s: string, size: number): Part => [...Array.from(s, (c) => c.charCodeAt(0)), ...zeros(size - s.length)];

/** A whole message: length, header version and ID, then the body. */
export function message(id: number, version: number, ...body: Part[]): Uint8Array {
  const b = body.flat();
  return Uint8Array.from([...u32(b.length + 4), ...u32(version), ...u32(id), ...b]);
}

// ---- lookups ----

function all(nodes: readonly FieldNode[], name: string, out: FieldNode[] = []): FieldNode[] {
  for (const n of nodes) {
    if (n.name === name) out.push(n);
    if (n.children) all(n.children, name, out);
  }
  return out;
}

/** name -> value of the first field with each name, with its offset, for compact assertions. */
function at(m: DecodedBody, name: string): { value: unknown; offset: number; length: number } | undefined {
  const f = findField(m.fields, name);
  return f && { value: f.value, offset: f.offset, length: f.length };
}

function clean(m: DecodedBody): void {
  assert.deepEqual(
    m.problems.map((p) => p.message),
    [],
  );
}

// ---- samples ----

/** StartMediaTransmission, sized for its version: IPv4-or-6 from V17, partyDirection from V15, latentCapsInfo from V21. */
export function startMediaTransmission(version: number, compressionType: number): Uint8Array {
  const remote = version >= 0x11 ? [...u32(0), 192, 0, 2, 7, ...zeros(12)] : [192, 0, 2, 7];
  return message(
    0x008a,
    version,
    u32(11), // conferenceId
    u32(22), // passThroughPartyId
    remote,
    u32(24580), // remotePortNumber
    u32(20), // milliSecondPacketSize
    u32(compressionType),
    u32(0), // precedenceValue
    u32(1), // ssValue
    u16(2), // maxFramesPerPacket
    u16(0), // padding
    [0x01, 0x02, 0x03, 0x04], // g723BitRate (up to V10 / G.723.1) or codecParams
    u32(33), // callReference
    u32(0), // algorithmID
    u16(0), // keylen
    u16(0), // saltlen
    zeros(32), // key and salt areas
    u32(0), // isMKIPresent
    u32(0), // keyDerivationRate
    u32(0), // streamPassThroughId
    u32(0), // associatedStreamId
    u32(101), // RFC2833PayloadType
    u32(0), // dtmfType
    u32(0), // mixingMode
    version >= 0x0f ? u32(3) : [], // partyDirection
    version >= 0x15 ? [...u32(1), ...zeros(32)] : [], // latentCapsInfo: active, then 32 bytes of parameters
  );
}

/** UpdateCapabilities with one service resource (two layouts), one G.711 audio capability and one H.263 video capability. */
export function updateCapabilities(): Uint8Array {
  return message(
    0x0030,
    0x11,
    u32(1), // audioCapCount
    u32(1), // videoCapCount
    u32(0), // dataCapCount
    u32(0), // rtpPayloadFormat
    u32(0), // customPictureFormatCount: no picture formats, nothing skipped
    u32(2), // confResources.activeStreamsOnRegistration
    u32(384), // maxBW
    u32(1), // serviceResourceCount
    u32(2), // layoutCount
    u32(1), // layouts
    u32(2),
    zeros(12), // three unused layouts
    u32(7), // serviceNum
    u32(4), // maxStreams
    u32(1), // maxConferences
    u32(0), // activeConferenceOnRegistration
    zeros(3 * 24), // three unused service resources (Wireshark's 24-byte element size)
    u32(4), // payloadCapability G.711 u-law 64k
    u32(40), // maxFramesPerPacket
    [0, 0, 0, 0], // codecParams
    zeros(4),
    zeros(17 * 16), // unused audio capabilities
    u32(0x65), // payloadCapability H.263
    u32(2), // videoCapabilityDirection
    u32(0), // levelPreferenceCount
    u32(0x80000001), // h263_capability_bitfield: bits 1 and 32
    u32(5), // annexNandWFutureUse
    zeros(9 * 44), // unused video capabilities
  );
}

// ---- tests ----

test('EnblocCall: the called number is 24 bytes before V18 and 25 from V18; lineInstance only when the message is long enough', () => {
  const v17 = decodeMessage(message(0x0004, 0x11, text('5551234', 24), u32(2)));
  clean(v17);
  assert.deepEqual(at(v17, 'calledParty'), { value: '5551234', offset: 12, length: 24 });
  assert.deepEqual(at(v17, 'lineInstance'), { value: 2, offset: 36, length: 4 });

  const v18 = decodeMessage(message(0x0004, 0x12, text('5551234', 25), u32(3)));
  clean(v18);
  assert.deepEqual(at(v18, 'calledParty'), { value: '5551234', offset: 12, length: 25 });
  assert.deepEqual(at(v18, 'lineInstance'), { value: 3, offset: 37, length: 4 });

  const short = decodeMessage(message(0x0004, 0, text('100', 24)));
  clean(short);
  assert.equal(at(short, 'lineInstance'), undefined);
});

test('ConnectionStatisticsRes: V17 and V18 layouts differ in directoryNum size and statsProcessingMode width; data follows a long message', () => {
  const counters = [u32(100), u32(16000), u32(99), u32(15840), u32(1), u32(7), u32(20)];
  const v17 = decodeMessage(message(0x0023, 0x11, text('1001', 24), u32(0x1234), u32(1), ...counters));
  clean(v17);
  assert.deepEqual(at(v17, 'directoryNum'), { value: '1001', offset: 12, length: 24 });
  assert.deepEqual(at(v17, 'statsProcessingMode'), { value: 1, offset: 40, length: 4 });
  assert.deepEqual(at(v17, 'numberPacketsSent'), { value: 100, offset: 44, length: 4 });
  assert.deepEqual(at(v17, 'latency'), { value: 20, offset: 68, length: 4 });
  assert.equal(at(v17, 'dataSize'), undefined, 'a 64-byte body has no statistics text');

  const stats = 'MOS=4.2';
  const v18 = decodeMessage(message(0x0023, 0x12, text('1001', 28), u32(0x1234), [1], ...counters, u32(stats.length), text(stats, stats.length)));
  clean(v18);
  assert.deepEqual(at(v18, 'directoryNum'), { value: '1001', offset: 12, length: 28 });
  assert.deepEqual(at(v18, 'statsProcessingMode'), { value: 1, offset: 44, length: 1 });
  assert.deepEqual(at(v18, 'numberPacketsSent'), { value: 100, offset: 45, length: 4 });
  assert.deepEqual(at(v18, 'dataSize'), { value: 7, offset: 73, length: 4 });
  assert.deepEqual(at(v18, 'data'), { value: stats, offset: 77, length: 7 });
});

test('RegisterTokenReq: stationIpAddr is little-endian; stationIpV6Addr is IPv4 before V17 and typed IPv4-or-IPv6 from V17', () => {
  const sid = [...text('SEP001122334455', 16), ...u32(0), ...u32(1)];
  const v0 = decodeMessage(message(0x0029, 0, sid, [1, 2, 0, 10], u32(7), [192, 168, 1, 20]));
  clean(v0);
  assert.equal(at(v0, 'DeviceName')?.value, 'SEP001122334455');
  assert.equal(at(v0, 'stationIpAddr')?.value, '10.0.2.1');
  assert.equal(at(v0, 'deviceType')?.value, 7);
  assert.deepEqual(at(v0, 'stationIpV6Addr'), { value: '192.168.1.20', offset: 44, length: 4 });

  const v6 = [0x20, 0x01, 0x0d, 0xb8, ...zeros(11), 1];
  const v17 = decodeMessage(message(0x0029, 0x11, sid, [1, 2, 0, 10], u32(7), u32(1), v6));
  clean(v17);
  assert.deepEqual(at(v17, 'ipv4or6'), { value: 1, offset: 44, length: 4 });
  assert.deepEqual(at(v17, 'stationIpV6Addr'), { value: '2001:db8::1', offset: 48, length: 16 });
});

test('CapabilitiesRes: a short list of capabilities decodes without its unused trailing elements', () => {
  const g711 = [...u32(4), ...u32(30), 1, 2, 3, 4, ...zeros(4)];
  const g723 = [...u32(9), ...u32(30), ...u32(1), ...zeros(4)];
  const m = decodeMessage(message(0x0010, 0x11, u32(2), g711, g723));
  clean(m);
  assert.deepEqual(all(m.fields, 'payloadCapability').map((f) => [f.value, f.offset]), [[4, 16], [9, 32]]);
  assert.deepEqual(at(m, 'codecMode'), { value: 1, offset: 24, length: 1 });
  assert.deepEqual(at(m, 'codecParam2'), { value: 4, offset: 27, length: 1 });
  assert.deepEqual(at(m, 'g723BitRate'), { value: 1, offset: 40, length: 4 });
  assert.equal(all(m.fields, 'codecMode').length, 1, 'G.723.1 has a bit rate, not codecParams');
});

test('CapabilitiesRes: a count of 0, a count above 18 and a count the message cannot hold decode no capability', () => {
  const none = decodeMessage(message(0x0010, 0, u32(0)));
  clean(none);
  assert.equal(all(none.fields, 'payloadCapability').length, 0);

  const tooMany = decodeMessage(message(0x0010, 0, u32(19), zeros(19 * 16)));
  assert.equal(all(tooMany.fields, 'payloadCapability').length, 0);
  assert.ok(tooMany.problems.some((p) => p.code === 'sccp.count-limit' && /19/.test(p.message)));

  const cut = decodeMessage(message(0x0010, 0, u32(3), zeros(16)));
  assert.equal(all(cut.fields, 'payloadCapability').length, 0);
  assert.ok(cut.problems.some((p) => p.code === 'sccp.count-limit' && /do not fit/.test(p.message)));
});

test('UpdateCapabilities: service resources, layouts, audio and H.263 video capabilities with Wireshark\'s element sizes', () => {
  const m = decodeMessage(updateCapabilities());
  clean(m);
  assert.deepEqual(all(m.fields, 'layouts').filter((f) => !f.children).map((f) => f.value), [1, 2]);
  assert.deepEqual(at(m, 'serviceNum'), { value: 7, offset: 68, length: 4 });
  // 24-byte unused service resources, then the audio capability
  assert.deepEqual(all(m.fields, 'payloadCapability').map((f) => [f.value, f.offset]), [[4, 156], [0x65, 444]]);
  assert.equal(at(m, 'maxFramesPerPacket')?.value, 40);
  assert.equal(at(m, 'Generic.Bitfield.Bit1')?.value, 1);
  assert.equal(at(m, 'Generic.Bitfield.Bit2')?.value, 0);
  assert.equal(at(m, 'Generic.Bitfield.Bit32')?.value, 1);
  assert.deepEqual(at(m, 'annexNandWFutureUse'), { value: 5, offset: 460, length: 4 });
  assert.equal(all(m.fields, 'levelPreference').length, 0, 'no level preferences: nothing decoded or skipped');
});

test('CapabilitiesV3Res: once the count is non-zero, every element up to the maximum is decoded', () => {
  const m = decodeMessage(message(0x0044, 0x16, u32(1), u32(0), u32(0), u32(0), u32(0), u32(0), u32(0), u32(0), u32(4), u32(20), zeros(8), zeros(17 * 16)));
  clean(m);
  const caps = all(m.fields, 'payloadCapability');
  assert.equal(caps.length, 18);
  assert.deepEqual([caps[0]!.value, caps[0]!.offset, caps[17]!.offset], [4, 44, 44 + 17 * 16]);
});

test('StopTone: the tone is there from V11 only', () => {
  const v10 = decodeMessage(message(0x0083, 0x0a, u32(1), u32(99)));
  clean(v10);
  assert.equal(at(v10, 'tone'), undefined);
  const v11 = decodeMessage(message(0x0083, 0x0b, u32(1), u32(99), u32(0x21)));
  clean(v11);
  assert.deepEqual(at(v11, 'tone'), { value: 0x21, offset: 20, length: 4 });
});

test('StartMediaTransmission: qualifier codec word, partyDirection and latentCapsInfo follow the header version', () => {
  const v10 = decodeMessage(startMediaTransmission(0x0a, 4));
  clean(v10);
  assert.equal(at(v10, 'g723BitRate')?.value, 0x04030201, 'up to V10 the last qualifier word is always the G.723 bit rate');
  assert.equal(at(v10, 'codecMode'), undefined);
  assert.equal(at(v10, 'partyDirection'), undefined);

  const v11 = decodeMessage(startMediaTransmission(0x0b, 4));
  clean(v11);
  assert.equal(at(v11, 'g723BitRate'), undefined);
  assert.deepEqual(at(v11, 'codecMode'), { value: 1, offset: 48, length: 1 });
  assert.equal(at(v11, 'callReference')?.value, 33);

  const g723 = decodeMessage(startMediaTransmission(0x0b, 9));
  assert.equal(at(g723, 'g723BitRate')?.value, 0x04030201);

  const v15 = decodeMessage(startMediaTransmission(0x0f, 4));
  clean(v15);
  assert.deepEqual(at(v15, 'partyDirection'), { value: 3, offset: 124, length: 4 });
  assert.equal(at(v15, 'active'), undefined);

  const v21 = decodeMessage(startMediaTransmission(0x15, 4));
  clean(v21);
  assert.equal(at(v21, 'remoteIpAddr')?.value, '192.0.2.7');
  assert.deepEqual(at(v21, 'partyDirection'), { value: 3, offset: 140, length: 4 });
  assert.deepEqual(at(v21, 'active'), { value: 1, offset: 144, length: 4 });
  assert.deepEqual(at(v21, 'FutureUse3'), { value: 0, offset: 179, length: 1 });
  assert.deepEqual(v21.media, [{ role: 'send-to', ip: '192.0.2.7', port: 24580, passThroughPartyId: 22, callReference: 33, conferenceId: 11 }]);
});

test('ServerRes: server addresses are IPv4 below a data length of 293 and IPv4-or-IPv6 above 292', () => {
  const names = ['cm1', 'cm2', '', '', ''].map((n) => text(n, 48));
  const ports = [2000, 2000, 0, 0, 0].map(u32);
  const ipv4s = [[10, 0, 0, 1], [10, 0, 0, 2], zeros(4), zeros(4), zeros(4)];
  const small = decodeMessage(message(0x009e, 0, ...names, ...ports, ...ipv4s));
  clean(small);
  assert.deepEqual(all(small.fields, 'ServerName').map((f) => f.value), ['cm1', 'cm2', '', '', '']);
  assert.deepEqual(all(small.fields, 'stationIpAddr').map((f) => f.value), ['10.0.0.1', '10.0.0.2', '0.0.0.0', '0.0.0.0', '0.0.0.0']);
  assert.equal(all(small.fields, 'ipv4or6').length, 0);

  const typed = ipv4s.map((a) => [...u32(0), ...a, ...zeros(12)]);
  const large = decodeMessage(message(0x009e, 0x11, ...names, ...ports, ...typed));
  clean(large);
  assert.equal(all(large.fields, 'ipv4or6').length, 5);
  assert.deepEqual(all(large.fields, 'stationIpAddr').map((f) => [f.value, f.offset]).slice(0, 2), [['10.0.0.1', 276], ['10.0.0.2', 296]]);
});

test('AuditParticipantRes: entries up to the count, then the rest of the 256 skipped; a count above 256 skips all 256', () => {
  const head = [...u32(0), ...u32(1), ...u32(77)];
  const two = decodeMessage(message(0x0040, 0, head, u32(2), u32(5001), u32(5002), zeros(254 * 4)));
  clean(two);
  assert.deepEqual(all(two.fields, 'participantEntry').filter((f) => !f.children).map((f) => f.value), [5001, 5002]);

  const over = decodeMessage(message(0x0040, 0, head, u32(300), zeros(256 * 4)));
  assert.equal(all(over.fields, 'participantEntry').length, 0);
  assert.ok(over.problems.some((p) => p.code === 'sccp.count-limit'));
  assert.ok(!over.problems.some((p) => p.code === 'sccp.trailing-bytes'), 'the 1024 skipped bytes are the skipped entries');
});

test('PortRes and MediaTransmissionFailure carry media endpoints; PortRes has mediaType from V19', () => {
  const port = (v: number) => message(0x0045, v, u32(1), u32(2), u32(3), [...u32(0), 198, 51, 100, 9, ...zeros(12)], u32(16384), u32(16385), v >= 0x13 ? u32(1) : []);
  const v18 = decodeMessage(port(0x12));
  clean(v18);
  assert.equal(at(v18, 'mediaType'), undefined);
  assert.deepEqual(v18.media, [{ role: 'receive', ip: '198.51.100.9', port: 16384, passThroughPartyId: 3, callReference: 2, conferenceId: 1 }]);
  const v19 = decodeMessage(port(0x13));
  clean(v19);
  assert.deepEqual(at(v19, 'mediaType'), { value: 1, offset: 52, length: 4 });

  const failure = decodeMessage(message(0x002a, 0, u32(1), u32(2), [203, 0, 113, 5], u32(20000), u32(3)));
  clean(failure);
  assert.deepEqual(failure.media, [{ role: 'remote', ip: '203.0.113.5', port: 20000, passThroughPartyId: 2, callReference: 3, conferenceId: 1 }]);
});

test('DeviceToUserDataVersion1: the XML text stops at its NUL but the field covers dataLength bytes', () => {
  const xml = '<getDeviceCaps/>';
  const body = [...u32(27), ...u32(0), ...u32(0), ...u32(27), ...u32(xml.length + 4), ...u32(2), ...u32(3), ...u32(0), ...u32(0), ...u32(0)];
  const m = decodeMessage(message(0x0041, 0x14, body, text(xml, xml.length + 4)));
  clean(m);
  assert.deepEqual(at(m, 'xmldata'), { value: xml, offset: 52, length: 20 });
  assert.equal(at(m, 'sequenceFlag')?.value, 2);
});

/** Every message ID of 0x0000-0x00FF that Wireshark 4.0 decodes (its skinny opcode table), with its name. */
const WIRESHARK_0000_00FF: Record<number, string> = {
  0x00: 'KeepAliveReq', 0x01: 'RegisterReq', 0x02: 'IpPort', 0x03: 'KeypadButton', 0x04: 'EnblocCall', 0x05: 'Stimulus',
  0x06: 'OffHook', 0x07: 'OnHook', 0x08: 'HookFlash', 0x09: 'ForwardStatReq', 0x0a: 'SpeedDialStatReq', 0x0b: 'LineStatReq',
  0x0c: 'ConfigStatReq', 0x0d: 'TimeDateReq', 0x0e: 'ButtonTemplateReq', 0x0f: 'VersionReq', 0x10: 'CapabilitiesRes',
  0x12: 'ServerReq', 0x20: 'Alarm', 0x21: 'MulticastMediaReceptionAck', 0x22: 'OpenReceiveChannelAck',
  0x23: 'ConnectionStatisticsRes', 0x24: 'OffHookWithCallingPartyNumber', 0x25: 'SoftKeySetReq', 0x26: 'SoftKeyEvent',
  0x27: 'UnregisterReq', 0x28: 'SoftKeyTemplateReq', 0x29: 'RegisterTokenReq', 0x2a: 'MediaTransmissionFailure',
  0x2b: 'HeadsetStatus', 0x2c: 'MediaResourceNotification', 0x2d: 'RegisterAvailableLines', 0x2e: 'DeviceToUserData',
  0x2f: 'DeviceToUserDataResponse', 0x30: 'UpdateCapabilities', 0x31: 'OpenMultiMediaReceiveChannelAck',
  0x32: 'ClearConference', 0x33: 'ServiceURLStatReq', 0x34: 'FeatureStatReq', 0x35: 'CreateConferenceRes',
  0x36: 'DeleteConferenceRes', 0x37: 'ModifyConferenceRes', 0x38: 'AddParticipantRes', 0x39: 'AuditConferenceRes',
  0x40: 'AuditParticipantRes', 0x41: 'DeviceToUserDataVersion1', 0x42: 'DeviceToUserDataResponseVersion1',
  0x43: 'CapabilitiesV2Res', 0x44: 'CapabilitiesV3Res', 0x45: 'PortRes', 0x46: 'QoSResvNotify', 0x47: 'QoSErrorNotify',
  0x48: 'SubscriptionStatReq', 0x49: 'MediaPathEvent', 0x4a: 'MediaPathCapability', 0x4c: 'MwiNotification',
  0x81: 'RegisterAck', 0x82: 'StartTone', 0x83: 'StopTone', 0x85: 'SetRinger', 0x86: 'SetLamp', 0x87: 'SetHookFlashDetect',
  0x88: 'SetSpeakerMode', 0x89: 'SetMicroMode', 0x8a: 'StartMediaTransmission', 0x8b: 'StopMediaTransmission',
  0x8f: 'CallInfo', 0x90: 'ForwardStatRes', 0x91: 'SpeedDialStatRes', 0x92: 'LineStatRes', 0x93: 'ConfigStatRes',
  0x94: 'TimeDateRes', 0x95: 'StartSessionTransmission', 0x96: 'StopSessionTransmission', 0x97: 'ButtonTemplateRes',
  0x98: 'VersionRes', 0x99: 'DisplayText', 0x9a: 'ClearDisplay', 0x9b: 'CapabilitiesReq', 0x9d: 'RegisterReject',
  0x9e: 'ServerRes', 0x9f: 'Reset',
};

test('the catalog has every message Wireshark knows in 0x0000-0x00FF, under Wireshark\'s name, with a body layout', () => {
  for (const [id, name] of Object.entries(WIRESHARK_0000_00FF)) {
    const def = messageById(Number(id));
    assert.ok(def, `0x${Number(id).toString(16)} ${name} missing`);
    assert.equal(def.name, name);
    assert.equal(def.source, 'wireshark');
    assert.ok(def.fields, `${name} has no layout`);
  }
  const ours = CATALOG.filter((d) => d.id <= 0xff && d.source === 'wireshark').map((d) => d.id);
  assert.deepEqual(ours, Object.keys(WIRESHARK_0000_00FF).map(Number));
});

test('direction follows the ID range: 0x00xx below 0x80 from the station, 0x80 and up from the CallManager', () => {
  for (const d of CATALOG.filter((x) => x.id <= 0xff && x.source === 'wireshark')) {
    assert.equal(d.direction, d.id < 0x80 ? 'station-to-callmanager' : 'callmanager-to-station', d.name);
  }
});
