/**
 * Re-cutting real SCCP TCP streams for the segmentation tests: decode a fixture once, take each direction's SCCP byte
 * stream (the bytes of its messages, in order), cut it anew, perturb the segments (retransmitted duplicates, swapped
 * neighbours) and write a new classic pcap (Ethernet, IPv4, TCP with correct sequence numbers and checksums).
 */
import { prng } from '../../helpers/prng';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureBytes } from '../../../src/core/capture';
import { SccpSession } from '../../../src/core/session';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { toHex } from '../../../src/core/sccp/interpreter';
import { concat, pcapFile, tcpFrame } from '../../helpers/frames';
import type { CapturedPacket } from '../../../src/core/capture/types';
import { FIXTURES } from '../../helpers/tshark-reference';

/** One direction of an SCCP connection: its endpoints and its messages in stream order. */
export interface Direction {
  key: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  messages: SccpMessage[];
}

/** One connection: the station's side opens it (dir 0), the CallManager's answers (dir 1, may be empty). */
export interface Connection {
  dirs: [Direction, Direction];
}

/** What is compared: everything the decoder derives from the bytes. */
export interface MessageDigest {
  id: number;
  name: string;
  bytes: string;
  fields: string;
  media: string;
  problems: string;
}

export function digest(m: SccpMessage): MessageDigest {
  return {
    id: m.id,
    name: m.name,
    bytes: toHex(m.bytes),
    fields: JSON.stringify(m.fields),
    media: JSON.stringify(m.media),
    // Problem frames depend on the cut; their codes and positions in the message do not.
    problems: JSON.stringify(m.problems.map((p) => [p.code, p.offset, p.length])),
  };
}

/** Runs a capture through the whole pipeline; the messages in the order they complete (SCCP in clear only). */
export function decodeCapture(bytes: Uint8Array): SccpMessage[] {
  const out: SccpMessage[] = [];
  const session = new SccpSession({ message: (m) => (m.tls ? undefined : out.push(m)), problem: () => {} });
  readCaptureBytes(bytes, { packet: (p) => session.packet(p), problem: () => {} });
  session.finish();
  return out;
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, 'captures', name)));
}

