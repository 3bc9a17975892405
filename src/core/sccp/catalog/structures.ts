/**
 * SHARED sub-structures of the message catalog: layouts that several messages embed (media capability unions,
 * media qualifiers, ...). Used by every messages-*.ts file; more than one person edits this file, so make small,
 * additive edits and keep each structure self-contained.
 */
import { i32, ipv4, ipv4or6, str, struct, u16, u32, u8, vstr, when } from '../layout';
import type { FieldSpec } from '../layout';
import * as E from './enums';

// Silence unused-import checks for builders not used yet.
void [i32, ipv4, ipv4or6, str, struct, u16, u32, u8, vstr, when, E];

export type { FieldSpec };

// ---- Media qualifiers (OpenReceiveChannel, StartMediaTransmission, multicast and multimedia messages) ----

/** Four one-byte codec parameters (codecParams). */
export const codecParams: FieldSpec = struct('codecParams', [u8('codecMode'), u8('dynamicPayload'), u8('codecParam1'), u8('codecParam2')]);

/**
 * The last word of a media qualifier: up to V10 a G.723 bit rate; from V11 the G.723 bit rate when the message's
 * compressionType is G.723.1 (9), otherwise codecParams. Needs a `compressionType` field decoded before it.
 */
export const qualifierCodecWord: readonly FieldSpec[] = [
  { kind: 'when', cond: { maxVersion: 0x0a }, fields: [u32('g723BitRate', E.Media_G723BitRate)] },
  {
    kind: 'when',
    cond: { minVersion: 0x0b },
    fields: [
      {
        kind: 'union',
        name: 'codecChoice',
        selector: 'compressionType',
        cases: [
          { values: [9], label: 'compressionType is Media_Payload_G7231', fields: [u32('g723BitRate', E.Media_G723BitRate)] },
          { values: '*', label: 'any compressionType', fields: [codecParams] },
        ],
      },
    ],
  },
];

/** qualifierIn: receive-side media qualifier (echo cancellation, then the codec word). */
export const qualifierIn: FieldSpec = struct('qualifierIn', [u32('ecValue', E.Media_EchoCancellation), ...qualifierCodecWord]);

/** qualifierOut: transmit-side media qualifier (precedence, silence suppression, frames per packet, codec word). */
export const qualifierOut: FieldSpec = struct('qualifierOut', [
  u32('precedenceValue'),
  u32('ssValue', E.Media_SilenceSuppression),
  u16('maxFramesPerPacket'),
  u16('padding'),
  ...qualifierCodecWord,
]);

/**
 * SRTP key material (mRxMediaEncryptionKeyInfo / mTxMediaEncryptionKeyInfo): algorithm, then a 16-byte key area and
 * a 16-byte salt area of which keylen / saltlen bytes are shown (a length above 16 shows none, as in Wireshark).
 */
export function mediaEncryptionKeyInfo(name: string): FieldSpec {
  return struct(name, [
    u32('algorithmID', E.MediaEncryptionAlgorithmType),
    u16('keylen'),
    u16('saltlen'),
    { kind: 'array', name: 'key', count: { field: 'keylen' }, max: 16, loop: 'bounded', elementSize: 1, element: [u8('key')] },
    { kind: 'array', name: 'salt', count: { field: 'saltlen' }, max: 16, loop: 'bounded', elementSize: 1, element: [u8('salt')] },
    u32('isMKIPresent'),
    u32('keyDerivationRate'),
  ]);
}

/** latentCapsInfo (V21+): modem-relay and payload capabilities a gateway may switch to during the call. */
export const latentCapsInfo: FieldSpec = struct('latentCapsInfo', [
  u32('active'),
  struct('modemRelay', [u32('capAndVer'), u32('modAnd2833')]),
  struct('sprtPayload', [u16('chan0MaxPayload'), u16('chan2MaxPayload'), u16('chan3MaxPayload'), u16('chan2MaxWindow')]),
  struct('sse', [u32('standard'), u32('vendor')]),
  struct('payloadParam', [u8('nse'), u8('rfc2833'), u8('sse'), u8('v150sprt'), u8('noaudio'), u8('FutureUse1'), u8('FutureUse2'), u8('FutureUse3')]),
]);

