/**
 * Stations: one per SCCP connection (TCP stream), named by the device name of its RegisterReq, with what its
 * registrations, unregistrations and keepalives said.
 */
import type { SccpMessage } from '../sccp/message';
import type { SccpConnection } from '../session';
import type { At, Endpoint, Labelled, MessageRef, RegistrationDoc, StationDoc, UnregistrationDoc } from './document';
import { labelled, num, text } from './fields';

const ID = {
  KeepAliveReq: 0x0000,
  RegisterReq: 0x0001,
  UnregisterReq: 0x0027,
  RegisterAck: 0x0081,
  RegisterReject: 0x009d,
  KeepAliveAck: 0x0100,
  UnregisterAck: 0x0118,
} as const;

export class StationState {
  deviceName: string | undefined;
  deviceType: Labelled | undefined;
  protocolVer: number | undefined;
  maxProtocolVer: number | undefined;
  keepAliveInterval: number | undefined;
  secondaryKeepAliveInterval: number | undefined;
  readonly headerVersions = new Set<number>();
  readonly registrations: RegistrationDoc[] = [];
  readonly unregistrations: UnregistrationDoc[] = [];
  keepAliveRequests = 0;
  keepAliveAcks = 0;
  fromStation = 0;
  toStation = 0;
  first: At | undefined;
  last: At | undefined;
  /** Addresses the station gave as its own inside messages (RegisterReq, OpenReceiveChannelAck, ...). */
  readonly embeddedAddresses = new Set<string>();
  /** Set when the station unregistered or was rejected: the ALG drops its state then. */
  gone: MessageRef | undefined;

  /** Given when the connection first carries SCCP (or TLS): connections that never did are no stations. */
  id = '';

  constructor(
    readonly stream: number,
    readonly ip: string,
    readonly port: number,
    readonly callManager: Endpoint,
    readonly tls: boolean,
    readonly firstFrame: number,
  ) {}

  /** How the station is called in the document: its device name, or its address when it never registered. */
  get label(): string {
    return this.deviceName ?? `${this.ip}:${this.port}`;
  }

  /** The station's own addresses: its transport address and every address it embedded. */
  ownsAddress(ip: string): boolean {
    return ip === this.ip || this.embeddedAddresses.has(ip);
  }

  get registered(): boolean {
    const last = this.registrations[this.registrations.length - 1];
    if (!last || last.result !== 'registered' || !last.response) return false;
    const unreg = this.unregistrations[this.unregistrations.length - 1];
    return !(unreg && unreg.request.frame > last.response.frame);
  }
}

export class StationTable {
  private readonly byStream = new Map<number, StationState>();
  private readonly listed: StationState[] = [];

  connection(c: SccpConnection): StationState {
    let s = this.byStream.get(c.stream);
    if (!s) {
      s = new StationState(c.stream, c.station.ip, c.station.port, c.callManager, c.tls, c.firstFrame);
      this.byStream.set(c.stream, s);
    }
    // An SCCP-over-TLS connection is a station even when nothing inside can be read.
    if (c.tls) this.list(s);
    return s;
  }

  /** The station a message belongs to (created from the message when the session announced no connection). */
  forMessage(m: SccpMessage): StationState {
    const fromStation = m.direction === 'station-to-callmanager';
    const s =
      this.byStream.get(m.stream) ??
      this.connection({
        stream: m.stream,
        station: fromStation ? { ip: m.src, port: m.srcPort } : { ip: m.dst, port: m.dstPort },
        callManager: fromStation ? { ip: m.dst, port: m.dstPort } : { ip: m.src, port: m.srcPort },
        tls: m.tls === true,
        firstFrame: m.frame,
      });
    this.list(s);
    return s;
  }

  /** Stations in the order they were first heard from (connections that carried no SCCP are left out). */
  all(): readonly StationState[] {
    return this.listed;
  }

  /** Connections to the CallManager port that carried no SCCP at all (refused or abandoned attempts). */
  get silentConnections(): number {
    return this.byStream.size - this.listed.length;
  }

  private list(s: StationState): void {
    if (s.id) return;
    this.listed.push(s);
    s.id = `S${this.listed.length}`;
  }

