/**
 * Messages 0x0100 and up (and the IDs Wireshark does not know): the catalog's coverage and count, and messages the
 * capture fixtures do not cover, built here byte by byte, one per version branch, length condition or union case.
 * Every sample below was also decoded by tshark 4.0.17 (written into a pcap, compared field by field through PDML)
 * while the entries were written; the values asserted are the ones both decoders agree on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, messageById } from '../../../src/core/sccp/catalog';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { DecodedBody, FieldNode } from '../../../src/core/sccp/message';

// ---- byte builders ----

type Part = number | number[];
const u16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
const zeros = (n: number): number[] => new Array<number>(n).fill(0);
/** ASCII text in a NUL-padded field of `size` bytes. */
const fixed = (s: string, size: number): number[] => [...Array.from(s, (c) => c.charCodeAt(0)), ...zeros(size - s.length)];
/** A NUL-terminated string (the variable strings of the V2 messages). */
const cstr = (s: string): number[] => [...Array.from(s, (c) => c.charCodeAt(0)), 0];
const word = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A whole message: length, header version and ID, then the body (numbers are 32-bit little-endian words). */
function message(id: number, version: number, ...body: Part[]): Uint8Array {
  const b = body.flatMap((p) => (typeof p === 'number' ? word(p) : p));
  return Uint8Array.from([...word(b.length + 4), ...word(version), ...word(id), ...b]);
}

/** mRx/mTxMediaEncryptionKeyInfo: algorithm 0, then the key and salt in their 16-byte areas. */
const keyInfo = (key: number[], salt: number[]): number[] => [
  ...word(0),
  ...u16(key.length),
  ...u16(salt.length),
  ...key,
  ...zeros(16 - key.length),
  ...salt,
  ...zeros(16 - salt.length),
  ...word(0),
  ...word(0),
];
/** The V17+ IPv4-or-IPv6 form of an IPv4 address: type 0, the address, 12 bytes of room for IPv6. */
const ipv4or6 = (a: string): number[] => [...word(0), ...a.split('.').map(Number), ...zeros(12)];

// ---- lookups ----

/** Leaves (fields without children) with this name, in order. */
function leaves(nodes: readonly FieldNode[], name: string, out: FieldNode[] = []): FieldNode[] {
  for (const n of nodes) {
    if (n.name === name && !n.children) out.push(n);
    if (n.children) leaves(n.children, name, out);
  }
  return out;
}

/** The one leaf with this name: its value, offset and length. */
function at(m: DecodedBody, name: string): { value: unknown; offset: number; length: number } | undefined {
  const found = leaves(m.fields, name);
  assert.ok(found.length <= 1, `${name} occurs ${found.length} times`);
  const f = found[0];
  return f && { value: f.value, offset: f.offset, length: f.length };
}

function clean(m: DecodedBody): void {
  assert.deepEqual(
    m.problems.map((p) => p.message),
    [],
  );
}

// ---- the catalog's coverage ----