// ---- Bit fields shared by several messages ----

/** partyPIRestrictionBits: which party names/numbers the phone must not display (presentation restriction). */
export const partyPIRestrictionBits: FieldSpec = {
  kind: 'flags',
  name: 'partyPIRestrictionBits',
  size: 4,
  flags: (
    [
      ['CallingPartyName', 0x1],
      ['CallingPartyNumber', 0x2],
      ['CallingParty', 0x3],
      ['CalledPartyName', 0x4],
      ['CalledPartyNumber', 0x8],
      ['CalledParty', 0xc],
      ['OriginalCalledPartyName', 0x10],
      ['OriginalCalledPartyNumber', 0x20],
      ['OriginalCalledParty', 0x30],
      ['LastRedirectPartyName', 0x40],
      ['LastRedirectPartyNumber', 0x80],
      ['LastRedirectParty', 0xc0],
      ['BitsReserved', 0xffffff00],
    ] as const
  ).map(([n, mask]) => ({ name: `RestrictInformationType.${n}`, mask })),
};

/** h263_capability_bitfield: 32 generic H.263 option bits (Generic.Bitfield.Bit1 = bit 0 ... Bit32 = bit 31). */
export const h263CapabilityBitfield: FieldSpec = {
  kind: 'flags',
  name: 'h263_capability_bitfield',
  size: 4,
  flags: Array.from({ length: 32 }, (_, i) => ({ name: `Generic.Bitfield.Bit${i + 1}`, mask: 2 ** i })),
};

// ---- Station identity and features (RegisterReq, RegisterAck, RegisterTokenReq, ConfigStatRes) ----

/** sid: the station identifier (device name, a reserved word, instance). */
export const sid: FieldSpec = struct('sid', [str('DeviceName', 16), u32('reserved.for.future.use'), u32('instance')]);

/** phoneFeatures: the 16-bit feature word a station and the CallManager exchange at registration. */
export const phoneFeatures: FieldSpec = {
  kind: 'flags',
  name: 'phoneFeatures',
  size: 2,
  flags: [
    { name: 'PhoneFeatures.Bit1', mask: 0x0001 },
    { name: 'PhoneFeatures.Bit2', mask: 0x0002 },
    { name: 'PhoneFeatures.Bit3', mask: 0x0004 },
    { name: 'PhoneFeatures.Bit4', mask: 0x0008 },
    { name: 'PhoneFeatures.UTF8', mask: 0x0010 },
    { name: 'PhoneFeatures.Bit6', mask: 0x0020 },
    { name: 'PhoneFeatures.Bit7', mask: 0x0040 },
    { name: 'PhoneFeatures.DynamicMessages', mask: 0x0080 },
    { name: 'PhoneFeatures.Bit9', mask: 0x0100 },
    { name: 'PhoneFeatures.RFC2833', mask: 0x0200 },
    { name: 'PhoneFeatures.Bit11', mask: 0x0400 },
    { name: 'PhoneFeatures.Bit12', mask: 0x0800 },
    { name: 'PhoneFeatures.Bit13', mask: 0x1000 },
    { name: 'PhoneFeatures.Bit14', mask: 0x2000 },
    { name: 'PhoneFeatures.Bit15', mask: 0x4000 },
    { name: 'PhoneFeatures.Abbreviated.Dial', mask: 0x8000 },
  ],
};

/** A directory number in a fixed-size field: 24 bytes before V18, 25 from V18 (Wireshark's VariableDirnumSize). */
export function variableDirnum(name: string): readonly FieldSpec[] {
  return [when({ maxVersion: 0x11 }, [str(name, 24)]), when({ minVersion: 0x12 }, [str(name, 25)])];
}

// ---- Capabilities (CapabilitiesRes, UpdateCapabilities, CapabilitiesV2Res, CapabilitiesV3Res) ----

/** Media payload types that select a capability's parameters (Wireshark's Media_PayloadType values). */
export const PAYLOAD = {
  G7231: 0x09,
  H261: 0x64,
  H263: 0x65,
  VIEO: 0x66,
  H264: 0x67,
  V150_LC_MODEMRELAY: 0x12c,
  V150_LC_SPRT: 0x12d,
  V150_LC_SSE: 0x12e,
} as const;

