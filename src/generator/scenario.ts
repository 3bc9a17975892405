/**
 * The simulated network: one CallManager, stations that register over TCP port 2000 and send keepalives, and calls
 * between stations with the call-control and media messages a CallManager exchanges with the two phones, and G.711
 * RTP between the endpoints the phones announced. Events run in time order from a queue; everything random comes
 * from one seeded generator, so a seed always gives the same capture.
 */
import type { Emitter } from './emitter';
import { EventQueue } from './event-queue';
import { host, type Host } from './frames';
import { MSG, V } from './messages';
import { Rng } from './rng';
import { PACKET_INTERVAL_US, PayloadTables, RtpStream, G711_CODECS, type G711 } from './rtp';
import { encodeMessage, type FieldValues } from './sccp-encode';
import { TcpConnection, type Dir, type TcpBehaviour } from './tcp-connection';
import { CATALOG } from '../core/sccp/catalog';

export interface ScenarioOptions {
  seed: number;
  /** Stop starting calls (and hang up those in progress) once this many bytes are written. */
  sizeBytes: number;
  stations: number;
  /** Calls up at the same time, on average. */
  concurrentCalls: number;
  /** Mean talk time of an answered call, seconds. */
  meanHoldSeconds: number;
  keepAliveSeconds: number;
  /** Share of calls the called party answers. */
  answerProbability: number;
  tcp: TcpBehaviour;
  /** Capture start, seconds since the epoch. */
  startTime: number;
}

export interface ScenarioCounts {
  stations: number;
  registrations: number;
  keepAlives: number;
  calls: number;
  answeredCalls: number;
  /** SCCP messages sent (retransmitted copies not counted). */
  sccpMessages: number;
  messagesByName: Record<string, number>;
  rtpPackets: number;
  retransmissions: number;
  /** Header versions of the stations, in station order. */
  headerVersions: number[];
}

const SEC = 1_000_000;
const MS = 1_000;
const CM_PORT = 2000;
/** Header versions real stations use: basic (old phones) and V17-V22. */
const HEADER_VERSIONS = [0x00, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16] as const;
/** A phone model per header version (Wireshark DeviceType values). */
const DEVICE_TYPES: Record<number, number> = { 0x00: 8, 0x11: 115, 0x12: 434, 0x13: 435, 0x14: 436, 0x15: 404, 0x16: 437 };
const NAME_BY_ID = new Map(CATALOG.map((d) => [d.id, d.name]));

interface Station {
  index: number;
  host: Host;
  name: string;
  dn: string;
  displayName: string;
  version: number;
  conn: TcpConnection;
  registered: boolean;
  inCall: boolean;
  nextRtpPort: number;
}

interface Leg {
  station: Station;
  callReference: number;
  passThroughPartyId: number;
  rtpPort: number;
  acked: boolean;
  stream?: RtpStream;
}

interface Call {
  caller: Leg;
  called: Leg;
  conferenceId: number;
  codec: G711;
  /** The called station was told of the call (rings). */
  alerted: boolean;
  answered: boolean;
  media: boolean;
  ended: boolean;
}

export class Scenario {
  private readonly queue = new EventQueue();
  private readonly rng: Rng;
  private readonly payloads: PayloadTables;
  private readonly cm: Host;
  private readonly stations: Station[] = [];
  private readonly calls = new Set<Call>();
  private stopping = false;
  /** Time of the event being run (microseconds). */
  private now = 0;
  private nextCallReference: number;
  private nextPassThrough: number;
  private nextConference: number;
  readonly counts: ScenarioCounts;

  constructor(
    private readonly out: Emitter,
    private readonly opts: ScenarioOptions,
  ) {
    this.rng = new Rng(opts.seed);
    this.payloads = new PayloadTables(this.rng);
    this.cm = host('10.10.0.10', mac(0x001b54, 0x0a0a0a));
    this.nextCallReference = 25_000_000 + this.rng.int(0, 999_999);
    this.nextPassThrough = 16_777_216 + this.rng.int(0, 99_999);
    this.nextConference = 40_000_000 + this.rng.int(0, 999_999);
    this.counts = {
      stations: opts.stations,
      registrations: 0,
      keepAlives: 0,
      calls: 0,
      answeredCalls: 0,
      sccpMessages: 0,
      messagesByName: {},
      rtpPackets: 0,
      retransmissions: 0,
      headerVersions: [],
    };
  }

