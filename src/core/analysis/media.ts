/**
 * Media legs: one per direction of a station's media channel, keyed by its pass-through party ID. A receive leg is
 * set up by OpenReceiveChannel and told where the station receives by its Ack; a transmit leg is told where to send by
 * StartMediaTransmission and answered with where the station sends from. Multimedia (video) and multicast variants
 * work the same way. Opening a leg's endpoint opens a pinhole; closing the leg closes it.
 */
import type { SccpMessage } from '../sccp/message';
import type { LegState, LegTable } from './calls';
import type { CloseDoc, CloseReason, Endpoint, Labelled, MessageRef, TimeRef } from './document';
import { labelled, nonZero, num, passThroughPartyId, text } from './fields';
import type { PinholeState, PinholeTable } from './pinholes';
import type { StationState } from './stations';

type Op = 'open' | 'ack' | 'close' | 'failure';
type Kind = 'audio' | 'multimedia' | 'multicast';

interface MediaMessage {
  op: Op;
  direction: 'receive' | 'transmit';
  kind: Kind;
}

const MEDIA_MESSAGES: ReadonlyMap<number, MediaMessage> = new Map<number, MediaMessage>([
  [0x0105, { op: 'open', direction: 'receive', kind: 'audio' }], // OpenReceiveChannel
  [0x0022, { op: 'ack', direction: 'receive', kind: 'audio' }], // OpenReceiveChannelAck
  [0x0106, { op: 'close', direction: 'receive', kind: 'audio' }], // CloseReceiveChannel
  [0x0131, { op: 'open', direction: 'receive', kind: 'multimedia' }], // OpenMultiMediaReceiveChannel
  [0x0031, { op: 'ack', direction: 'receive', kind: 'multimedia' }], // OpenMultiMediaReceiveChannelAck
  [0x0136, { op: 'close', direction: 'receive', kind: 'multimedia' }], // CloseMultiMediaReceiveChannel
  [0x0101, { op: 'open', direction: 'receive', kind: 'multicast' }], // StartMulticastMediaReception
  [0x0021, { op: 'ack', direction: 'receive', kind: 'multicast' }], // MulticastMediaReceptionAck
  [0x0103, { op: 'close', direction: 'receive', kind: 'multicast' }], // StopMulticastMediaReception
  [0x008a, { op: 'open', direction: 'transmit', kind: 'audio' }], // StartMediaTransmission
  [0x0154, { op: 'ack', direction: 'transmit', kind: 'audio' }], // StartMediaTransmissionAck
  [0x008b, { op: 'close', direction: 'transmit', kind: 'audio' }], // StopMediaTransmission
  [0x0132, { op: 'open', direction: 'transmit', kind: 'multimedia' }], // StartMultiMediaTransmission
  [0x0155, { op: 'ack', direction: 'transmit', kind: 'multimedia' }], // StartMultiMediaTransmissionAck
  [0x0133, { op: 'close', direction: 'transmit', kind: 'multimedia' }], // StopMultiMediaTransmission
  [0x0102, { op: 'open', direction: 'transmit', kind: 'multicast' }], // StartMulticastMediaTransmission
  [0x0104, { op: 'close', direction: 'transmit', kind: 'multicast' }], // StopMulticastMediaTransmission
  [0x002a, { op: 'failure', direction: 'transmit', kind: 'audio' }], // MediaTransmissionFailure
]);

export class MediaLegState {
  compressionType: Labelled | undefined;
  milliSecondPacketSize: number | undefined;
  /** RTP payload types named in the message (dynamic codec payload, RFC 2833 telephone events). */
  dynamicPayload: number | undefined;
  rfc2833PayloadType: number | undefined;
  request: MessageRef | undefined;
  endpoint: Endpoint | undefined;
  endpointMessage: MessageRef | undefined;
  source: Endpoint | undefined;
  acknowledged: MessageRef | undefined;
  status: Labelled | undefined;
  closed: CloseDoc | undefined;
  /** When it closed, with the UTC time (for the end of legs made of media only). */
  closedAt: TimeRef | undefined;
  encryption: { algorithmID: Labelled; keylen: number; saltlen: number } | undefined;
  readonly pinholes: PinholeState[] = [];

  constructor(
    readonly id: string,
    readonly station: StationState,
    readonly direction: 'receive' | 'transmit',
    readonly kind: Kind,
    readonly passThroughPartyId: number | undefined,
    readonly conferenceId: number | undefined,
    readonly callReference: number | undefined,
    readonly leg: LegState | undefined,
  ) {}

  /** Window for matching observed streams: from the first message to the close (or the end of the capture). */
  span(captureEnd: number): [number, number] {
    return [this.request?.t ?? this.endpointMessage?.t ?? this.acknowledged?.t ?? 0, this.closed?.t ?? captureEnd];
  }
}

/** Problems a media message shows about its call, and SRTP keys sent in clear. */
export interface MediaEvents {
  callProblem(leg: LegState | undefined, code: 'media-refused' | 'transmission-failure', frame: number, message: string, text: string): void;
  srtpInClear(media: MediaLegState, ref: MessageRef): void;
}

