import { problem, type Problem } from '../problems';
import { DirectionReassembler, type DirectionCounters, type DirectionOutput } from './reassembly';
import type { NetPacket, TcpPacket } from './types';

export interface StreamEndpoints {
  /** 0-based, in order of first appearance, like Wireshark's tcp.stream. */
  index: number;
  clientAddr: string;
  clientPort: number;
  serverAddr: string;
  serverPort: number;
  /** The stream began with its handshake (SYN or SYN-ACK seen first): both directions start at their first byte. */
  handshakeSeen: boolean;
}

export interface StreamSink {
  open(s: StreamEndpoints, frame: number): void;
  /** New in-order bytes of direction dir (0 = client->server, 1 = server->client). streamOffset: offset of bytes[0] from the direction's first byte (relative seq). */
  data(s: StreamEndpoints, dir: 0 | 1, bytes: Uint8Array, streamOffset: number, frame: number): void;
  /** Bytes [fromOffset, toOffset) of dir were never seen; data continues at toOffset. */
  gap(s: StreamEndpoints, dir: 0 | 1, fromOffset: number, toOffset: number, frame: number): void;
  close(s: StreamEndpoints, dir: 0 | 1, how: 'fin' | 'rst', frame: number): void;
  problem(p: Problem): void;
}

export interface TcpStreamOptions {
  /** Out-of-order bytes held per direction while waiting for a hole to fill (default 4 MiB). */
  maxBufferedBytesPerDirection?: number;
  /** Out-of-order segments held per direction (default 4096). */
  maxBufferedSegmentsPerDirection?: number;
  /** Capture seconds a hole may stay open while later data waits behind it (default 60). */
  holeTimeoutSec?: number;
}

export interface StreamSummary {
  endpoints: StreamEndpoints;
  firstFrame: number;
  lastFrame: number;
  /** Per direction (0 = client->server). */
  directions: [DirectionCounters, DirectionCounters];
}

interface DirectionState {
  r: DirectionReassembler;
  /** Raw sequence number of this side's SYN (or SYN-ACK), when seen. */
  isn: number | undefined;
  /**
   * The number this side's SYN would repeat, as Wireshark's base_seq: the SYN's seq when this side's first segment
   * was a SYN, else its first seq - 1, else the peer's first acknowledgement - 1. A SYN with another number is a
   * new connection on the same ports.
   */
  synSeq: number | undefined;
  /** Sequence number of this side's last zero-length segment before its stream offset 0 was fixed. */
  lastBareSeq: number | undefined;
}

interface Stream {
  ep: StreamEndpoints;
  dirs: [DirectionState, DirectionState];
  firstFrame: number;
  lastFrame: number;
}

/**
 * Follows TCP connections and hands each direction's bytes, in order and used once, to a StreamSink.
 *
 * - Streams are keyed by both endpoints. A SYN (without ACK) whose sequence number differs from what this side's
 *   earlier segments imply starts a new stream index (port reuse: Wireshark's rule, so indexes match tcp.stream), as
 *   does a SYN on a 4-tuple closed by FIN/RST where nothing is known of this side. A repeated SYN with the same
 *   sequence number is a retransmission.
 * - Client: the SYN sender; the receiver of a SYN-ACK when that comes first; otherwise the side with the higher
 *   port (phones use ephemeral ports, CallManager 2000), and on equal ports the sender of the first segment.
 * - Stream offsets count from the byte after the SYN; without a handshake, from the first segment carrying data
 *   (bytes retransmitted from before it are ignored), skipping a keep-alive probe.
 * - Holes become gaps as described in DirectionReassembler; RST delivers what is buffered and closes both directions.
 */
export class TcpStreamTable {
  private readonly streams = new Map<string, Stream>();
  private readonly all: Stream[] = [];
  private readonly maxBytes: number;
  private readonly maxSegments: number;
  private readonly holeTimeoutSec: number;

  constructor(
    private readonly sink: StreamSink,
    opts: TcpStreamOptions = {},
  ) {
    this.maxBytes = opts.maxBufferedBytesPerDirection ?? 4 * 1024 * 1024;
    this.maxSegments = opts.maxBufferedSegmentsPerDirection ?? 4096;
    this.holeTimeoutSec = opts.holeTimeoutSec ?? 60;
  }