  run(): void {
    const t0 = this.opts.startTime * SEC;
    for (let i = 0; i < this.opts.stations; i++) {
      const s = this.makeStation(i);
      this.stations.push(s);
      this.counts.headerVersions.push(s.version);
      this.queue.at(t0 + i * this.rng.between(20, 60) * MS, () => this.register(s, this.now));
    }
    this.queue.at(t0 + (this.opts.stations * 60 + 500) * MS, () => this.nextArrival(this.now));
    for (;;) {
      const e = this.queue.pop();
      if (!e) break;
      this.now = e.time;
      if (!this.stopping && this.out.writer.bytesWritten >= this.opts.sizeBytes) this.stop();
      e.action();
    }
    for (const s of this.stations) this.counts.retransmissions += s.conn.retransmissions;
  }

  // ------------------------------------------------------------------ stations

  private makeStation(i: number): Station {
    const version = HEADER_VERSIONS[i % HEADER_VERSIONS.length]!;
    const m = mac(0x0024c4, 0x100000 + i * 7919 + this.rng.int(0, 7000));
    const ip = `10.20.${1 + (i >> 8)}.${(i & 0xff) + 1 === 256 ? 254 : (i & 0xff) + 1}`;
    const h = host(ip, m);
    const conn = new TcpConnection(this.out, this.queue, this.rng, this.opts.tcp, h, this.rng.int(49152, 65000), this.cm, CM_PORT);
    const dn = String(2001 + i);
    return {
      index: i,
      host: h,
      name: `SEP${Array.from(m, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`,
      dn,
      displayName: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
      version,
      conn,
      registered: false,
      inCall: false,
      nextRtpPort: 16384 + 2 * this.rng.int(0, 3000),
    };
  }

  /** Encodes and sends messages in one TCP write; returns the time of the last frame. */
  private send(s: Station, t: number, dir: Dir, messages: readonly [number, FieldValues][]): number {
    const bytes = messages.map(([id, values]) => {
      this.counts.sccpMessages++;
      const name = NAME_BY_ID.get(id)!;
      this.counts.messagesByName[name] = (this.counts.messagesByName[name] ?? 0) + 1;
      return encodeMessage(id, s.version, values);
    });
    return s.conn.send(t, dir, bytes);
  }

  /** The CallManager answers a little later than the station spoke. */
  private cmDelay(): number {
    return this.rng.between(0.4, 2.5) * MS;
  }

  private register(s: Station, t: number): void {
    const up = s.conn.open(t);
    const v = s.version;
    const protocolVer = v === 0 ? 5 : v;
    const t1 = this.send(s, up + 2 * MS, 0, [
      [
        MSG.RegisterReq,
        {
          sid: { DeviceName: s.name, 'reserved.for.future.use': 0, instance: 1 },
          stationIpAddr: s.host.ip,
          deviceType: DEVICE_TYPES[v] ?? 8,
          maxStreams: 5,
          activeStreams: 0,
          protocolVer,
          phoneFeatures: v === 0 ? 0 : 0x8095,
          maxConferences: 0,
          activeConferences: 0,
          macAddress: Array.from(s.host.mac, (b) => b.toString(16).padStart(2, '0')).join(':'),
          ipV4AddressScope: 0,
          maxNumberOfLines: 2,
          ipV6AddressScope: 0,
          firmwareLoadName: v === 0 ? 'P00308010200' : `SCCP${v >= 0x14 ? '45' : '41'}.9-4-2SR3-1S`,
        },
      ],
    ]);
    const t2 = this.send(s, t1 + this.cmDelay(), 1, [
      [MSG.RegisterAck, { keepAliveInterval: this.opts.keepAliveSeconds, dateTemplate: 'D/M/Y', secondaryKeepAliveInterval: 60, maxProtocolVer: protocolVer, phoneFeatures: v === 0 ? 0 : 0x8000 }],
      [MSG.CapabilitiesReq, {}],
    ]);
    this.queue.at(t2 + this.rng.between(5, 30) * MS, () => {
      this.send(s, this.now, 0, [
        [
          MSG.CapabilitiesRes,
          {
            capCount: 3,
            caps: [
              { payloadCapability: G711_CODECS.PCMU.sccpPayload, maxFramesPerPacket: 40 },
              { payloadCapability: G711_CODECS.PCMA.sccpPayload, maxFramesPerPacket: 40 },
              { payloadCapability: 11, maxFramesPerPacket: 60 }, // G.729
            ],
          },
        ],
      ]);
      s.registered = true;
      this.counts.registrations++;
    });
    this.queue.at(t + this.opts.keepAliveSeconds * SEC * this.rng.between(0.2, 1), () => this.keepAlive(s));
  }