/** Wireshark 4.0's message IDs from 0x0100 up (skinny_opcode_map in packet-skinny.c) with its names. */
const WIRESHARK_0100: readonly (readonly [number, string])[] = [
  [0x0100, 'KeepAliveAck'],
  [0x0101, 'StartMulticastMediaReception'],
  [0x0102, 'StartMulticastMediaTransmission'],
  [0x0103, 'StopMulticastMediaReception'],
  [0x0104, 'StopMulticastMediaTransmission'],
  [0x0105, 'OpenReceiveChannel'],
  [0x0106, 'CloseReceiveChannel'],
  [0x0107, 'ConnectionStatisticsReq'],
  [0x0108, 'SoftKeyTemplateRes'],
  [0x0109, 'SoftKeySetRes'],
  [0x0110, 'SelectSoftKeys'],
  [0x0111, 'CallState'],
  [0x0112, 'DisplayPromptStatus'],
  [0x0113, 'ClearPromptStatus'],
  [0x0114, 'DisplayNotify'],
  [0x0115, 'ClearNotify'],
  [0x0116, 'ActivateCallPlane'],
  [0x0117, 'DeactivateCallPlane'],
  [0x0118, 'UnregisterAck'],
  [0x0119, 'BackSpaceRes'],
  [0x011a, 'RegisterTokenAck'],
  [0x011b, 'RegisterTokenReject'],
  [0x011c, 'StartMediaFailureDetection'],
  [0x011d, 'DialedNumber'],
  [0x011e, 'UserToDeviceData'],
  [0x011f, 'FeatureStatRes'],
  [0x0120, 'DisplayPriNotify'],
  [0x0121, 'ClearPriNotify'],
  [0x0122, 'StartAnnouncement'],
  [0x0123, 'StopAnnouncement'],
  [0x0124, 'AnnouncementFinish'],
  [0x0127, 'NotifyDtmfTone'],
  [0x0128, 'SendDtmfTone'],
  [0x0129, 'SubscribeDtmfPayloadReq'],
  [0x012a, 'SubscribeDtmfPayloadRes'],
  [0x012b, 'SubscribeDtmfPayloadErr'],
  [0x012c, 'UnSubscribeDtmfPayloadReq'],
  [0x012d, 'UnSubscribeDtmfPayloadRes'],
  [0x012e, 'UnSubscribeDtmfPayloadErr'],
  [0x012f, 'ServiceURLStatRes'],
  [0x0130, 'CallSelectStatRes'],
  [0x0131, 'OpenMultiMediaReceiveChannel'],
  [0x0132, 'StartMultiMediaTransmission'],
  [0x0133, 'StopMultiMediaTransmission'],
  [0x0134, 'MiscellaneousCommand'],
  [0x0135, 'FlowControlCommand'],
  [0x0136, 'CloseMultiMediaReceiveChannel'],
  [0x0137, 'CreateConferenceReq'],
  [0x0138, 'DeleteConferenceReq'],
  [0x0139, 'ModifyConferenceReq'],
  [0x013a, 'AddParticipantReq'],
  [0x013b, 'DropParticipantReq'],
  [0x013c, 'AuditConferenceReq'],
  [0x013d, 'AuditParticipantReq'],
  [0x013e, 'ChangeParticipantReq'],
  [0x013f, 'UserToDeviceDataVersion1'],
  [0x0140, 'VideoDisplayCommand'],
  [0x0141, 'FlowControlNotify'],
  [0x0142, 'ConfigStatV2Res'],
  [0x0143, 'DisplayNotifyV2'],
  [0x0144, 'DisplayPriNotifyV2'],
  [0x0145, 'DisplayPromptStatusV2'],
  [0x0146, 'FeatureStatV2Res'],
  [0x0147, 'LineStatV2Res'],
  [0x0148, 'ServiceURLStatV2Res'],
  [0x0149, 'SpeedDialStatV2Res'],
  [0x014a, 'CallInfoV2'],
  [0x014b, 'PortReq'],
  [0x014c, 'PortClose'],
  [0x014d, 'QoSListen'],
  [0x014e, 'QoSPath'],
  [0x014f, 'QoSTeardown'],
  [0x0150, 'UpdateDSCP'],
  [0x0151, 'QoSModify'],
  [0x0152, 'SubscriptionStatRes'],
  [0x0153, 'Notification'],
  [0x0154, 'StartMediaTransmissionAck'],
  [0x0155, 'StartMultiMediaTransmissionAck'],
  [0x0156, 'CallHistoryInfo'],
  [0x0157, 'LocationInfo'],
  [0x0158, 'MwiRes'],
  [0x0159, 'AddOnDeviceCapabilities'],
  [0x015a, 'EnhancedAlarm'],
  [0x015e, 'CallCountReq'],
  [0x015f, 'CallCountResp'],
  [0x0160, 'RecordingStatus'],
  [0x8000, 'SPCPRegisterTokenReq'],
  [0x8100, 'SPCPRegisterTokenAck'],
  [0x8101, 'SPCPRegisterTokenReject'],
];

