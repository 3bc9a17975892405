/**
 * The calls document: what `sccp-dissect calls` writes, described field by field in docs/calls.md and published as
 * schema/calls.schema.json. Field names follow the decoder's (Wireshark's) wherever a value comes from a message.
 */
import type { AnalyzerSettings } from './options';

export const CALLS_SCHEMA_VERSION = 1;

/** A moment of the capture: a frame, and seconds since the capture's first packet. */
export interface At {
  frame: number;
  t: number;
}

/** A moment with its UTC time too (for the start, answer and end of calls). */
export interface TimeRef extends At {
  time: string;
}

/** A message that did something: where it is, and its name. */
export interface MessageRef extends At {
  message: string;
}

/** An enumerated value with Wireshark's label for it. */
export interface Labelled {
  value: number;
  name: string;
}

export interface Endpoint {
  ip: string;
  port: number;
}

export interface SourceInfo {
  /** The file's base name (never a path). */
  name: string;
  format: string;
  compressed: boolean;
  size: number;
  packets: number;
  firstTime: string | null;
  lastTime: string | null;
  durationSeconds: number;
}

export interface JunosInterval {
  table: string;
  direction: 'station-to-callmanager' | 'callmanager-to-station';
  from: string;
  to: string;
}

export interface SettingsDoc extends AnalyzerSettings {
  junosIntervals: JunosInterval[];
}

export interface CallsDocument {
  schemaVersion: number;
  generator: string;
  source: SourceInfo;
  settings: SettingsDoc;
  stations: StationDoc[];
  calls: CallDoc[];
  unnegotiatedRtp: RtpStreamDoc[];
  unnegotiatedRtcp: RtcpStreamDoc[];
  alg: AlgDoc;
  diagnostics: DiagnosticsDoc;
  statistics: StatisticsDoc;
}

// ------------------------------------------------------------------ stations

export interface StationDoc {
  id: string;
  /** TCP stream index (Wireshark's tcp.stream). */
  stream: number;
  ip: string;
  port: number;
  callManager: Endpoint;
  tls: boolean;
  deviceName: string | null;
  deviceType: Labelled | null;
  protocolVer: number | null;
  maxProtocolVer: number | null;
  headerVersions: number[];
  keepAliveInterval: number | null;
  secondaryKeepAliveInterval: number | null;
  /** Registered at the end of the capture (a RegisterAck and no unregistration after it). */
  registered: boolean;
  registrations: RegistrationDoc[];
  unregistrations: UnregistrationDoc[];
  keepAlives: { requests: number; acks: number };
  messages: { fromStation: number; toStation: number };
  /** The frame that opened the connection (as far as the capture shows it). */
  firstFrame: number;
  /** The station's first and last SCCP message (null when none could be read, as over TLS). */
  first: At | null;
  last: At | null;
}

export interface RegistrationDoc {
  request: MessageRef;
  deviceName: string | null;
  stationIpAddr: string | null;
  deviceType: Labelled | null;
  protocolVer: number | null;
  result: 'registered' | 'rejected' | 'no-response';
  response: MessageRef | null;
  keepAliveInterval: number | null;
  maxProtocolVer: number | null;
  /** RegisterReject's text. */
  text: string | null;
}

export interface UnregistrationDoc {
  request: MessageRef;
  response: MessageRef | null;
  status: Labelled | null;
}

// ------------------------------------------------------------------ calls

/**
 * completed: answered, then on-hook; not-answered, busy, failed: on-hook without an answer (after ringing, after
 * Busy, or after Congestion / InvalidNumber); abandoned: on-hook before the call got anywhere (it never rang, was
 * never proceeding); media-closed: a leg of media only (a conference bridge, MTP or transcoder) whose channels all
 * closed; station-gone: the station unregistered first; in-progress: still up when the capture ends.
 */
export type EndReason = 'completed' | 'not-answered' | 'busy' | 'failed' | 'abandoned' | 'media-closed' | 'station-gone' | 'in-progress' | 'unknown';
export type TieReason = 'media' | 'parties' | 'conference';

export interface CallDoc {
  id: string;
  start: TimeRef;
  answer: TimeRef | null;
  end: TimeRef | null;
  durationSeconds: number | null;
  talkSeconds: number | null;
  endReason: EndReason;
  callingParty: string | null;
  callingPartyName: string | null;
  calledParty: string | null;
  calledPartyName: string | null;
  /** Why legs of different stations were judged one call. */
  tiedBy: TieReason[];
  legs: LegDoc[];
  problems: CallProblemDoc[];
}