  private keepAlive(s: Station): void {
    if (this.stopping) return;
    const t = this.send(s, this.now, 0, [[MSG.KeepAliveReq, {}]]);
    this.send(s, t + this.cmDelay(), 1, [[MSG.KeepAliveAck, {}]]);
    this.counts.keepAlives++;
    this.queue.at(this.now + this.opts.keepAliveSeconds * SEC + this.rng.between(-0.2, 0.2) * SEC, () => this.keepAlive(s));
  }

  // ------------------------------------------------------------------ calls

  /** Calls arrive at random; the rate keeps about `concurrentCalls` calls up. */
  private nextArrival(t: number): void {
    if (this.stopping) return;
    this.startCall(t);
    const setupAndRinging = 6;
    const meanBetween = (this.opts.meanHoldSeconds + setupAndRinging) / Math.max(0.1, this.opts.concurrentCalls);
    const gap = -Math.log(1 - this.rng.next()) * meanBetween * SEC;
    this.queue.at(t + Math.max(50 * MS, gap), () => this.nextArrival(this.now));
  }

  private leg(station: Station): Leg {
    const port = station.nextRtpPort;
    station.nextRtpPort = port >= 32764 ? 16384 : port + 2;
    return { station, callReference: this.nextCallReference++, passThroughPartyId: this.nextPassThrough++, rtpPort: port, acked: false };
  }

  private startCall(t: number): void {
    const idle = this.stations.filter((s) => s.registered && !s.inCall);
    if (idle.length < 2) return;
    const a = this.rng.pick(idle);
    let b = this.rng.pick(idle);
    while (b === a) b = this.rng.pick(idle);
    a.inCall = b.inCall = true;
    const call: Call = {
      caller: this.leg(a),
      called: this.leg(b),
      conferenceId: this.nextConference++,
      codec: this.rng.chance(0.7) ? 'PCMU' : 'PCMA',
      alerted: false,
      answered: false,
      media: false,
      ended: false,
    };
    this.calls.add(call);
    this.counts.calls++;
    const A = call.caller;
    const line = (leg: Leg) => ({ lineInstance: 1, callReference: leg.callReference });

    // Off hook: dial tone and the off-hook soft keys.
    let at = this.send(a, t, 0, [[MSG.OffHook, line(A)]]);
    at = this.send(a, at + this.cmDelay(), 1, [
      [MSG.SetLamp, { stimulus: V.stimulusLine, stimulusInstance: 1, lampMode: V.lampOn }],
      [MSG.CallState, { callState: V.callStateOffHook, ...line(A) }],
      [MSG.SelectSoftKeys, { ...line(A), softKeySetIndex: V.softKeysOffHook, validKeyMask: 0xffff }],
      [MSG.DisplayPromptStatus, { timeOutValue: 0, promptStatus: 'Enter number', ...line(A) }],
      [MSG.ActivateCallPlane, { lineInstance: 1 }],
      [MSG.StartTone, { tone: V.toneInsideDial, 'tone.output.direction': 0, ...line(A) }],
    ]);
    // Digits, one KeypadButton each; the dial tone stops at the first.
    let digitAt = at + this.rng.between(0.8, 2) * SEC;
    b.dn.split('').forEach((d, i) => {
      const when = digitAt;
      this.queue.at(when, () => {
        if (call.ended) return;
        const sent = this.send(a, this.now, 0, [[MSG.KeypadButton, { kpButton: Number(d), ...line(A) }]]);
        if (i === 0) {
          this.send(a, sent + this.cmDelay(), 1, [
            [MSG.StopTone, { ...line(A), tone: V.toneInsideDial }],
            [MSG.SelectSoftKeys, { ...line(A), softKeySetIndex: V.softKeysDigitsFollowing, validKeyMask: 0xffff }],
          ]);
        }
      });
      digitAt += this.rng.between(150, 450) * MS;
    });
    this.queue.at(digitAt + this.rng.between(50, 300) * MS, () => this.alert(call));
  }