test('every Wireshark message ID from 0x0100 up is in the catalog, under its Wireshark name', () => {
  assert.equal(WIRESHARK_0100.length, 89);
  for (const [id, name] of WIRESHARK_0100) {
    const def = messageById(id);
    assert.ok(def, `0x${id.toString(16)} ${name} missing`);
    assert.equal(def.name, name);
    assert.equal(def.source, 'wireshark');
  }
});

test('the catalog has no duplicate IDs and holds the 178 IDs Wireshark, chan-sccp and Scapy know', () => {
  const ids = CATALOG.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate IDs');
  // 171 IDs from Wireshark 4.0's skinny_opcode_map: 82 below 0x0100, 86 from 0x0100 to 0x0160, and the SPCP
  // 0x8000, 0x8100, 0x8101. chan-sccp (src/sccp_protocol.h) and Scapy (scapy/layers/skinny.py) both name 4 more
  // below 0x0100: 0x0011 MediaPortList, 0x008C StartMediaReception, 0x008D StopMediaReception (both seen in
  // pyskinny's CallManager 2.x capture) and 0x009C EnunciatorCommand. chan-sccp alone names the SPCP platform
  // messages 0xFF02-0xFF04. (It also mentions 0xFF00 "UnknownVGMessage", a placeholder, not a name: left out.)
  assert.equal(ids.length, 178);
  assert.equal(CATALOG.filter((d) => d.source === 'wireshark').length, 171);
  assert.equal(CATALOG.filter((d) => d.id < 0x0100 && d.source === 'wireshark').length, 82);
  const others = CATALOG.filter((d) => d.source !== 'wireshark').map((d) => [d.id, d.name, d.source]);
  assert.deepEqual(others, [
    [0x0011, 'MediaPortList', 'chan-sccp'],
    [0x008c, 'StartMediaReception', 'pyskinny'],
    [0x008d, 'StopMediaReception', 'pyskinny'],
    [0x009c, 'EnunciatorCommand', 'chan-sccp'],
    [0xff02, 'SPCPPlatformInfoGetReq', 'chan-sccp'],
    [0xff03, 'SPCPPlatformInfoGetRsp', 'chan-sccp'],
    [0xff04, 'SPCPPlatformInfoGetRej', 'chan-sccp'],
  ]);
});

// ---- OpenReceiveChannel: one sample per version branch ----

test('OpenReceiveChannel, basic header: G.723 bit rate in the qualifier, no source address (before V11)', () => {
  const m = decodeMessage(message(0x0105, 0, 1234, 0x1000001, 20, 4, 0, 0, 77, keyInfo([], []), 0, 0, 101, 0));
  clean(m);
  assert.equal(m.name, 'OpenReceiveChannel');
  assert.deepEqual(at(m, 'g723BitRate'), { value: 0, offset: 32, length: 4 });
  assert.deepEqual(at(m, 'callReference'), { value: 77, offset: 36, length: 4 });
  assert.deepEqual(at(m, 'RFC2833PayloadType'), { value: 101, offset: 96, length: 4 });
  assert.equal(at(m, 'sourceIpAddr'), undefined);
  assert.equal(at(m, 'key'), undefined);
  assert.deepEqual(m.media, []);
});