export class MediaTable {
  private readonly list: MediaLegState[] = [];
  /** The same legs by station, and by endpoint port: lookups per message and per RTP packet stay short. */
  private readonly byStation = new Map<StationState, MediaLegState[]>();
  private readonly byPort = new Map<number, MediaLegState[]>();
  private readonly bySourcePort = new Map<number, MediaLegState[]>();

  constructor(
    private readonly legs: LegTable,
    private readonly pinholes: PinholeTable,
    private readonly events: MediaEvents,
  ) {}

  all(): readonly MediaLegState[] {
    return this.list;
  }

  message(station: StationState, m: SccpMessage, ref: MessageRef, at: TimeRef): void {
    const spec = MEDIA_MESSAGES.get(m.id);
    if (!spec) return;
    const ptp = passThroughPartyId(m);
    const conferenceId = nonZero(num(m, 'conferenceId'));
    const callReference = nonZero(num(m, 'callReference'));
    let media = this.find(station, spec, ptp, conferenceId);
    switch (spec.op) {
      case 'open':
        if (media) this.close(media, at, m.name, 'replaced');
        media = this.create(station, spec, ptp, conferenceId, callReference, at, m.name);
        media.request = ref;
        this.readCodec(media, m);
        this.readEncryption(media, m, ref);
        if (spec.direction === 'receive') media.source = endpointOf(m, 'sourceIpAddr', 'sourcePortNumber');
        // Transmit legs and multicast receptions carry their endpoint in the request itself.
        {
          const e =
            spec.kind === 'multicast'
              ? endpointOf(m, 'multicastIpAddr', 'multicastPortNumber')
              : spec.direction === 'transmit'
                ? endpointOf(m, 'remoteIpAddr', 'remotePortNumber')
                : undefined;
          if (e) this.setEndpoint(media, e, ref);
        }
        break;
      case 'ack': {
        media ??= this.create(station, spec, ptp, conferenceId, callReference, at, m.name);
        media.acknowledged = ref;
        media.status = labelled(m, 'mediaReceptionStatus') ?? labelled(m, 'multimediaReceptionStatus') ?? labelled(m, 'multicastReceptionStatus') ?? labelled(m, 'mediaTransmissionStatus') ?? labelled(m, 'multimediaTransmissionStatus');
        if (media.status && media.status.value !== 0) {
          this.events.callProblem(media.leg, 'media-refused', ref.frame, m.name, `${m.name} answered ${media.status.name}: the station did not set the channel up`);
          break;
        }
        if (spec.direction === 'receive' && spec.kind !== 'multicast') {
          const e = endpointOf(m, 'ipAddr', 'portNumber');
          if (e) this.setEndpoint(media, e, ref);
        } else if (spec.direction === 'transmit') {
          media.source = endpointOf(m, 'transmitIpAddr', 'portNumber');
          if (media.source) push(this.bySourcePort, media.source.port, media);
          if (media.source) station.embeddedAddresses.add(media.source.ip);
        }
        break;
      }
      case 'close':
        if (media) this.close(media, at, m.name, spec.direction === 'receive' ? 'closed' : 'stopped');
        break;
      case 'failure': {
        const remote = endpointOf(m, 'remoteIpAddr', 'remotePortNumber');
        const leg = media?.leg ?? this.resolveLeg(station, ptp, conferenceId, callReference, at, m.name);
        this.events.callProblem(leg, 'transmission-failure', ref.frame, m.name, `the station could not send media${remote ? ` to ${remote.ip}:${remote.port}` : ''}`);
        break;
      }
    }
  }

  /** Close what is still open of a station's media (of one call leg, or all of it when the station went away). */
  closeWhere(station: StationState, pred: (m: MediaLegState) => boolean, at: TimeRef, message: string, reason: CloseReason): void {
    for (const m of this.byStation.get(station) ?? []) if (!m.closed && pred(m)) this.close(m, at, message, reason);
  }

  /** The station's media legs, oldest first. */
  ofStation(station: StationState): readonly MediaLegState[] {
    return this.byStation.get(station) ?? [];
  }

  /** The media legs whose endpoint has this port (receive: where media arrives; transmit: where it is sent). */
  onPort(port: number): readonly MediaLegState[] {
    return this.byPort.get(port) ?? [];
  }

  /** The transmit legs whose station said (in StartMediaTransmissionAck) it sends from this port. */
  fromPort(port: number): readonly MediaLegState[] {
    return this.bySourcePort.get(port) ?? [];
  }

  private close(media: MediaLegState, at: TimeRef, message: string, reason: CloseReason): void {
    if (media.closed) return;
    media.closed = { frame: at.frame, t: at.t, message, reason };
    media.closedAt = at;
    for (const p of media.pinholes) this.pinholes.close(p, { frame: at.frame, t: at.t, message }, reason);
  }

