import type { CapturedPacket } from './capture/types';
import { isPlainUdpFrame, PacketDecoder, type Datagram, type NetPacket } from './net';
import { TcpStreamTable, type StreamEndpoints, type StreamSink } from './net';
import { problem, type Problem } from './problems';
import { decodeMessage } from './sccp/decode';
import { MessageFramer, type FramedMessage } from './sccp/framer';
import type { SccpMessage } from './sccp/message';
import { VersionNegotiation } from './sccp/version-negotiation';
import { TlsConnection } from './tls/connection';
import type { TlsConnectionInfo } from './tls/info';
import { FrameTimes, type FrameTime } from './frame-times';
import { formatTime } from './time';

export interface SessionOptions {
  /** TCP ports that carry SCCP in clear (default [2000]). */
  sccpPorts?: readonly number[];
  /**
   * TCP ports that carry SCCP over TLS (default [2443]): the handshake is read and reported; the SCCP inside is
   * decoded only when the session uses a NULL cipher (docs/tls.md).
   */
  tlsPorts?: readonly number[];
  /** Bound on out-of-order bytes buffered per TCP direction (default 4 MiB). */
  maxBufferedBytesPerDirection?: number;
  /**
   * Decode basic-header (version 0) messages with the layouts of the connection's negotiated protocol version
   * (default false: the header version decides, as in Wireshark). The negotiated version is tracked either way.
   */
  useNegotiatedVersion?: boolean;
}

/** A UDP datagram, handed on for RTP/RTCP analysis. */
export type { Datagram } from './net';

/** A TCP connection on an SCCP or SCCP-over-TLS port. */
export interface SccpConnection {
  stream: number;
  /** The side that is not on the SCCP port: the station (phone, gateway, media resource). */
  station: { ip: string; port: number };
  callManager: { ip: string; port: number };
  tls: boolean;
  firstFrame: number;
}

/** What the capture shows about the TLS of one SCCP-over-TLS connection. */
export interface SccpTlsReport extends TlsConnectionInfo {
  stream: number;
}

export interface SessionSink {
  message(m: SccpMessage): void;
  problem(p: Problem): void;
  connection?(c: SccpConnection): void;
  /** Once per TLS connection (again only if later records show a mid-session capture is not encrypted after all). */
  tls?(r: SccpTlsReport): void;
  datagram?(d: Datagram): void;
}

const UNKNOWN_TIME: FrameTime = { tsSec: 0, tsNsec: 0, tsDigits: 6 };

export const DEFAULT_SCCP_PORTS: readonly number[] = [2000];
export const DEFAULT_TLS_PORTS: readonly number[] = [2443];

interface StreamState {
  endpoints: StreamEndpoints;
  /** Index of the direction that goes from the station to the CallManager (0 or 1). */
  toCallManager: 0 | 1;
  tls: boolean;
  framers: [MessageFramer, MessageFramer] | undefined;
  /** For TLS streams: the record layer and handshake; NULL-cipher plaintext goes to framers of its own. */
  tlsConnection?: TlsConnection;
  /** Protocol version negotiated by RegisterReq / RegisterAck on this connection. */
  versions: VersionNegotiation;
}

/**
 * The pipeline from captured packets to decoded SCCP messages: link and IP layers, TCP streams and reassembly,
 * message framing, catalog decoding. Push packets in file order; messages come out in the order they complete.
 */
export class SccpSession {
  private readonly sccpPorts: ReadonlySet<number>;
  private readonly tlsPorts: ReadonlySet<number>;
  /** Link and IP layers, with IP fragment reassembly; reports frames it cannot read (unsupported link type, bad IP). */
  private readonly packets: PacketDecoder;
  private readonly tcp: TcpStreamTable;
  private readonly streams = new Map<number, StreamState>();
  private readonly frameTimes = new FrameTimes();
  private lastFrame = 0;
  private readonly useNegotiatedVersion: boolean;