test('OpenReceiveChannel V17: G.723 case of the qualifier, SRTP key and salt, source address, audioLevelAdjustment past 132 bytes', () => {
  const m = decodeMessage(
    message(0x0105, 0x11, 1234, 0x1000001, 30, 9, 1, 2, 77, keyInfo([0xaa, 0xbb], [0xcc]), 0, 0, 101, 1, 0, 0, ipv4or6('10.1.2.3'), 16384, 0, 5),
  );
  clean(m);
  assert.equal(m.length, 136);
  assert.deepEqual(at(m, 'ecValue'), { value: 1, offset: 28, length: 4 });
  assert.deepEqual(at(m, 'g723BitRate'), { value: 2, offset: 32, length: 4 });
  assert.equal(at(m, 'codecMode'), undefined);
  assert.deepEqual(
    leaves(m.fields, 'key').map((k) => [k.value, k.offset]),
    [
      [0xaa, 48],
      [0xbb, 49],
    ],
  );
  assert.deepEqual(
    leaves(m.fields, 'salt').map((k) => [k.value, k.offset]),
    [[0xcc, 64]],
  );
  assert.deepEqual(at(m, 'ipv4or6'), { value: 0, offset: 112, length: 4 });
  assert.deepEqual(at(m, 'sourceIpAddr'), { value: '10.1.2.3', offset: 116, length: 4 });
  assert.deepEqual(at(m, 'sourcePortNumber'), { value: 16384, offset: 132, length: 4 });
  assert.deepEqual(at(m, 'audioLevelAdjustment'), { value: 5, offset: 140, length: 4 });
  assert.deepEqual(m.media, [{ role: 'source', ip: '10.1.2.3', port: 16384, passThroughPartyId: 0x1000001, callReference: 77, conferenceId: 1234 }]);
});

test('OpenReceiveChannel V21: codecParams for other codecs, and latentCapsInfo', () => {
  const m = decodeMessage(
    message(0x0105, 0x15, 1234, 0x1000001, 20, 4, 0, [1, 2, 3, 4], 77, keyInfo([], []), 0, 0, 101, 1, 0, 0, ipv4or6('10.1.2.3'), 16384, 0, 0,
      1, 7, 8, u16(100), u16(200), u16(300), u16(8), 9, 10, [1, 1, 0, 1, 0, 0, 0, 0]),
  );
  clean(m);
  assert.deepEqual(
    ['codecMode', 'dynamicPayload', 'codecParam1', 'codecParam2'].map((n) => at(m, n)?.value),
    [1, 2, 3, 4],
  );
  assert.equal(at(m, 'g723BitRate'), undefined);
  assert.deepEqual(at(m, 'active'), { value: 1, offset: 144, length: 4 });
  assert.deepEqual(at(m, 'chan3MaxPayload'), { value: 300, offset: 160, length: 2 });
  assert.deepEqual(at(m, 'v150sprt'), { value: 1, offset: 175, length: 1 });
  assert.equal(m.fields[m.fields.length - 1]!.offset + m.fields[m.fields.length - 1]!.length, 180);
});

// ---- version-dependent sizes ----

test('DialedNumber: 24-byte number up to V17, 25 bytes from V18', () => {
  const v17 = decodeMessage(message(0x011d, 0x11, fixed('1234', 24), 1, 2));
  const v18 = decodeMessage(message(0x011d, 0x12, fixed('1234', 25), 1, 2));
  clean(v17);
  assert.deepEqual(at(v17, 'dialedNumber'), { value: '1234', offset: 12, length: 24 });
  assert.deepEqual(at(v17, 'lineInstance'), { value: 1, offset: 36, length: 4 });
  assert.deepEqual(at(v18, 'dialedNumber'), { value: '1234', offset: 12, length: 25 });
  assert.deepEqual(at(v18, 'lineInstance'), { value: 1, offset: 37, length: 4 });
  assert.deepEqual(at(v18, 'callReference'), { value: 2, offset: 41, length: 4 });
});

