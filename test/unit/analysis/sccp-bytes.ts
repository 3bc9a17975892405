/**
 * SCCP messages built byte by byte for tests, in the basic (header version 0) layouts Wireshark uses: little-endian
 * 32-bit words, IPv4 addresses as their four bytes, fixed-size strings padded with zeros. Each builder follows the
 * layout of the message in the catalog (docs/messages.md); sccp-bytes.test.ts decodes every one of them back.
 */

class Body {
  private readonly parts: number[] = [];

  u32(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  u16(v: number): this {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }

  ip(text: string): this {
    for (const p of text.split('.')) this.parts.push(Number(p));
    return this;
  }

  str(text: string, size: number): this {
    for (let i = 0; i < size; i++) this.parts.push(i < text.length ? text.charCodeAt(i) : 0);
    return this;
  }

  bytes(b: readonly number[]): this {
    this.parts.push(...b);
    return this;
  }

  get array(): number[] {
    return this.parts;
  }
}

/** Header (length, version, message ID) and body. */
export function sccp(id: number, body: Body | number[] = [], headerVersion = 0): Uint8Array {
  const b = Array.isArray(body) ? body : body.array;
  const h = new Body().u32(4 + b.length).u32(headerVersion).u32(id);
  return Uint8Array.from([...h.array, ...b]);
}

const body = () => new Body();

/** SRTP key material block: algorithm, key and salt lengths, 16-byte key and salt areas, MKI flag, derivation rate. */
function keyInfo(b: Body, k: { algorithmID: number; key: number[]; salt: number[] } | undefined): Body {
  const key = k?.key ?? [];
  const salt = k?.salt ?? [];
  b.u32(k?.algorithmID ?? 0).u16(key.length).u16(salt.length);
  for (let i = 0; i < 16; i++) b.u8(key[i] ?? 0);
  for (let i = 0; i < 16; i++) b.u8(salt[i] ?? 0);
  return b.u32(0).u32(0);
}

export interface Srtp {
  algorithmID: number;
  key: number[];
  salt: number[];
}

export const msg = {
  keepAliveReq: () => sccp(0x0000),
  keepAliveAck: () => sccp(0x0100),
  registerReq: (deviceName: string, stationIpAddr: string, o: { deviceType?: number; protocolVer?: number } = {}) =>
    sccp(
      0x0001,
      body()
        .str(deviceName, 16)
        .u32(0)
        .u32(1)
        .ip(stationIpAddr)
        .u32(o.deviceType ?? 30007)
        .u32(0)
        .u32(0)
        .u8(o.protocolVer ?? 7) // below 10: the basic header (version 0) the other builders write
        .u8(0)
        .u16(0)
        .u32(0)
        // The full layout (length 128, as CME and 79xx phones send): a shorter one past 52 leaves bytes unread.
        .u32(0)
        .bytes([0, 0x11, 0x22, 0x33, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0])
        .u32(0)
        .u32(1)
        .bytes(new Array<number>(16).fill(0))
        .u32(0)
        .str('SCCP-TEST', 32),
    ),
  registerAck: (keepAliveInterval = 30) => sccp(0x0081, body().u32(keepAliveInterval).str('M/D/Y', 6).u16(0).u32(60).u8(11).u8(0).u16(0)),
  registerReject: (text: string) => sccp(0x009d, body().str(text, 32)),
  unregisterReq: () => sccp(0x0027),
  unregisterAck: () => sccp(0x0118, body().u32(0)),
  offHook: () => sccp(0x0006),
  onHook: () => sccp(0x0007),
  keypadButton: (digit: number, lineInstance = 1, callReference = 0) => sccp(0x0003, body().u32(digit).u32(lineInstance).u32(callReference)),
  callState: (callState: number, callReference: number, lineInstance = 1) =>
    sccp(0x0111, body().u32(callState).u32(lineInstance).u32(callReference).u32(0).u32(4).u32(0)),
  callInfo: (p: { callingParty: string; callingPartyName?: string; calledParty: string; calledPartyName?: string; callType: number; callReference: number }) =>
    sccp(
      0x008f,
      body()
        .str(p.callingPartyName ?? '', 40)
        .str(p.callingParty, 24)
        .str(p.calledPartyName ?? '', 40)
        .str(p.calledParty, 24)
        .u32(1)
        .u32(p.callReference)
        .u32(p.callType)
        .str('', 40)
        .str(p.calledParty, 24)
        .str('', 40)
        .str('', 24)
        .u32(0)
        .u32(0)
        .str('', 24)
        .str('', 24)
        .str('', 24)
        .str('', 24)
        .u32(1)
        .u32(0)
        .u32(0),
    ),
  dialedNumber: (dialed: string, callReference: number) => sccp(0x011d, body().str(dialed, 24).u32(1).u32(callReference)),
  openReceiveChannel: (o: { conferenceId: number; passThroughPartyId: number; callReference: number; compressionType?: number; srtp?: Srtp }) =>
    sccp(
      0x0105,
      keyInfo(body().u32(o.conferenceId).u32(o.passThroughPartyId).u32(20).u32(o.compressionType ?? 4).u32(0).u32(0).u32(o.callReference), o.srtp)
        .u32(0)
        .u32(0)
        .u32(0)
        .u32(0),
    ),
  openReceiveChannelAck: (o: { ip: string; port: number; passThroughPartyId: number; callReference?: number; status?: number }) =>
    sccp(0x0022, body().u32(o.status ?? 0).ip(o.ip).u32(o.port).u32(o.passThroughPartyId).u32(o.callReference ?? 0)),
  startMediaTransmission: (o: { conferenceId: number; passThroughPartyId: number; callReference: number; ip: string; port: number; compressionType?: number; srtp?: Srtp }) =>
    sccp(
      0x008a,
      keyInfo(
        body()
          .u32(o.conferenceId)
          .u32(o.passThroughPartyId)
          .ip(o.ip)
          .u32(o.port)
          .u32(20)
          .u32(o.compressionType ?? 4)
          .u32(184)
          .u32(0)
          .u16(0)
          .u16(0)
          .u32(0)
          .u32(o.callReference),
        o.srtp,
      )
        .u32(0)
        .u32(0)
        .u32(0)
        .u32(0)
        .u32(0),
    ),
  startMediaTransmissionAck: (o: { conferenceId: number; passThroughPartyId: number; callReference: number; ip: string; port: number }) =>
    sccp(0x0154, body().u32(o.conferenceId).u32(o.passThroughPartyId).u32(o.callReference).ip(o.ip).u32(o.port).u32(0)),
  closeReceiveChannel: (o: { conferenceId: number; passThroughPartyId: number; callReference: number }) =>
    sccp(0x0106, body().u32(o.conferenceId).u32(o.passThroughPartyId).u32(o.callReference).u32(0)),
  stopMediaTransmission: (o: { conferenceId: number; passThroughPartyId: number; callReference: number }) =>
    sccp(0x008b, body().u32(o.conferenceId).u32(o.passThroughPartyId).u32(o.callReference).u32(0)),
  startMulticastMediaReception: (o: { conferenceId: number; passThroughPartyId: number; callReference: number; ip: string; port: number }) =>
    sccp(0x0101, body().u32(o.conferenceId).u32(o.passThroughPartyId).ip(o.ip).u32(o.port).u32(20).u32(4).u32(0).u32(0).u32(o.callReference)),
  stopMulticastMediaReception: (o: { conferenceId: number; passThroughPartyId: number; callReference: number }) =>
    sccp(0x0103, body().u32(o.conferenceId).u32(o.passThroughPartyId).u32(o.callReference)),
  lineStatReq: (lineNumber: number) => sccp(0x000b, body().u32(lineNumber)),
  lineStatRes: (lineNumber: number, dirNumber: string) => sccp(0x0092, body().u32(lineNumber).str(dirNumber, 24).str('', 40).str('', 40).u32(15)),
  forwardStatReq: (lineNumber: number) => sccp(0x0009, body().u32(lineNumber)),
  forwardStatRes: (lineNumber: number) => sccp(0x0090, body().u32(0).u32(lineNumber).u32(0).str('', 24).u32(0).str('', 24).u32(0).str('', 24)),
  /** A message ID no catalog knows. */
  unknown: (id: number) => sccp(id, [1, 2, 3, 4]),
};

/** CallState values (Wireshark's DCallState). */
export const STATE = { OffHook: 1, OnHook: 2, RingOut: 3, RingIn: 4, Connected: 5, Busy: 6, Proceed: 12 } as const;
export const CALL_TYPE = { InBound: 1, OutBound: 2 } as const;

/** An RTP packet: 12-byte header and `payloadBytes` bytes of payload. */
export function rtp(o: { payloadType?: number; sequence: number; timestamp: number; ssrc: number; marker?: boolean; payloadBytes?: number }): Uint8Array {
  const b = new Uint8Array(12 + (o.payloadBytes ?? 160));
  b[0] = 0x80;
  b[1] = ((o.marker ? 0x80 : 0) | (o.payloadType ?? 0)) & 0xff;
  b[2] = (o.sequence >>> 8) & 0xff;
  b[3] = o.sequence & 0xff;
  new DataView(b.buffer).setUint32(4, o.timestamp >>> 0);
  new DataView(b.buffer).setUint32(8, o.ssrc >>> 0);
  b.fill(0xff, 12);
  return b;
}

/** An RTCP compound packet: a receiver report without report blocks, then a BYE for the same SSRC. */
export function rtcp(ssrc: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint8(0, 0x80);
  v.setUint8(1, 201);
  v.setUint16(2, 1);
  v.setUint32(4, ssrc);
  v.setUint8(8, 0x81);
  v.setUint8(9, 203);
  v.setUint16(10, 1);
  v.setUint32(12, ssrc);
  return b;
}
