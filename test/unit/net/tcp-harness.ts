/** Test harness for TCP stream tests: builds segment frames of one connection and records what the table hands out. */
import assert from 'node:assert/strict';
import { decodePacket } from '../../../src/core/net/decoder';
import { TcpStreamTable, type StreamEndpoints, type StreamSink, type TcpStreamOptions } from '../../../src/core/net/tcp-streams';
import type { CapturedPacket } from '../../../src/core/capture/types';
import type { Problem } from '../../../src/core/problems';
import { tcpFrame } from '../../helpers/frames';

export interface DirectionRecord {
  chunks: { offset: number; bytes: Uint8Array; frame: number }[];
  gaps: [number, number][];
  closed: 'fin' | 'rst' | undefined;
  /** Offset the next data() call must start at. */
  expect: number;
}

export interface StreamRecord {
  ep: StreamEndpoints;
  openFrame: number;
  dirs: [DirectionRecord, DirectionRecord];
}

/** Records sink calls and checks the contract as they come: contiguous offsets, nothing after close. */
export class Recorder implements StreamSink {
  readonly streams: StreamRecord[] = [];
  readonly problems: Problem[] = [];

  open(s: StreamEndpoints, frame: number): void {
    assert.equal(s.index, this.streams.length, 'stream indexes must count up from 0');
    const dir = (): DirectionRecord => ({ chunks: [], gaps: [], closed: undefined, expect: -1 });
    this.streams.push({ ep: s, openFrame: frame, dirs: [dir(), dir()] });
  }
  data(s: StreamEndpoints, dir: 0 | 1, bytes: Uint8Array, streamOffset: number, frame: number): void {
    const d = this.dir(s, dir);
    assert.ok(bytes.length > 0, 'empty data() call');
    if (d.expect >= 0) assert.equal(streamOffset, d.expect, `stream ${s.index} dir ${dir}: data at ${streamOffset}, expected ${d.expect}`);
    d.chunks.push({ offset: streamOffset, bytes: Uint8Array.from(bytes), frame });
    d.expect = streamOffset + bytes.length;
  }
  gap(s: StreamEndpoints, dir: 0 | 1, from: number, to: number): void {
    const d = this.dir(s, dir);
    assert.ok(to > from, `empty gap ${from}..${to}`);
    if (d.expect >= 0) assert.equal(from, d.expect, `gap starts at ${from}, expected ${d.expect}`);
    d.gaps.push([from, to]);
    d.expect = to;
  }
  close(s: StreamEndpoints, dir: 0 | 1, how: 'fin' | 'rst'): void {
    const d = this.dir(s, dir);
    assert.equal(d.closed, undefined, 'closed twice');
    d.closed = how;
  }
  problem(p: Problem): void {
    this.problems.push(p);
  }
  private dir(s: StreamEndpoints, dir: 0 | 1): DirectionRecord {
    const r = this.streams[s.index];
    assert.ok(r && r.ep === s, 'unknown stream');
    assert.equal(r.dirs[dir].closed, undefined, 'call after close');
    return r.dirs[dir];
  }
}

/** Concatenated data of one direction. */
export function joined(d: DirectionRecord): Uint8Array {
  const out = new Uint8Array(d.chunks.reduce((n, c) => n + c.bytes.length, 0));
  let at = 0;
  for (const c of d.chunks) {
    out.set(c.bytes, at);
    at += c.bytes.length;
  }
  return out;
}

export interface Endpoint {
  addr: string;
  port: number;
}

/**
 * One TCP connection's frames, by relative offsets. `isn` are the raw initial sequence numbers (of the SYNs);
 * data offset 0 is isn + 1.
 */
export class Conn {
  constructor(
    readonly client: Endpoint,
    readonly server: Endpoint,
    readonly isn: [number, number],
    /** Shared by the connections of one capture; `log` (when given) collects the frames, e.g. to write a pcap. */
    private readonly counter: { frame: number; tsSec: number; log?: CapturedPacket[] },
  ) {}

  /** A segment from `dir` (0 = client) at data offset `offset`; `ack` is a data offset in the other direction. */
  seg(dir: 0 | 1, offset: number, payload: Uint8Array, flags: string, ack?: number) {
    const [from, to] = dir === 0 ? [this.client, this.server] : [this.server, this.client];
    const seq = (this.isn[dir] + 1 + offset) >>> 0;
    const opts = {
      src: from.addr,
      dst: to.addr,
      srcPort: from.port,
      dstPort: to.port,
      seq,
      flags: ack === undefined ? flags : flags.includes('A') ? flags : flags + 'A',
      payload,
      frame: ++this.counter.frame,
      tsSec: this.counter.tsSec,
      ...(ack === undefined ? {} : { ack: (this.isn[1 - dir]! + 1 + ack) >>> 0 }),
    };
    const frame = tcpFrame(opts);
    this.counter.log?.push(frame);
    const pkt = decodePacket(frame);
    assert.ok(pkt?.tcp);
    return pkt;
  }
  syn() {
    return this.seg(0, -1, new Uint8Array(0), 'S');
  }
  synAck() {
    return this.seg(1, -1, new Uint8Array(0), 'SA', 0);
  }
  handshake() {
    return [this.syn(), this.synAck(), this.seg(0, 0, new Uint8Array(0), 'A', 0)];
  }
}

export function run(packets: ReturnType<Conn['seg']>[], opts?: TcpStreamOptions): Recorder {
  const rec = new Recorder();
  const table = new TcpStreamTable(rec, opts);
  for (const p of packets) table.push(p);
  table.finish();
  return rec;
}

export function randomBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
}