/** Messages of a decode grouped by direction (src > dst), in stream order. */
export function byDirection(messages: readonly SccpMessage[]): Map<string, MessageDigest[]> {
  const out = new Map<string, MessageDigest[]>();
  const sorted = [...messages].sort((a, b) => a.stream - b.stream || a.streamOffset - b.streamOffset);
  for (const m of sorted) {
    const key = `${m.src}:${m.srcPort}>${m.dst}:${m.dstPort}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(digest(m));
  }
  return out;
}

/** The SCCP connections of a decoded capture, station side first. */
export function connectionsOf(messages: readonly SccpMessage[]): Connection[] {
  const byStream = new Map<number, Connection>();
  const sorted = [...messages].sort((a, b) => a.stream - b.stream || a.streamOffset - b.streamOffset);
  for (const m of sorted) {
    let c = byStream.get(m.stream);
    if (!c) {
      const fromStation = m.direction !== 'callmanager-to-station';
      const station = fromStation ? { ip: m.src, port: m.srcPort } : { ip: m.dst, port: m.dstPort };
      const cm = fromStation ? { ip: m.dst, port: m.dstPort } : { ip: m.src, port: m.srcPort };
      const dir = (a: typeof station, b: typeof station): Direction => ({ key: `${a.ip}:${a.port}>${b.ip}:${b.port}`, src: a.ip, srcPort: a.port, dst: b.ip, dstPort: b.port, messages: [] });
      c = { dirs: [dir(station, cm), dir(cm, station)] };
      byStream.set(m.stream, c);
    }
    const d = c.dirs.find((x) => x.src === m.src && x.srcPort === m.srcPort)!;
    d.messages.push(m);
  }
  return [...byStream.values()];
}


/** Segment lengths covering `total` bytes: every cut `size` bytes, or random lengths in [1, max]. */
export type CutPattern = { size: number } | { seed: number; max: number };

function cuts(total: number, pattern: CutPattern): number[] {
  const out: number[] = [];
  const rnd = 'seed' in pattern ? prng(pattern.seed) : undefined;
  for (let at = 0; at < total; ) {
    const n = rnd ? 1 + Math.floor(rnd() * (pattern as { max: number }).max) : (pattern as { size: number }).size;
    out.push(Math.min(n, total - at));
    at += n;
  }
  return out;
}

interface Segment {
  dir: 0 | 1;
  /** Byte offset in the direction's stream. */
  offset: number;
  bytes: Uint8Array;
  /** Index of the original message (over both directions, in completion order) that holds the first byte. */
  order: number;
}

export interface Perturbation {
  /** Probability that a segment is sent again (a retransmission), one to three segments later. */
  duplicate: number;
  /** Probability that a segment is swapped with the one after it. */
  swap: number;
  seed: number;
}

/**
 * The connection re-cut: handshake, the data segments of both directions (kept in the original order of messages
 * across directions, then perturbed), FIN from both sides. Station ISN 0xfffff000 makes sequence numbers wrap.
 */
export function recutConnection(c: Connection, pattern: CutPattern, perturb: Perturbation, completionOrder: Map<SccpMessage, number>, clientPortOffset = 0): { frames: Omit<Parameters<typeof tcpFrame>[0], 'frame'>[] } {
  const rnd = prng(perturb.seed);
  const isn: [number, number] = [0xfffff000, Math.floor(rnd() * 0xffffffff) >>> 0];
  const segments: Segment[] = [];
  c.dirs.forEach((d, dir) => {
    const stream = concat(...d.messages.map((m) => m.bytes));
    // Which message each segment starts in, to keep the cross-direction order of the original.
    let end = 0;
    const ends = d.messages.map((m) => ({ end: (end += m.bytes.length), order: completionOrder.get(m)! }));
    let at = 0;
    let k = 0;
    for (const n of cuts(stream.length, pattern)) {
      while (ends[k]!.end <= at) k++;
      segments.push({ dir: dir as 0 | 1, offset: at, bytes: stream.subarray(at, at + n), order: ends[k]!.order });
      at += n;
    }
  });
  segments.sort((a, b) => a.order - b.order || a.dir - b.dir || a.offset - b.offset);
  // Perturb: swapped neighbours, then retransmitted duplicates a little later.
  for (let i = 0; i + 1 < segments.length; i++) {
    if (rnd() < perturb.swap) {
      [segments[i], segments[i + 1]] = [segments[i + 1]!, segments[i]!];
      i++;
    }
  }
  const sent: Segment[] = [];
  const later = new Map<number, Segment[]>();
  segments.forEach((s, i) => {
    sent.push(s);
    if (rnd() < perturb.duplicate) {
      const at = Math.min(i + 1 + Math.floor(rnd() * 3), segments.length - 1);
      later.set(at, [...(later.get(at) ?? []), s]);
    }
    sent.push(...(later.get(i) ?? []));
  });

  const ep = (dir: 0 | 1) => {
    const d = c.dirs[dir];
    // Every re-cut connection gets its own client port, so several can share one capture.
    return dir === 0
      ? { src: d.src, dst: d.dst, srcPort: d.srcPort + clientPortOffset, dstPort: d.dstPort }
      : { src: d.src, dst: d.dst, srcPort: d.srcPort, dstPort: d.dstPort + clientPortOffset };
  };
  const seq = (dir: 0 | 1, offset: number) => (isn[dir] + 1 + offset) >>> 0;
  const total = (dir: 0 | 1) => c.dirs[dir].messages.reduce((n, m) => n + m.bytes.length, 0);
  const frames: Omit<Parameters<typeof tcpFrame>[0], 'frame'>[] = [
    { ...ep(0), seq: isn[0], flags: 'S' },
    { ...ep(1), seq: isn[1], ack: seq(0, 0), flags: 'SA' },
    { ...ep(0), seq: seq(0, 0), ack: seq(1, 0), flags: 'A' },
    ...sent.map((s) => ({ ...ep(s.dir), seq: seq(s.dir, s.offset), ack: seq(s.dir === 0 ? 1 : 0, 0), flags: 'PA', payload: s.bytes })),
    { ...ep(0), seq: seq(0, total(0)), ack: seq(1, total(1)), flags: 'FA' },
    { ...ep(1), seq: seq(1, total(1)), ack: seq(0, total(0)) + 1, flags: 'FA' },
  ];
  return { frames };
}

/** A pcap holding the given connections' frames one after the other, 1 ms apart. */
export function pcapOf(frames: Omit<Parameters<typeof tcpFrame>[0], 'frame'>[]): Uint8Array {
  const packets: CapturedPacket[] = frames.map((f, i) => tcpFrame({ ...f, frame: i + 1, tsSec: 1_700_000_000 + Math.floor(i / 1000), tsNsec: (i % 1000) * 1_000_000 }));
  return pcapFile(packets);
}