test('CallInfoV2: hunt pilot number and name only from V17', () => {
  const parties = [cstr('1001'), cstr(''), cstr('1002'), ...new Array<number[]>(6).fill(cstr('')), cstr('Alice'), cstr(''), cstr(''), cstr('')];
  const v17 = decodeMessage(message(0x014a, 0x11, 1, 88, 1, 0, 0, 1, 0, 0x3, ...parties, cstr('5000'), cstr('Sales'), zeros(1)));
  const v16 = decodeMessage(message(0x014a, 0x10, 1, 88, 1, 0, 0, 1, 0, 0x3, ...parties, zeros(3)));
  assert.deepEqual(at(v17, 'callingParty'), { value: '1001', offset: 44, length: 5 });
  assert.deepEqual(at(v17, 'calledParty'), { value: '1002', offset: 50, length: 5 });
  assert.deepEqual(at(v17, 'callingPartyName'), { value: 'Alice', offset: 61, length: 6 });
  assert.deepEqual(at(v17, 'HuntPilotNumber'), { value: '5000', offset: 70, length: 5 });
  assert.deepEqual(at(v17, 'HuntPilotName'), { value: 'Sales', offset: 75, length: 6 });
  assert.equal(at(v16, 'HuntPilotNumber'), undefined);
  // Multi-bit restriction flags are booleans, as in Wireshark: CallingParty (mask 0x3) is 1 when either bit is set.
  assert.equal(at(v17, 'RestrictInformationType.CallingParty')?.value, 1);
  assert.equal(at(v17, 'RestrictInformationType.CalledParty')?.value, 0);
});

test('DisplayPromptStatusV2: the prompt stops before its NUL, as Wireshark shows it', () => {
  const m = decodeMessage(message(0x0145, 0x14, 0, 1, 88, [...cstr('Ring Out'), 0, 0, 0]));
  assert.deepEqual(at(m, 'promptStatus'), { value: 'Ring Out', offset: 24, length: 8 });
});

// ---- unions and counted arrays ----

test('OpenMultiMediaReceiveChannel, H.264 video: two of five picture formats, then the H.264 capability', () => {
  const m = decodeMessage(
    message(0x0131, 0x11, 5, 0x1000002, 0x67, 1, 88, 0, 0x67, 0, 384000, 2, 1, 30, 2, 15, zeros(24), 9, 66, 40, 0, 0, 0, 0,
      keyInfo([], []), 0, 0, ipv4or6('10.9.8.7'), 2326, 0),
  );
  clean(m);
  assert.deepEqual(
    leaves(m.fields, 'MPI').map((f) => [f.value, f.offset]),
    [
      [30, 56],
      [15, 64],
    ],
  );
  assert.deepEqual(at(m, 'confServiceNum'), { value: 9, offset: 92, length: 4 });
  assert.deepEqual(at(m, 'level'), { value: 40, offset: 100, length: 4 });
  assert.equal(at(m, 'milliSecondPacketSize'), undefined);
  assert.deepEqual(m.media, [{ role: 'source', ip: '10.9.8.7', port: 2326, passThroughPartyId: 0x1000002, callReference: 88, conferenceId: 5, lineInstance: 1 }]);
});

test('OpenMultiMediaReceiveChannel with no picture format: like Wireshark, the five unused slots are not skipped', () => {
  const m = decodeMessage(
    message(0x0131, 0x11, 5, 0x1000002, 0x67, 1, 88, 0, 0x67, 0, 384000, 0, 9, 66, 40, 0, 0, 0, 0, keyInfo([], []), 0, 0, ipv4or6('10.9.8.7'), 2326, 0),
  );
  clean(m);
  assert.deepEqual(at(m, 'confServiceNum'), { value: 9, offset: 52, length: 4 });
  assert.equal(at(m, 'format'), undefined);
});

test('OpenMultiMediaReceiveChannel, data payload (Clear Channel and up): data parameters then 36 bytes of padding', () => {
  const m = decodeMessage(
    message(0x0131, 0x11, 5, 0x1000002, 0x78, 1, 88, 0, 0x78, 0, 64000, 128000, zeros(36), keyInfo([], []), 0, 0, ipv4or6('10.9.8.7'), 2326, 0),
  );
  clean(m);
  assert.deepEqual(at(m, 'protocolDependentData'), { value: 64000, offset: 44, length: 4 });
  assert.deepEqual(at(m, 'maxBitRate'), { value: 128000, offset: 48, length: 4 });
  assert.deepEqual(at(m, 'algorithmID'), { value: 0, offset: 88, length: 4 });
  assert.equal(at(m, 'bitRate'), undefined);
});