  /** Feeds one decoded packet; packets without a TCP segment are ignored. */
  push(pkt: NetPacket | TcpPacket): void {
    const t = pkt.tcp;
    if (!t) return;
    const key = streamKey(pkt.src, t.srcPort, pkt.dst, t.dstPort);
    const nowSec = pkt.tsSec + pkt.tsNsec / 1e9;
    const pureSyn = t.syn && !t.ackFlag;
    let s = this.streams.get(key);
    if (s && pureSyn) {
      const d = s.dirs[this.dirOf(s, pkt.src, t.srcPort)];
      const closed = s.dirs[0].r.closed !== undefined || s.dirs[1].r.closed !== undefined;
      if (d.synSeq === undefined ? closed : d.synSeq !== t.seq) {
        for (const x of s.dirs) x.r.flush(pkt.frame);
        s = undefined;
      }
    }
    if (!s) s = this.create(key, pkt as TcpPacket);
    s.lastFrame = pkt.frame;

    const dir = this.dirOf(s, pkt.src, t.srcPort);
    const me = s.dirs[dir];
    const peer = s.dirs[1 - dir]!;
    me.synSeq ??= t.syn ? t.seq : (t.seq + 4294967295) % 4294967296;
    if (t.ackFlag) peer.synSeq ??= (t.ack + 4294967295) % 4294967296;
    if (t.rst) {
      me.r.reset(pkt.frame);
      peer.r.reset(pkt.frame);
      return;
    }
    if (t.syn) {
      if (me.isn === undefined) me.isn = t.seq;
      if (me.r.base === undefined || (me.isn !== t.seq && !pureSyn && me.r.untouched())) {
        // SYN-ACK with another ISN before any data (the SYN was for an earlier attempt): follow the new one.
        me.isn = t.seq;
        me.r.base = (t.seq + 1) % 4294967296;
      }
      if (t.ackFlag && peer.r.base === undefined) peer.r.base = t.ack;
    } else if (me.r.base === undefined && (t.payload.length > 0 || t.fin)) {
      const keepAlive = t.payload.length === 1 && me.lastBareSeq !== undefined && t.seq === (me.lastBareSeq + 4294967295) % 4294967296;
      if (!keepAlive) me.r.base = t.seq;
    } else if (me.r.base === undefined) {
      me.lastBareSeq = t.seq;
    }
    if (me.r.base !== undefined) {
      const seq = t.syn ? (t.seq + 1) % 4294967296 : t.seq;
      me.r.segment(me.r.offsetOf(seq), t.payload, t.wireLength, t.fin, pkt.frame, nowSec);
    }
    if (t.ackFlag && peer.r.base !== undefined) peer.r.acked(peer.r.offsetOf(t.ack), pkt.frame, nowSec);
  }

  /** End of capture: every hole with data (or a FIN) after it is reported as a gap and the data after it delivered. */
  finish(): void {
    for (const s of this.all) for (const d of s.dirs) d.r.flush(s.lastFrame);
  }

  /** Counters of every stream seen so far, in index order. */
  summaries(): StreamSummary[] {
    return this.all.map((s) => ({
      endpoints: s.ep,
      firstFrame: s.firstFrame,
      lastFrame: s.lastFrame,
      directions: [s.dirs[0].r.counters, s.dirs[1].r.counters],
    }));
  }

  private create(key: string, pkt: TcpPacket): Stream {
    const t = pkt.tcp;
    let senderIsClient: boolean;
    if (t.syn) senderIsClient = !t.ackFlag;
    else if (t.srcPort !== t.dstPort) senderIsClient = t.srcPort > t.dstPort;
    else senderIsClient = true;
    const ep: StreamEndpoints = senderIsClient
      ? { index: this.all.length, clientAddr: pkt.src, clientPort: t.srcPort, serverAddr: pkt.dst, serverPort: t.dstPort, handshakeSeen: t.syn }
      : { index: this.all.length, clientAddr: pkt.dst, clientPort: t.dstPort, serverAddr: pkt.src, serverPort: t.srcPort, handshakeSeen: t.syn };
    const name = (dir: 0 | 1): string =>
      dir === 0
        ? `TCP stream ${ep.index}, ${hostPort(ep.clientAddr, ep.clientPort)} -> ${hostPort(ep.serverAddr, ep.serverPort)}`
        : `TCP stream ${ep.index}, ${hostPort(ep.serverAddr, ep.serverPort)} -> ${hostPort(ep.clientAddr, ep.clientPort)}`;
    const limits = { maxBufferedBytes: this.maxBytes, maxBufferedSegments: this.maxSegments, holeTimeoutSec: this.holeTimeoutSec };
    const direction = (dir: 0 | 1): DirectionState => ({
      r: new DirectionReassembler(this.output(ep, dir), limits, name(dir)),
      isn: undefined,
      synSeq: undefined,
      lastBareSeq: undefined,
    });
    const s: Stream = { ep, dirs: [direction(0), direction(1)], firstFrame: pkt.frame, lastFrame: pkt.frame };
    this.streams.set(key, s);
    this.all.push(s);
    this.sink.open(ep, pkt.frame);
    if (!t.syn && !pkt.syntheticTransport) {
      this.sink.problem(
        problem(
          'tcp.mid-stream',
          `TCP stream ${ep.index} (${hostPort(ep.clientAddr, ep.clientPort)} <-> ${hostPort(ep.serverAddr, ep.serverPort)}) starts in frame ${pkt.frame} without its handshake: ` +
            'the capture began mid-connection, so its first bytes may start inside a message',
          { frame: pkt.frame },
        ),
      );
    }
    return s;
  }

  private output(ep: StreamEndpoints, dir: 0 | 1): DirectionOutput {
    const sink = this.sink;
    return {
      data: (bytes, offset, frame) => sink.data(ep, dir, bytes, offset, frame),
      gap: (from, to, frame) => sink.gap(ep, dir, from, to, frame),
      close: (how, frame) => sink.close(ep, dir, how, frame),
      problem: (p) => sink.problem(p),
    };
  }

  private dirOf(s: Stream, src: string, srcPort: number): 0 | 1 {
    return src === s.ep.clientAddr && srcPort === s.ep.clientPort ? 0 : 1;
  }
}

function streamKey(a: string, pa: number, b: string, pb: number): string {
  const x = `${a}|${pa}`;
  const y = `${b}|${pb}`;
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

function hostPort(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