  private callInfo(call: Call, leg: Leg, outbound: boolean): [number, FieldValues] {
    const a = call.caller.station;
    const b = call.called.station;
    const common = {
      lineInstance: 1,
      callReference: leg.callReference,
      callType: outbound ? V.callTypeOutbound : V.callTypeInbound,
      callInstance: 1,
      callSecurityStatus: 1,
      callingParty: a.dn,
      callingPartyName: a.displayName,
      calledParty: b.dn,
      calledPartyName: b.displayName,
      originalCalledParty: b.dn,
      originalCalledPartyName: b.displayName,
    };
    return leg.station.version >= 0x11 ? [MSG.CallInfoV2, common] : [MSG.CallInfo, common];
  }

  /** Digits complete: ring-out at the caller, ringing at the called station. */
  private alert(call: Call): void {
    if (call.ended) return;
    call.alerted = true;
    const A = call.caller;
    const B = call.called;
    const lineA = { lineInstance: 1, callReference: A.callReference };
    const lineB = { lineInstance: 1, callReference: B.callReference };
    const t = this.send(A.station, this.now, 1, [
      [MSG.DialedNumber, { dialedNumber: B.station.dn, ...lineA }],
      [MSG.CallState, { callState: V.callStateProceed, ...lineA }],
      [MSG.CallState, { callState: V.callStateRingOut, ...lineA }],
      [MSG.SelectSoftKeys, { ...lineA, softKeySetIndex: V.softKeysRingOut, validKeyMask: 0xffff }],
      this.callInfo(call, A, true),
      [MSG.StartTone, { tone: V.toneAlerting, 'tone.output.direction': 0, ...lineA }],
    ]);
    this.send(B.station, t + this.rng.between(0.2, 1) * MS, 1, [
      [MSG.SetRinger, { ringMode: V.ringInside, ringDuration: V.ringNormal, ...lineB }],
      [MSG.SetLamp, { stimulus: V.stimulusLine, stimulusInstance: 1, lampMode: V.lampBlink }],
      [MSG.CallState, { callState: V.callStateRingIn, ...lineB }],
      [MSG.SelectSoftKeys, { ...lineB, softKeySetIndex: V.softKeysRingIn, validKeyMask: 0xffff }],
      this.callInfo(call, B, false),
    ]);
    const ringing = this.rng.between(1.5, 8) * SEC;
    if (this.rng.chance(this.opts.answerProbability)) this.queue.at(this.now + ringing, () => this.answer(call));
    else this.queue.at(this.now + ringing + 4 * SEC, () => this.hangUp(call, A));
  }

  private openReceive(call: Call, leg: Leg, far: Leg): [number, FieldValues] {
    return [
      MSG.OpenReceiveChannel,
      {
        conferenceId: call.conferenceId,
        passThroughPartyId: leg.passThroughPartyId,
        milliSecondPacketSize: 20,
        compressionType: G711_CODECS[call.codec].sccpPayload,
        ecValue: 1,
        callReference: leg.callReference,
        streamPassThroughId: leg.passThroughPartyId,
        RFC2833PayloadType: 101,
        dtmfType: 4,
        sourceIpAddr: far.station.host.ip,
        sourcePortNumber: 0,
      },
    ];
  }

