/** The capture readers, the link and IP layers, and TCP reassembly. */
import { gunzipSync, gzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import { CaptureParser, readCaptureBytes } from '../../core/capture';
import type { CapturedPacket } from '../../core/capture';
import { PacketDecoder, TcpStreamTable, decodePacket, type StreamEndpoints } from '../../core/net';
import type { Problem } from '../../core/problems';
import { checkProblem, ensure } from '../invariants';
import { mutateBytes } from '../mutate';
import { FuzzRng, fnv1a } from '../rng';
import type { FuzzTarget } from '../target';

/** Reads a capture and checks what the reader reports; returns the packets. */
export function readChecked(input: Uint8Array, where: string): { packets: CapturedPacket[]; problems: Problem[] } {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  readCaptureBytes(input, { packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  packets.forEach((p, i) => {
    ensure(p.frame === i + 1, 'frame-numbers', () => `${where}: packet ${i} has frame ${p.frame}`);
    ensure(Number.isInteger(p.fileOffset) && p.fileOffset >= 0, 'packet-offset', () => `${where}: frame ${p.frame} at file offset ${p.fileOffset}`);
    ensure(Number.isFinite(p.tsSec) && Number.isFinite(p.tsNsec), 'timestamp', () => `${where}: frame ${p.frame} time ${p.tsSec}.${p.tsNsec}`);
    ensure(p.tsNsec >= 0 && p.tsNsec < 1e9, 'timestamp', () => `${where}: frame ${p.frame} nanoseconds ${p.tsNsec}`);
  });
  for (const p of problems) checkProblem(p, where);
  return { packets, problems };
}

/** A pcap file with arbitrary records (fast-check): lengths that lie, link types anywhere in the table. */
function pcapArbitrary(): fc.Arbitrary<Uint8Array> {
  const record = fc.record({
    incl: fc.oneof(fc.nat(200), fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 65536)),
    orig: fc.oneof(fc.nat(2000), fc.constantFrom(0, 0xffffffff)),
    data: fc.uint8Array({ maxLength: 200 }),
  });
  return fc
    .record({
      magic: fc.constantFrom(0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1),
      link: fc.oneof(fc.constantFrom(0, 1, 12, 14, 101, 108, 113, 228, 229, 276), fc.nat()),
      records: fc.array(record, { maxLength: 8 }),
    })
    .map(({ magic, link, records }) => {
      const parts: number[] = [];
      const u32 = (v: number): void => void parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
      u32(magic);
      u32(0x00040002);
      u32(0);
      u32(0);
      u32(65535);
      u32(link);
      for (const r of records) {
        u32(1);
        u32(2);
        u32(r.incl);
        u32(r.orig);
        parts.push(...r.data);
      }
      return Uint8Array.from(parts);
    });
}

/** A pcapng file of arbitrary blocks (fast-check): any type, length and body. */
function pcapngArbitrary(): fc.Arbitrary<Uint8Array> {
  const block = fc.record({
    type: fc.oneof(fc.constantFrom(1, 2, 3, 5, 6, 0x0a0d0d0a), fc.nat()),
    body: fc.uint8Array({ maxLength: 120 }),
    lie: fc.option(fc.constantFrom(0, 1, 12, 0xffffffff, 0x7fffffff, 0xfffffffc), { nil: undefined }),
  });
  return fc.array(block, { maxLength: 8 }).map((blocks) => {
    const parts: number[] = [];
    const u32 = (v: number): void => void parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    u32(0x0a0d0d0a);
    u32(28);
    u32(0x1a2b3c4d);
    u32(1);
    u32(0xffffffff);
    u32(0xffffffff);
    u32(28);
    for (const b of blocks) {
      const padded = (b.body.length + 3) & ~3;
      const len = b.lie ?? 12 + padded;
      u32(b.type);
      u32(len);
      parts.push(...b.body);
      for (let i = b.body.length; i < padded; i++) parts.push(0);
      u32(len);
    }
    return Uint8Array.from(parts);
  });
}

function sampleOne(arb: fc.Arbitrary<Uint8Array>, seed: number): Uint8Array {
  return fc.sample(arb, { seed, numRuns: 1 })[0]!;
}

export const captureArbitrary = (): fc.Arbitrary<Uint8Array> => fc.oneof(pcapArbitrary(), pcapngArbitrary());
let captureArb: fc.Arbitrary<Uint8Array> | undefined;
const generateCapture = (seed: number): Uint8Array => sampleOne((captureArb ??= captureArbitrary()), seed);

export const captureTarget: FuzzTarget = {
  name: 'capture',
  description: 'pcap / pcapng / hex-dump bytes -> readCaptureBytes, and CaptureParser fed random chunks through one reused buffer (same packets and problems)',
  seeds: (c) => [...c.captures, ...c.hexdumps],
  mutate: mutateBytes,
  generate: generateCapture,
  run(input) {
    const whole = readChecked(input, 'capture');
    // The streaming parser, pushed in pieces, must read the same packets and problems as the whole-buffer read.
    const rng = new FuzzRng(fnv1a(input));
    const packets: CapturedPacket[] = [];
    const problems: Problem[] = [];
    // Through one buffer, as the file reader pushes (overwritten after each push): a packet's bytes are only valid
    // during its call, so they are copied here, and nothing the parser keeps may be a view of the buffer.
    const parser = new CaptureParser({ packet: (p) => packets.push({ ...p, data: p.data.slice() }), problem: (p) => problems.push(p) });
    const buffer = new Uint8Array(9000);
    for (let at = 0; at < input.length; ) {
      const n = Math.min(rng.chance(0.2) ? rng.int(1, 16) : rng.int(1, 9000), input.length - at);
      buffer.set(input.subarray(at, at + n));
      parser.push(buffer.subarray(0, n), true);
      buffer.fill(0xa5);
      at += n;
    }
    parser.end();
    ensure(packets.length === whole.packets.length, 'chunking', () => `${whole.packets.length} packets read whole, ${packets.length} pushed in chunks`);
    packets.forEach((p, i) => {
      const q = whole.packets[i]!;
      ensure(p.frame === q.frame && p.fileOffset === q.fileOffset && p.linkType === q.linkType && Buffer.compare(p.data, q.data) === 0, 'chunking', () => `frame ${q.frame} differs when pushed in chunks`);
    });
    ensure(problems.length === whole.problems.length, 'chunking', () => `${whole.problems.length} problems read whole, ${problems.length} in chunks: ${JSON.stringify(problems.map((p) => p.code))} vs ${JSON.stringify(whole.problems.map((p) => p.code))}`);
  },
};

export const gzipTarget: FuzzTarget = {
  name: 'capture-gzip',
  description: 'gzip-compressed captures (mutated inside or as compressed bytes) -> readCaptureBytes',
  seeds: (c) => c.gzipped,
  mutate(rng, seed, other) {
    if (rng.chance(0.5)) {
      const inner = mutateBytes(rng, new Uint8Array(gunzipSync(seed)), other);
      const z = new Uint8Array(gzipSync(inner, { level: 1 }));
      // Also a stream cut short or with junk after the end.
      if (rng.chance(0.2)) return z.subarray(0, rng.below(z.length));
      return z;
    }
    return mutateBytes(rng, seed, other);
  },
  run(input) {
    readChecked(input, 'capture-gzip');
  },
};

export const netTarget: FuzzTarget = {
  name: 'net',
  description: 'captured frames -> PacketDecoder (with IP reassembly) and decodePacket: link, IPv4/IPv6, TCP/UDP',
  seeds: (c) => c.captures,
  mutate: mutateBytes,
  generate: generateCapture,
  run(input) {
    const { packets } = readChecked(input, 'net');
    const problems: Problem[] = [];
    const dec = new PacketDecoder((p) => problems.push(p));
    for (const p of packets) {
      for (const net of [dec.decode(p), decodePacket(p)]) {
        if (!net) continue;
        ensure(net.frame === p.frame, 'net-frame', () => `frame ${p.frame} decoded as frame ${net.frame}`);
        for (const pr of net.problems) checkProblem(pr, `net frame ${p.frame}`, { maxFrame: packets.length });
        const t = net.tcp;
        if (t) {
          ensure(t.srcPort >= 0 && t.srcPort <= 65535 && t.dstPort >= 0 && t.dstPort <= 65535, 'tcp-ports', () => `frame ${p.frame}: ports ${t.srcPort} ${t.dstPort}`);
          ensure(t.payload.length <= 65535 + 40, 'tcp-payload', () => `frame ${p.frame}: TCP payload of ${t.payload.length} bytes`);
        }
        if (net.udp) ensure(net.udp.payload.length <= 65535, 'udp-payload', () => `frame ${p.frame}: UDP payload of ${net.udp!.payload.length} bytes`);
      }
    }
    dec.finish();
    for (const pr of problems) checkProblem(pr, 'net', { maxFrame: packets.length });
  },
};

export const tcpTarget: FuzzTarget = {
  name: 'tcp',
  description: 'TCP segments -> TcpStreamTable: each direction delivered in order, every byte at most once, gaps explicit',
  seeds: (c) => c.captures,
  mutate: mutateBytes,
  generate: generateCapture,
  run(input) {
    const { packets } = readChecked(input, 'tcp');
    const rng = new FuzzRng(fnv1a(input));
    const problems: Problem[] = [];
    // Small limits now and then, so that the bounds themselves are exercised.
    const small = rng.chance(0.3);
    const next = new Map<string, number>();
    const opened = new Set<number>();
    const key = (s: StreamEndpoints, dir: 0 | 1): string => `${s.index}/${dir}`;
    const advance = (s: StreamEndpoints, dir: 0 | 1, from: number, to: number, what: string): void => {
      ensure(opened.has(s.index), 'tcp-order', () => `${what} on stream ${s.index} before it was opened`);
      ensure(Number.isInteger(from) && to >= from && from >= 0, 'tcp-offsets', () => `${what} on stream ${s.index}/${dir}: ${from}..${to}`);
      const at = next.get(key(s, dir));
      ensure(at === undefined || from >= at, 'tcp-once', () => `${what} on stream ${s.index}/${dir} at ${from}, but ${at} bytes were already delivered`);
      next.set(key(s, dir), to);
    };
    const table = new TcpStreamTable(
      {
        open: (s) => {
          ensure(!opened.has(s.index), 'tcp-order', () => `stream ${s.index} opened twice`);
          opened.add(s.index);
        },
        data: (s, dir, bytes, offset) => advance(s, dir, offset, offset + bytes.length, 'data'),
        gap: (s, dir, from, to) => {
          ensure(to > from, 'tcp-offsets', () => `empty gap ${from}..${to} on stream ${s.index}/${dir}`);
          advance(s, dir, from, to, 'gap');
        },
        close: (s) => ensure(opened.has(s.index), 'tcp-order', () => `close of stream ${s.index} before it was opened`),
        problem: (p) => problems.push(p),
      },
      small ? { maxBufferedBytesPerDirection: rng.int(1, 4096), maxBufferedSegmentsPerDirection: rng.int(1, 8), holeTimeoutSec: rng.int(0, 2) } : {},
    );
    const dec = new PacketDecoder((p) => problems.push(p));
    for (const p of packets) {
      const net = dec.decode(p);
      if (net) table.push(net);
    }
    table.finish();
    for (const s of table.summaries()) ensure(s.firstFrame <= s.lastFrame, 'tcp-summary', () => `stream ${s.endpoints.index}: frames ${s.firstFrame}..${s.lastFrame}`);
    for (const pr of problems) checkProblem(pr, 'tcp', { maxFrame: packets.length });
  },
};