export interface LegDoc {
  station: string;
  stationName: string;
  callReference: number;
  lineInstance: number | null;
  callInstance: number | null;
  callType: Labelled | null;
  callingParty: string | null;
  callingPartyName: string | null;
  calledParty: string | null;
  calledPartyName: string | null;
  originalCalledParty: string | null;
  originalCalledPartyName: string | null;
  lastRedirectingParty: string | null;
  lastRedirectingPartyName: string | null;
  dialedNumber: string | null;
  keypadDigits: string;
  states: StateDoc[];
  start: TimeRef;
  answer: TimeRef | null;
  end: TimeRef | null;
  endReason: EndReason;
  messages: number;
  media: MediaLegDoc[];
}

export interface StateDoc extends At {
  callState: number;
  name: string;
}

export type CallProblemCode =
  | 'no-rtp'
  | 'one-way-media'
  | 'nat-mismatch'
  | 'media-outside-pinhole'
  | 'srtp-key-in-clear'
  | 'unanswered-request'
  | 'media-refused'
  | 'transmission-failure';

export interface CallProblemDoc {
  code: CallProblemCode;
  frame: number;
  message: string;
  text: string;
}

// ------------------------------------------------------------------ media

export type CloseReason = 'closed' | 'stopped' | 'call-ended' | 'station-gone' | 'inactive-media' | 'replaced';

export interface CloseDoc {
  /** The frame of the closing message; null when nothing in the capture closed it (inactive-media timeout). */
  frame: number | null;
  t: number;
  message: string | null;
  reason: CloseReason;
}

export interface MediaLegDoc {
  id: string;
  direction: 'receive' | 'transmit';
  kind: 'audio' | 'multimedia' | 'multicast';
  passThroughPartyId: number | null;
  conferenceId: number | null;
  callReference: number | null;
  compressionType: Labelled | null;
  milliSecondPacketSize: number | null;
  /** The request that set the channel up (OpenReceiveChannel, StartMediaTransmission, ...). */
  request: MessageRef | null;
  /** Receive: where the station receives. Transmit: where it sends. */
  endpoint: Endpoint | null;
  endpointMessage: MessageRef | null;
  /** Receive: the expected source (OpenReceiveChannel's sourceIpAddr). Transmit: where the station sends from (StartMediaTransmissionAck). */
  source: Endpoint | null;
  acknowledged: MessageRef | null;
  /** The acknowledgement's status (mediaReceptionStatus, mediaTransmissionStatus, ...). */
  status: Labelled | null;
  closed: CloseDoc | null;
  encryption: EncryptionDoc | null;
  rtp: MatchedRtpDoc[];
  rtcp: MatchedRtcpDoc[];
  pinholes: string[];
}

export interface EncryptionDoc {
  algorithmID: Labelled;
  keylen: number;
  saltlen: number;
}

/**
 * endpoint: to the leg's endpoint (and, for transmit legs, from the station); station-address: to the station's own
 * address on the leg's port (the station is behind NAT); transmit-source: from the address and port the station said
 * it sends from; endpoint-port: from the station's media port to the leg's port at another address (the far end is
 * behind NAT, or the addresses inside the messages were rewritten).
 */
export type MatchReason = 'endpoint' | 'station-address' | 'transmit-source' | 'endpoint-port';

export interface RtpStreamDoc {
  id: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  ssrc: string;
  payloadType: number;
  payloadTypes: { payloadType: number; name: string | null; packets: number }[];
  clockRate: number | null;
  packets: number;
  /** UDP payload bytes. */
  bytes: number;
  first: At;
  last: At;
  firstSequence: number;
  expected: number;
  /** Expected less received (RFC 3550): negative when duplicates outnumber losses. */
  lost: number;
  lossPercent: number;
  duplicates: number;
  lateOrReordered: number;
  sequenceJumps: number;
  jitterMs: number | null;
  maxJitterMs: number | null;
  /** Packets inside and outside the pinholes an ALG had open at the time. */
  insidePinholes: number;
  outsidePinholes: number;
}

export interface MatchedRtpDoc extends RtpStreamDoc {
  matchedBy: MatchReason;
}

export interface RtcpStreamDoc {
  id: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  ssrc: string;
  packets: number;
  bytes: number;
  first: At;
  last: At;
  packetTypes: { type: number; name: string; packets: number }[];
  insidePinholes: number;
  outsidePinholes: number;
}

export interface MatchedRtcpDoc extends RtcpStreamDoc {
  matchedBy: MatchReason;
}

// ------------------------------------------------------------------ ALG

export interface AlgDoc {
  pinholes: PinholeDoc[];
  nat: NatDoc[];
  mediaOutsidePinholes: OutsideDoc[];
  splitMessages: SplitDoc[];
  floods: FloodDoc[];
  outsideJunosIntervals: IdCountDoc[];
  unknownMessages: IdCountDoc[];
}