  /** The called party goes off hook: both sides connected, receive channels opened. */
  private answer(call: Call): void {
    if (call.ended) return;
    call.answered = true;
    this.counts.answeredCalls++;
    const A = call.caller;
    const B = call.called;
    const lineA = { lineInstance: 1, callReference: A.callReference };
    const lineB = { lineInstance: 1, callReference: B.callReference };
    let t = this.send(B.station, this.now, 0, [[MSG.OffHook, lineB]]);
    t = this.send(B.station, t + this.cmDelay(), 1, [
      [MSG.SetRinger, { ringMode: V.ringOff, ringDuration: V.ringNormal, ...lineB }],
      [MSG.SetLamp, { stimulus: V.stimulusLine, stimulusInstance: 1, lampMode: V.lampOn }],
      [MSG.CallState, { callState: V.callStateOffHook, ...lineB }],
      [MSG.CallState, { callState: V.callStateConnected, ...lineB }],
      [MSG.SelectSoftKeys, { ...lineB, softKeySetIndex: V.softKeysConnected, validKeyMask: 0xffff }],
      this.openReceive(call, B, A),
    ]);
    this.send(A.station, t + this.rng.between(0.1, 0.8) * MS, 1, [
      [MSG.StopTone, { ...lineA, tone: V.toneAlerting }],
      [MSG.CallState, { callState: V.callStateConnected, ...lineA }],
      [MSG.SelectSoftKeys, { ...lineA, softKeySetIndex: V.softKeysConnected, validKeyMask: 0xffff }],
      this.callInfo(call, A, true),
      this.openReceive(call, A, B),
    ]);
    for (const leg of [A, B]) this.queue.at(t + this.rng.between(8, 40) * MS, () => this.openAck(call, leg));
  }

  private openAck(call: Call, leg: Leg): void {
    if (call.ended) return;
    this.send(leg.station, this.now, 0, [
      [
        MSG.OpenReceiveChannelAck,
        { mediaReceptionStatus: 0, ipAddr: leg.station.host.ip, portNumber: leg.rtpPort, passThroughPartyId: leg.passThroughPartyId, callReference: leg.callReference },
      ],
    ]);
    leg.acked = true;
    if (call.caller.acked && call.called.acked) this.queue.at(this.now + this.cmDelay(), () => this.startMedia(call));
  }

  private startMedia(call: Call): void {
    if (call.ended) return;
    const legs: [Leg, Leg][] = [
      [call.caller, call.called],
      [call.called, call.caller],
    ];
    let t = this.now;
    for (const [leg, far] of legs) {
      t = this.send(leg.station, t + this.rng.between(0.1, 0.5) * MS, 1, [
        [
          MSG.StartMediaTransmission,
          {
            conferenceId: call.conferenceId,
            passThroughPartyId: leg.passThroughPartyId,
            remoteIpAddr: far.station.host.ip,
            remotePortNumber: far.rtpPort,
            milliSecondPacketSize: 20,
            compressionType: G711_CODECS[call.codec].sccpPayload,
            precedenceValue: 0,
            maxFramesPerPacket: 1,
            callReference: leg.callReference,
            streamPassThroughId: leg.passThroughPartyId,
            RFC2833PayloadType: 101,
            dtmfType: 4,
          },
        ],
      ]);
    }
    call.media = true;
    for (const [leg, far] of legs) {
      const s = leg.station;
      leg.stream = new RtpStream(this.out, this.payloads, call.codec, s.host, leg.rtpPort, far.station.host, far.rtpPort, this.rng);
      const first = t + this.rng.between(5, 20) * MS;
      this.rtpTick(call, leg.stream, first);
      if (s.version >= 0x12) {
        this.queue.at(t + this.rng.between(3, 10) * MS, () => {
          if (call.ended) return;
          this.send(s, this.now, 0, [
            [
              MSG.StartMediaTransmissionAck,
              { conferenceId: call.conferenceId, passThroughPartyId: leg.passThroughPartyId, callReference: leg.callReference, transmitIpAddr: s.host.ip, portNumber: leg.rtpPort, mediaTransmissionStatus: 0 },
            ],
          ]);
        });
      }
    }
    const hold = this.opts.meanHoldSeconds * this.rng.between(0.3, 1.7) * SEC;
    this.queue.at(t + hold, () => this.hangUp(call, this.rng.chance(0.5) ? call.caller : call.called));
  }