  constructor(
    private readonly sink: SessionSink,
    opts: SessionOptions = {},
  ) {
    this.sccpPorts = new Set(opts.sccpPorts ?? DEFAULT_SCCP_PORTS);
    this.tlsPorts = new Set(opts.tlsPorts ?? DEFAULT_TLS_PORTS);
    this.useNegotiatedVersion = opts.useNegotiatedVersion ?? false;
    const streamSink: StreamSink = {
      open: (s, frame) => this.open(s, frame),
      data: (s, dir, bytes, offset, frame) => {
        const st = this.streams.get(s.index);
        st?.framers?.[dir].data(bytes, offset, frame);
        st?.tlsConnection?.data(dir, bytes, offset, frame);
      },
      gap: (s, dir, from, to, frame) => {
        const st = this.streams.get(s.index);
        st?.framers?.[dir].gap(from, to, frame);
        st?.tlsConnection?.gap(dir, from, to, frame);
      },
      close: (s, dir, _how, frame) => {
        const st = this.streams.get(s.index);
        st?.framers?.[dir].end(frame);
        st?.tlsConnection?.end(dir, frame);
      },
      problem: (p) => this.sink.problem(p),
    };
    // Without a datagram listener (decode), the RTP that fills most captures need not be decoded past its IP header.
    this.packets = new PacketDecoder((p) => this.sink.problem(p), sink.datagram ? { onPlainUdp: sink.datagram } : { skipUdp: true });
    this.tcp = new TcpStreamTable(streamSink, opts.maxBufferedBytesPerDirection ? { maxBufferedBytesPerDirection: opts.maxBufferedBytesPerDirection } : {});
  }

  /**
   * For the capture reader (CaptureSink.unwanted): a frame this session has no use for, told from its bytes before a
   * packet is made. Without a datagram listener, that is the plain UDP (RTP) that fills most captures.
   */
  unwanted(frame: number, linkType: number, bytes: Uint8Array, start: number, end: number): boolean {
    this.lastFrame = frame;
    return !this.sink.datagram && isPlainUdpFrame(linkType, bytes, start, end);
  }

  packet(p: CapturedPacket): void {
    this.lastFrame = p.frame;
    const net = this.packets.decode(p);
    if (!net) return;
    for (const pr of net.problems) this.sink.problem(pr);
    if (net.tcp) {
      const t = net.tcp;
      // Every TCP stream is tracked, so that stream indexes are Wireshark's tcp.stream; only SCCP ones are framed.
      if (this.isSccpPort(t.srcPort) || this.isSccpPort(t.dstPort)) this.frameTimes.remember(p.frame, p);
      this.tcp.push(net);
    } else if (net.udp && this.sink.datagram) {
      this.sink.datagram(toDatagram(net));
    }
  }

  /** End of capture: flush what the reassembler holds and report unfinished messages. */
  finish(): void {
    this.packets.finish();
    this.tcp.finish();
    for (const s of this.streams.values()) {
      s.framers?.[0].end(this.lastFrame);
      s.framers?.[1].end(this.lastFrame);
      s.tlsConnection?.end(0, this.lastFrame);
      s.tlsConnection?.end(1, this.lastFrame);
    }
  }

  private isSccpPort(port: number): boolean {
    return this.sccpPorts.has(port) || this.tlsPorts.has(port);
  }

  private open(s: StreamEndpoints, frame: number): void {
    if (!this.isSccpPort(s.serverPort) && !this.isSccpPort(s.clientPort)) return;
    const serverIsCm = this.isSccpPort(s.serverPort);
    const clientIsCm = this.isSccpPort(s.clientPort) && !serverIsCm;
    // Direction 0 runs client -> server. The CallManager is the side on the SCCP port.
    const toCallManager: 0 | 1 = clientIsCm ? 1 : 0;
    const cmPort = clientIsCm ? s.clientPort : s.serverPort;
    const tls = this.tlsPorts.has(cmPort) && !this.sccpPorts.has(cmPort);
    const station = clientIsCm ? { ip: s.serverAddr, port: s.serverPort } : { ip: s.clientAddr, port: s.clientPort };
    const callManager = clientIsCm ? { ip: s.clientAddr, port: s.clientPort } : { ip: s.serverAddr, port: s.serverPort };
    const state: StreamState = { endpoints: s, toCallManager, tls, framers: undefined, versions: new VersionNegotiation() };
    const side = (dir: 0 | 1) => (dir === toCallManager ? 'station -> CallManager' : 'CallManager -> station');
    const name = (dir: 0 | 1) => `stream ${s.index} ${side(dir)}`;
    if (tls) {
      this.openTls(state, `TCP stream ${s.index} (${station.ip}:${station.port} -> ${callManager.ip}:${callManager.port})`, side);
    } else {
      const startsAtSyn = s.handshakeSeen;
      state.framers = [0, 1].map(
        (dir) =>
          new MessageFramer(
            {
              message: (m) => this.emit(state, dir as 0 | 1, m),
              problem: (p) => this.sink.problem(p),
            },
            { startsAtConnectionStart: startsAtSyn },
            name(dir as 0 | 1),
          ),
      ) as [MessageFramer, MessageFramer];
    }
    this.streams.set(s.index, state);
    this.sink.connection?.({ stream: s.index, station, callManager, tls, firstFrame: frame });
  }