test('MiscellaneousCommand, recoveryReferencePicture: a counted array of up to four pictures', () => {
  const m = decodeMessage(message(0x0134, 0x14, 5, 0x1000002, 88, 6, 2, 11, 1, 12, 2, zeros(16), 0));
  clean(m);
  assert.equal(at(m, 'command')?.value, 6);
  assert.deepEqual(
    leaves(m.fields, 'pictureNumber').map((f) => [f.value, f.offset]),
    [
      [11, 32],
      [12, 40],
    ],
  );
});

test('SoftKeySetRes: sets of 16 template and 16 info indexes; the unused sets are not shown', () => {
  const set = (k: number): number[] => [...new Array<number>(16).fill(k), ...Array.from({ length: 16 }, (_, i) => u16(i)).flat()];
  const m = decodeMessage(message(0x0109, 0, 0, 2, 2, set(1), set(2), zeros(14 * 48)));
  clean(m);
  assert.equal(leaves(m.fields, 'softKeyTemplateIndex').length, 32);
  assert.deepEqual(leaves(m.fields, 'softKeyTemplateIndex')[16], { name: 'softKeyTemplateIndex', value: 2, display: 'NewCall', offset: 72, length: 1 });
  assert.deepEqual(at(m, 'softKeySetCount'), { value: 2, offset: 16, length: 4 });
});

// ---- SPCP ----

test('SPCPRegisterTokenReq: the station address shown byte-reversed, as Wireshark reads it little-endian', () => {
  const m = decodeMessage(message(0x8000, 0, fixed('SPA525G2', 16), 0, 1, [10, 0, 0, 1], 30016, 2));
  clean(m);
  assert.deepEqual(at(m, 'DeviceName'), { value: 'SPA525G2', offset: 12, length: 16 });
  assert.deepEqual(at(m, 'stationIpAddr'), { value: '1.0.0.10', offset: 36, length: 4 });
  assert.equal(at(m, 'maxStreams')?.value, 2);
});

// ---- IDs Wireshark does not know ----

test('StartMediaReception and StopMediaReception (pyskinny capture) are named, with their bodies as bytes', () => {
  // Frames 11 and 2 of pyskinny-cm2-virtualphone-hold-unhold.pcap.
  const start = decodeMessage(Uint8Array.from(Buffer.from('1c000000000000008c0000000a66db1b1e0000000400000080ea12007cfe8e09b0fe8e09', 'hex')));
  const stop = decodeMessage(Uint8Array.from(Buffer.from('08000000000000008d0000005cfe8e09', 'hex')));
  clean(start);
  clean(stop);
  assert.equal(start.name, 'StartMediaReception');
  assert.equal(stop.name, 'StopMediaReception');
  assert.deepEqual(at(stop, 'body'), { value: '5cfe8e09', offset: 12, length: 4 });
  assert.equal(at(start, 'body')?.length, 24);
});

test('MediaPortList (chan-sccp layout): a count and that many RTP ports', () => {
  const m = decodeMessage(message(0x0011, 0, 2, 20000, 20002));
  clean(m);
  assert.equal(m.name, 'MediaPortList');
  assert.deepEqual(
    leaves(m.fields, 'rtpMediaPort').map((f) => [f.value, f.offset]),
    [
      [20000, 16],
      [20002, 20],
    ],
  );
  // Every listed port is a media endpoint of the station.
  assert.deepEqual(m.media, [
    { role: 'station-rtp', port: 20000 },
    { role: 'station-rtp', port: 20002 },
  ]);
});

test('SPCPPlatformInfoGetReq (chan-sccp, body unknown) decodes by its header only', () => {
  const m = decodeMessage(message(0xff02, 0, 7, 8));
  clean(m);
  assert.equal(m.name, 'SPCPPlatformInfoGetReq');
  assert.deepEqual(at(m, 'body'), { value: '0700000008000000', offset: 12, length: 8 });
});