/**
 * One audio capability (16 bytes): payload type, frames per packet, then 8 bytes whose meaning depends on the
 * payload type (G.723.1 bit rate, V.150 modem-relay / SPRT / SSE parameters, or generic codec parameters).
 */
export const audioCapability: readonly FieldSpec[] = [
  u32('payloadCapability', E.Media_PayloadType),
  u32('maxFramesPerPacket'),
  {
    kind: 'union',
    name: 'payloadParameters',
    selector: 'payloadCapability',
    size: 8,
    cases: [
      { values: [PAYLOAD.G7231], label: 'payloadCapability is Media_Payload_G7231', fields: [u32('g723BitRate', E.Media_G723BitRate)] },
      {
        values: [PAYLOAD.V150_LC_MODEMRELAY],
        label: 'payloadCapability is Media_Payload_v150_LC_ModemRelay',
        fields: [struct('modemRelay', [u32('capAndVer'), u32('modAnd2833')])],
      },
      {
        values: [PAYLOAD.V150_LC_SPRT],
        label: 'payloadCapability is Media_Payload_v150_LC_SPRT',
        fields: [struct('sprtPayload', [u16('chan0MaxPayload'), u16('chan2MaxPayload'), u16('chan3MaxPayload'), u16('chan2MaxWindow')])],
      },
      {
        values: [PAYLOAD.V150_LC_SSE],
        label: 'payloadCapability is Media_Payload_v150_LC_SSE',
        fields: [struct('sse', [u32('standard'), u32('vendor')])],
      },
      { values: '*', label: 'any payloadCapability', fields: [codecParams] },
    ],
  },
];

/** A custom picture format of a video-capable station (20 bytes). */
export const customPictureFormat: readonly FieldSpec[] = [
  u32('pictureWidth'),
  u32('pictureHeight'),
  u32('pixelAspectRatio'),
  u32('clockConversionCode'),
  u32('clockDivisor'),
];

/** One video level preference (24 bytes). */
export const levelPreference: readonly FieldSpec[] = [
  u32('transmitPreference'),
  u32('format'),
  u32('maxBitRate'),
  u32('minBitRate'),
  u32('MPI'),
  u32('serviceNumber'),
];

/** The video-codec-specific part of a video capability, chosen by its payloadCapability. */
export const h261VideoCapability: FieldSpec = struct('h261VideoCapability', [u32('temporalSpatialTradeOffCapability'), u32('stillImageTransmission')]);
export const h263VideoCapability: FieldSpec = struct('h263VideoCapability', [h263CapabilityBitfield, u32('annexNandWFutureUse')]);
export const h264VideoCapability: FieldSpec = struct('h264VideoCapability', [
  u32('profile'),
  u32('level'),
  u32('customMaxMBPS'),
  u32('customMaxFS'),
  u32('customMaxDPB'),
  u32('customMaxBRandCPB'),
]);
export const vieoVideoCapability: FieldSpec = struct('vieoVideoCapability', [u32('modelNumber'), u32('bandwidth')]);

/**
 * confResources of the capability messages: conference resources and up to 4 service resources. `v3`: the
 * variable-length layout of CapabilitiesV3Res (all 4 service resources decoded, only layoutCount layouts present).
 */
export function confResources(v3: boolean): FieldSpec {
  return struct('confResources', [
    u32('activeStreamsOnRegistration'),
    u32('maxBW'),
    u32('serviceResourceCount'),
    {
      kind: 'array',
      name: 'serviceResource',
      count: { field: 'serviceResourceCount' },
      max: 4,
      elementSize: 24,
      loop: v3 ? 'guarded-all' : 'guarded',
      element: [
        u32('layoutCount'),
        {
          kind: 'array',
          name: 'layouts',
          count: { field: 'layoutCount' },
          max: 5,
          elementSize: 4,
          loop: v3 ? 'bounded-count' : 'bounded',
          element: [u32('layouts', E.Layout)],
        },
        u32('serviceNum'),
        u32('maxStreams'),
        u32('maxConferences'),
        u32('activeConferenceOnRegistration'),
      ],
    },
  ]);
}