  /** SCCP over TLS: the TLS module reads the records; only NULL-cipher plaintext reaches an SCCP framer. */
  private openTls(state: StreamState, where: string, side: (dir: 0 | 1) => string): void {
    const s = state.endpoints;
    let reported = false;
    state.tlsConnection = new TlsConnection(
      {
        info: (info) => {
          if (!reported && info.protection === 'encrypted') {
            this.sink.problem(problem('tls.encrypted', `${where}: ${info.summary}; the SCCP inside is not decoded`, { frame: info.firstFrame }));
          }
          reported = true;
          this.sink.tls?.({ ...info, stream: s.index });
        },
        problem: (p) => this.sink.problem(p),
        openPlaintext: (dir, startsAtMessageStart) =>
          new MessageFramer(
            { message: (m) => this.emit(state, dir, m, true), problem: (p) => this.sink.problem(p) },
            { startsAtConnectionStart: startsAtMessageStart },
            `stream ${s.index} ${side(dir)} (TLS plaintext)`,
          ),
      },
      {
        startsAtConnectionStart: s.handshakeSeen,
        describe: where,
        directionNames: [side(0), side(1)],
      },
    );
  }

  private emit(state: StreamState, dir: 0 | 1, m: FramedMessage, tls = false): void {
    const negotiated = state.versions.negotiated;
    const body = decodeMessage(m.bytes, { negotiatedVersion: negotiated, useNegotiatedVersion: this.useNegotiatedVersion });
    const mismatch = state.versions.observe(body, m.bytes, dir === state.toCallManager);
    if (mismatch) body.problems.push(mismatch);
    const s = state.endpoints;
    const fromClient = dir === 0;
    // Inside TLS a message is complete only with its record's MAC, which may come in a later frame.
    const completed = tls ? state.tlsConnection?.recordCompletedInFrame : undefined;
    const frames = completed !== undefined && m.frames[m.frames.length - 1] !== completed ? [...m.frames, completed] : m.frames;
    const frame = frames[frames.length - 1]!;
    const t = this.frameTimes.get(frame) ?? UNKNOWN_TIME;
    // The decoded body's properties one by one: an object spread here cost ~8 us per message (dictionary-mode object).
    const msg: SccpMessage = {
      headerVersion: body.headerVersion,
      id: body.id,
      idHex: body.idHex,
      name: body.name,
      length: body.length,
      layoutVersion: body.layoutVersion,
      fields: body.fields,
      media: body.media,
      problems: body.problems,
      frame,
      frames,
      time: formatTime(t.tsSec, t.tsNsec, t.tsDigits),
      tsSec: t.tsSec,
      tsNsec: t.tsNsec,
      stream: s.index,
      src: fromClient ? s.clientAddr : s.serverAddr,
      srcPort: fromClient ? s.clientPort : s.serverPort,
      dst: fromClient ? s.serverAddr : s.clientAddr,
      dstPort: fromClient ? s.serverPort : s.clientPort,
      direction: dir === state.toCallManager ? 'station-to-callmanager' : 'callmanager-to-station',
      streamOffset: m.streamOffset,
      bytes: m.bytes,
    };
    if (tls) msg.tls = true;
    if (negotiated !== undefined) msg.negotiatedVersion = negotiated;
    for (const p of msg.problems) p.frame ??= frame;
    this.sink.message(msg);
  }
}

function toDatagram(net: NetPacket): Datagram {
  const u = net.udp!;
  return { frame: net.frame, tsSec: net.tsSec, tsNsec: net.tsNsec, src: net.src, srcPort: u.srcPort, dst: net.dst, dstPort: u.dstPort, payload: u.payload };
}