  /** Registration, unregistration and keepalive bookkeeping for one message of the station's connection. */
  message(s: StationState, m: SccpMessage, ref: MessageRef): void {
    s.first ??= { frame: ref.frame, t: ref.t };
    s.last = { frame: ref.frame, t: ref.t };
    s.headerVersions.add(m.headerVersion);
    if (m.direction === 'station-to-callmanager') s.fromStation++;
    else s.toStation++;
    switch (m.id) {
      case ID.RegisterReq: {
        const stationIpAddr = text(m, 'stationIpAddr') ?? null;
        if (stationIpAddr && stationIpAddr !== '0.0.0.0') s.embeddedAddresses.add(stationIpAddr);
        const reg: RegistrationDoc = {
          request: ref,
          deviceName: text(m, 'DeviceName') ?? null,
          stationIpAddr,
          deviceType: labelled(m, 'deviceType') ?? null,
          protocolVer: num(m, 'protocolVer') ?? null,
          result: 'no-response',
          response: null,
          keepAliveInterval: null,
          maxProtocolVer: null,
          text: null,
        };
        s.registrations.push(reg);
        if (reg.deviceName) s.deviceName = reg.deviceName;
        if (reg.deviceType) s.deviceType = reg.deviceType;
        if (reg.protocolVer !== null) s.protocolVer = reg.protocolVer;
        s.gone = undefined;
        break;
      }
      case ID.RegisterAck: {
        const reg = this.pendingRegistration(s);
        s.keepAliveInterval = num(m, 'keepAliveInterval') ?? s.keepAliveInterval;
        s.secondaryKeepAliveInterval = num(m, 'secondaryKeepAliveInterval') ?? s.secondaryKeepAliveInterval;
        s.maxProtocolVer = num(m, 'maxProtocolVer') ?? s.maxProtocolVer;
        if (reg) {
          reg.result = 'registered';
          reg.response = ref;
          reg.keepAliveInterval = num(m, 'keepAliveInterval') ?? null;
          reg.maxProtocolVer = num(m, 'maxProtocolVer') ?? null;
        }
        break;
      }
      case ID.RegisterReject: {
        const reg = this.pendingRegistration(s);
        if (reg) {
          reg.result = 'rejected';
          reg.response = ref;
          reg.text = text(m, 'text') ?? null;
        }
        s.gone = ref;
        break;
      }
      case ID.UnregisterReq:
        s.unregistrations.push({ request: ref, response: null, status: null });
        break;
      case ID.UnregisterAck: {
        const u = [...s.unregistrations].reverse().find((x) => x.response === null);
        if (u) {
          u.response = ref;
          u.status = labelled(m, 'status') ?? null;
        }
        s.gone = ref;
        break;
      }
      case ID.KeepAliveReq:
        s.keepAliveRequests++;
        break;
      case ID.KeepAliveAck:
        s.keepAliveAcks++;
        break;
    }
  }

  private pendingRegistration(s: StationState): RegistrationDoc | undefined {
    const last = s.registrations[s.registrations.length - 1];
    return last && last.result === 'no-response' ? last : undefined;
  }

  toDoc(s: StationState): StationDoc {
    return {
      id: s.id,
      stream: s.stream,
      ip: s.ip,
      port: s.port,
      callManager: { ip: s.callManager.ip, port: s.callManager.port },
      tls: s.tls,
      deviceName: s.deviceName ?? null,
      deviceType: s.deviceType ?? null,
      protocolVer: s.protocolVer ?? null,
      maxProtocolVer: s.maxProtocolVer ?? null,
      headerVersions: [...s.headerVersions].sort((a, b) => a - b),
      keepAliveInterval: s.keepAliveInterval ?? null,
      secondaryKeepAliveInterval: s.secondaryKeepAliveInterval ?? null,
      registered: s.registered,
      registrations: s.registrations,
      unregistrations: s.unregistrations,
      keepAlives: { requests: s.keepAliveRequests, acks: s.keepAliveAcks },
      messages: { fromStation: s.fromStation, toStation: s.toStation },
      firstFrame: s.firstFrame,
      first: s.first ?? null,
      last: s.last ?? null,
    };
  }
}