  private find(station: StationState, spec: MediaMessage, ptp: number | undefined, conferenceId: number | undefined): MediaLegState | undefined {
    const mine = this.ofStation(station);
    for (let i = mine.length - 1; i >= 0; i--) {
      const m = mine[i]!;
      if (m.direction !== spec.direction || m.closed) continue;
      if ((m.kind === 'multicast') !== (spec.kind === 'multicast')) continue;
      if (ptp !== undefined ? m.passThroughPartyId === ptp : conferenceId !== undefined && m.conferenceId === conferenceId) return m;
    }
    return undefined;
  }

  private create(
    station: StationState,
    spec: MediaMessage,
    ptp: number | undefined,
    conferenceId: number | undefined,
    callReference: number | undefined,
    at: TimeRef,
    message: string,
  ): MediaLegState {
    const leg = this.resolveLeg(station, ptp, conferenceId, callReference, at, message);
    const media = new MediaLegState(`M${this.list.length + 1}`, station, spec.direction, spec.kind, ptp, conferenceId, callReference, leg);
    this.list.push(media);
    push(this.byStation, station, media);
    if (leg) {
      leg.media.push(media);
      if (conferenceId !== undefined) leg.conferenceIds.add(conferenceId);
    }
    return media;
  }

  /**
   * The call leg a media channel belongs to: the station's leg with the channel's call reference, or with its
   * conference ID (a recording or monitoring stream of a call carries the call's reference there), or the leg of the
   * station's other channel with the same pass-through party ID; failing all, a leg is opened for it.
   */
  private resolveLeg(
    station: StationState,
    ptp: number | undefined,
    conferenceId: number | undefined,
    callReference: number | undefined,
    at: TimeRef,
    message: string,
  ): LegState | undefined {
    if (callReference !== undefined) {
      const leg = this.legs.get(station, callReference);
      if (leg) return leg;
    }
    if (conferenceId !== undefined) {
      const leg = this.legs.get(station, conferenceId);
      if (leg) return leg;
    }
    if (ptp !== undefined) {
      const mine = this.ofStation(station);
      for (let i = mine.length - 1; i >= 0; i--) {
        const m = mine[i]!;
        if (m.passThroughPartyId === ptp && m.leg) return m.leg;
      }
    }
    const ref = callReference ?? conferenceId;
    return this.legs.open(station, ref ?? 0, at, message);
  }

  private setEndpoint(media: MediaLegState, e: Endpoint, ref: MessageRef): void {
    media.endpoint = e;
    media.endpointMessage = ref;
    push(this.byPort, e.port, media);
    const station = media.station;
    if (media.direction === 'receive') station.embeddedAddresses.add(e.ip);
    if (!usable(e)) return;
    const kind = media.kind === 'multicast' ? (media.direction === 'receive' ? 'multicast-receive' : 'multicast-transmit') : media.direction;
    let translated: Endpoint | undefined;
    if (kind === 'receive' && e.ip !== station.ip) translated = { ip: station.ip, port: e.port };
    if (kind === 'transmit') {
      // Sending to a station behind NAT: the media goes to that station's own address.
      const peer = this.onPort(e.port).find((m) => m !== media && m.direction === 'receive' && m.endpoint?.ip === e.ip);
      if (peer && peer.station.ip !== e.ip) translated = { ip: peer.station.ip, port: e.port };
    }
    media.pinholes.push(this.pinholes.open(kind, media, e, translated, ref));
  }

  private readCodec(media: MediaLegState, m: SccpMessage): void {
    media.compressionType = labelled(m, 'compressionType');
    media.milliSecondPacketSize = num(m, 'milliSecondPacketSize');
    media.dynamicPayload = nonZero(num(m, 'dynamicPayload', 'payloadType'));
    media.rfc2833PayloadType = nonZero(num(m, 'RFC2833PayloadType'));
  }

  private readEncryption(media: MediaLegState, m: SccpMessage, ref: MessageRef): void {
    const algorithmID = labelled(m, 'algorithmID');
    if (!algorithmID) return;
    const keylen = num(m, 'keylen') ?? 0;
    const saltlen = num(m, 'saltlen') ?? 0;
    media.encryption = { algorithmID, keylen, saltlen };
    if (algorithmID.value !== 0 || keylen > 0) this.events.srtpInClear(media, ref);
  }
}

/** An address and port from two fields; undefined when absent or the unspecified address. */
function endpointOf(m: SccpMessage, ipField: string, portField: string): Endpoint | undefined {
  const ip = text(m, ipField);
  const port = num(m, portField);
  if (ip === undefined || port === undefined || ip === '0.0.0.0' || ip === '::') return undefined;
  return { ip, port };
}

/** Can a firewall open a UDP pinhole for it? */
function usable(e: Endpoint): boolean {
  return e.port > 0 && e.port <= 0xffff;
}

function push<K>(index: Map<K, MediaLegState[]>, key: K, media: MediaLegState): void {
  const list = index.get(key);
  if (list) list.push(media);
  else index.set(key, [media]);
}