  /** One RTP packet now, the next 20 ms later (with a little jitter that does not accumulate). */
  private rtpTick(call: Call, stream: RtpStream, nominal: number): void {
    this.queue.at(nominal + this.rng.between(0, 600), () => {
      if (!call.media) return;
      stream.send(this.now);
      this.counts.rtpPackets++;
      this.rtpTick(call, stream, nominal + PACKET_INTERVAL_US);
    });
  }

  /** One side hangs up: media closed on both legs, both phones back on hook. */
  private hangUp(call: Call, who: Leg): void {
    if (call.ended) return;
    call.ended = true;
    call.media = false;
    this.calls.delete(call);
    const other = who === call.caller ? call.called : call.caller;
    const t = this.send(who.station, this.now, 0, [[MSG.OnHook, { lineInstance: 1, callReference: who.callReference }]]);
    let at = t + this.cmDelay();
    // A call still being dialled concerns the caller only: the called station never heard of it.
    const legs = call.alerted ? [who, other] : [call.caller];
    for (const leg of legs) {
      const line = { lineInstance: 1, callReference: leg.callReference };
      const msgs: [number, FieldValues][] = [];
      if (call.answered) {
        const ids = { conferenceId: call.conferenceId, passThroughPartyId: leg.passThroughPartyId, callReference: leg.callReference, portHandlingFlag: 0 };
        msgs.push([MSG.CloseReceiveChannel, ids], [MSG.StopMediaTransmission, ids]);
      } else if (leg === call.called) {
        msgs.push([MSG.SetRinger, { ringMode: V.ringOff, ringDuration: V.ringNormal, ...line }]);
      } else {
        msgs.push([MSG.StopTone, { ...line, tone: call.alerted ? V.toneAlerting : V.toneInsideDial }]);
      }
      msgs.push(
        [MSG.CallState, { callState: V.callStateOnHook, ...line }],
        [MSG.SetLamp, { stimulus: V.stimulusLine, stimulusInstance: 1, lampMode: V.lampOff }],
        [MSG.ClearPromptStatus, line],
        [MSG.SelectSoftKeys, { ...line, softKeySetIndex: V.softKeysOnHook, validKeyMask: 0xffff }],
      );
      if (call.answered) msgs.push([MSG.ConnectionStatisticsReq, { directoryNum: leg.station.dn, callReference: leg.callReference, statsProcessingMode: 0 }]);
      at = this.send(leg.station, at + this.rng.between(0.1, 0.6) * MS, 1, msgs);
      if (call.answered) {
        const sent = leg.stream?.packets ?? 0;
        const received = (leg === call.caller ? call.called : call.caller).stream?.packets ?? 0;
        const station = leg.station;
        this.queue.at(at + this.rng.between(10, 40) * MS, () =>
          this.send(station, this.now, 0, [
            [
              MSG.ConnectionStatisticsRes,
              {
                directoryNum: station.dn,
                callReference: leg.callReference,
                statsProcessingMode: 0,
                numberPacketsSent: sent,
                numberOctetsSent: sent * 160,
                numberPacketsReceived: received,
                numberOctetsReceived: received * 160,
                numberPacketsLost: 0,
                jitter: this.rng.int(0, 8),
                latency: this.rng.int(0, 5),
                dataSize: 0,
              },
            ],
          ]),
        );
      }
    }
    this.queue.at(at + 50 * MS, () => {
      call.caller.station.inCall = false;
      call.called.station.inCall = false;
    });
  }

  /** The size is reached: no new calls or keepalives; calls in progress hang up now. */
  private stop(): void {
    this.stopping = true;
    for (const call of [...this.calls]) {
      if (!call.ended) this.queue.at(this.now + this.rng.between(1, 50) * MS, () => this.hangUp(call, call.caller));
    }
  }
}

function mac(oui: number, nic: number): Uint8Array {
  return Uint8Array.of((oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff, (nic >> 16) & 0xff, (nic >> 8) & 0xff, nic & 0xff);
}

const FIRST = ['Ana', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kara', 'Luis', 'Mei', 'Nils', 'Olga', 'Pavel'];
const LAST = ['Almeida', 'Berger', 'Costa', 'Duarte', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau'];