export type PinholeKind = 'receive' | 'transmit' | 'multicast-receive' | 'multicast-transmit';

export interface PinholeDoc {
  id: string;
  station: string;
  call: string | null;
  mediaLeg: string;
  kind: PinholeKind;
  /** The address media may go to (RTP port; RTCP goes to rtcpPort). */
  to: Endpoint;
  rtcpPort: number;
  /** Where the media must come from (the station, for transmit pinholes); null for any source. */
  fromIp: string | null;
  /** The station's own transport address, when the embedded one differs (what a NAT-ing ALG would rewrite it to). */
  translatedTo: Endpoint | null;
  opened: MessageRef;
  closed: CloseDoc | null;
  rtpPackets: number;
  rtcpPackets: number;
}

export interface NatDoc {
  station: string;
  message: string;
  field: string;
  embedded: string;
  transport: string;
  frame: number;
  t: number;
  occurrences: number;
  frames: number[];
}

/**
 * before-open: before any pinhole for the address opened; after-close, after-inactive-timeout: after its pinhole
 * closed; address-mismatch: from a station to the port of its transmit pinhole, but at another address;
 * no-pinhole: no pinhole ever matched.
 */
export type OutsideReason = 'before-open' | 'after-close' | 'after-inactive-timeout' | 'address-mismatch' | 'no-pinhole';

export interface OutsideDoc {
  stream: string;
  kind: 'rtp' | 'rtcp';
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  reason: OutsideReason;
  packets: number;
  first: At;
  last: At;
  pinhole: string | null;
  call: string | null;
}

export interface SplitDoc {
  station: string;
  message: string;
  frame: number;
  frames: number[];
  t: number;
  stream: number;
  streamOffset: number;
  length: number;
}

export interface FloodDoc {
  kind: 'calls' | 'registrations';
  station: string | null;
  ip: string;
  threshold: number;
  /** The most events seen in one 60-second window of the episode. */
  count: number;
  /** Events in the whole episode (windows over the threshold that overlap). */
  events: number;
  /** The first and last event: the message that started the call (CallState, ...) or the RegisterReq. */
  first: MessageRef;
  last: MessageRef;
  frames: number[];
}

export interface IdCountDoc {
  id: number;
  idHex: string;
  name: string;
  direction: string;
  count: number;
  frames: number[];
}

// ------------------------------------------------------------------ diagnostics and statistics

export interface DiagnosticsDoc {
  unansweredRequests: UnansweredDoc[];
  unsolicitedResponses: UnsolicitedDoc[];
  srtpKeysInClear: SrtpDoc[];
  decodeProblems: ProblemCountDoc[];
  captureProblems: ProblemCountDoc[];
}

export interface UnansweredDoc {
  station: string;
  message: string;
  frame: number;
  t: number;
  expected: string[];
  waitedSeconds: number;
}

export interface UnsolicitedDoc {
  station: string;
  message: string;
  frame: number;
  t: number;
  request: string;
}

export interface SrtpDoc {
  station: string;
  call: string | null;
  mediaLeg: string | null;
  message: string;
  frame: number;
  t: number;
  passThroughPartyId: number | null;
  algorithmID: Labelled;
  keylen: number;
  saltlen: number;
}

export interface ProblemCountDoc {
  code: string;
  /** The SCCP message it was found in (decode problems), or null. */
  message: string | null;
  count: number;
  frame: number | null;
  text: string;
}

export interface ResponseTimeDoc {
  request: string;
  requestId: number;
  response: string;
  responseId: number;
  count: number;
  minMs: number;
  meanMs: number;
  maxMs: number;
}

export interface MessageCountDoc {
  id: number;
  idHex: string;
  name: string;
  count: number;
  stationToCallManager: number;
  callManagerToStation: number;
}

export interface StatisticsDoc {
  messages: { total: number; stationToCallManager: number; callManagerToStation: number; byId: MessageCountDoc[] };
  responseTimes: ResponseTimeDoc[];
  pairs: { matched: number; unansweredRequests: number; unsolicitedResponses: number };
  stations: number;
  /** TCP connections to the CallManager port that carried no SCCP (refused or abandoned attempts). */
  silentConnections: number;
  calls: { total: number; answered: number; legs: number };
  media: {
    mediaLegs: number;
    rtpStreams: number;
    negotiatedRtpStreams: number;
    unnegotiatedRtpStreams: number;
    rtpPackets: number;
    rtcpStreams: number;
    rtcpPackets: number;
  };
  pinholes: { total: number; closedByMessage: number; closedByTimeout: number; openAtEnd: number };
}
