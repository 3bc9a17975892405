/**
 * One TCP connection between a station and the CallManager, as a capture shows it: the three-way handshake, data
 * segments of at most one MSS that carry several SCCP messages, bursts cut at arbitrary points (so messages are
 * split across segments), pure ACKs from the receiver, occasional retransmissions of a segment, FIN at the end.
 */
import type { Emitter } from './emitter';
import type { EventQueue } from './event-queue';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type Host } from './frames';
import type { Rng } from './rng';

const MSS = 1460;

export interface TcpBehaviour {
  /** Probability that a burst is cut at a random point besides the MSS boundaries. */
  splitProbability: number;
  /** Probability that a data segment is retransmitted (sent again 200-400 ms later). */
  retransmitProbability: number;
}

interface Side {
  host: Host;
  port: number;
  /** Next sequence number this side sends. */
  seq: number;
}

/** Direction 0: station to CallManager; 1: CallManager to station. */
export type Dir = 0 | 1;

export class TcpConnection {
  private readonly sides: [Side, Side];
  retransmissions = 0;
  closed = false;

  constructor(
    private readonly out: Emitter,
    private readonly queue: EventQueue,
    private readonly rng: Rng,
    private readonly behaviour: TcpBehaviour,
    station: Host,
    stationPort: number,
    callManager: Host,
    callManagerPort: number,
  ) {
    this.sides = [
      { host: station, port: stationPort, seq: rng.uint32() },
      { host: callManager, port: callManagerPort, seq: rng.uint32() },
    ];
  }

  private frame(time: number, dir: Dir, seq: number, flags: number, payload: Uint8Array): void {
    const from = this.sides[dir];
    const to = this.sides[dir === 0 ? 1 : 0];
    this.out.tcp(time, from.host, from.port, to.host, to.port, seq, flags & TCP_ACK ? to.seq : 0, flags, payload);
  }

  /** SYN, SYN-ACK, ACK; returns the time the connection is up. */
  open(time: number): number {
    const [s, c] = this.sides;
    this.frame(time, 0, s.seq, TCP_SYN, EMPTY);
    s.seq++;
    const rtt = this.rng.between(200, 900);
    this.frame(time + rtt, 1, c.seq, TCP_SYN | TCP_ACK, EMPTY);
    c.seq++;
    this.frame(time + rtt + 40, 0, s.seq, TCP_ACK, EMPTY);
    return time + rtt + 40;
  }

  /** Sends SCCP messages written at once by one side (one application write); returns the time of the last frame. */
  send(time: number, dir: Dir, messages: readonly Uint8Array[]): number {
    if (this.closed || messages.length === 0) return time;
    const data = messages.length === 1 ? messages[0]! : Buffer.concat(messages);
    const cuts = this.cuts(data.length);
    let t = time;
    let from = 0;
    for (const to of cuts) {
      const seg = data.subarray(from, to);
      const seq = this.sides[dir].seq;
      this.frame(t, dir, seq, to === data.length ? TCP_PSH | TCP_ACK : TCP_ACK, seg);
      this.sides[dir].seq = (seq + seg.length) >>> 0;
      if (this.rng.chance(this.behaviour.retransmitProbability)) this.retransmit(t, dir, seq, seg);
      from = to;
      t += 12 + seg.length / 12.5; // ~100 Mbit/s serialisation plus a little
    }
    // The receiver acknowledges (a delayed ACK, or none when its own data will carry the ACK).
    if (this.rng.chance(0.7)) this.frame(t + this.rng.between(80, 400), dir === 0 ? 1 : 0, this.sides[dir === 0 ? 1 : 0].seq, TCP_ACK, EMPTY);
    return t;
  }

  /** Where to cut `length` bytes into segments (end offsets): MSS boundaries, and sometimes one random cut. */
  private cuts(length: number): number[] {
    const cuts: number[] = [];
    for (let at = MSS; at < length; at += MSS) cuts.push(at);
    // The first piece keeps at least a whole header: Wireshark (like a station) does not take a burst whose first
    // segment is shorter than the 8 bytes that say how long the message is.
    if (length > 13 && this.rng.chance(this.behaviour.splitProbability)) {
      const extra = this.rng.int(12, length - 1);
      if (!cuts.includes(extra)) cuts.push(extra);
      cuts.sort((a, b) => a - b);
    }
    cuts.push(length);
    return cuts;
  }

  private retransmit(time: number, dir: Dir, seq: number, seg: Uint8Array): void {
    const copy = Buffer.from(seg);
    this.retransmissions++;
    const when = time + this.rng.between(200_000, 400_000);
    this.queue.at(when, () => {
      if (!this.closed) this.frame(when, dir, seq, TCP_PSH | TCP_ACK, copy);
    });
  }

  /** The station closes: FIN from it, FIN-ACK from the CallManager, last ACK. */
  close(time: number): void {
    if (this.closed) return;
    const [s, c] = this.sides;
    this.frame(time, 0, s.seq, TCP_FIN | TCP_ACK, EMPTY);
    s.seq++;
    this.frame(time + 300, 1, c.seq, TCP_FIN | TCP_ACK, EMPTY);
    c.seq++;
    this.frame(time + 600, 0, s.seq, TCP_ACK, EMPTY);
    this.closed = true;
  }
}

const EMPTY = new Uint8Array(0);
