/**
 * Builders for capture files in the tests (classic pcap and pcapng, either byte order) and helpers to read them with
 * the project's readers, whole or in chunks.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureParser, CaptureStreamReader, readCaptureBytes } from '../../../src/core/capture';
import type { CaptureInfo, CapturedPacket } from '../../../src/core/capture';
import type { Problem } from '../../../src/core/problems';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
export const CAPTURES = join(FIXTURES, 'captures');
export const HEX = join(FIXTURES, 'hex');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CAPTURES, name)));
}

export function captureFixtures(ext?: string): string[] {
  return readdirSync(CAPTURES)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .filter((f) => !ext || f.endsWith(`.${ext}`))
    .sort();
}

/** Little helper to write integers in a chosen byte order. */
export class Bytes {
  private readonly parts: number[] = [];
  constructor(private readonly le = true) {}
  u8(...v: number[]): this {
    for (const x of v) this.parts.push(x & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v, v >>> 8) : this.u8(v >>> 8, v);
  }
  u32(v: number): this {
    const b = [v >>> 24, v >>> 16, v >>> 8, v];
    return this.u8(...(this.le ? b.reverse() : b));
  }
  u64(v: bigint): this {
    const hi = Number((BigInt.asUintN(64, v) >> 32n) & 0xffffffffn);
    const lo = Number(BigInt.asUintN(64, v) & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: Uint8Array | number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export { concat } from '../../helpers/frames';

// ---- classic pcap ----------------------------------------------------------------------------------------------

export interface PcapRecord {
  sec: number;
  frac: number;
  data: Uint8Array;
  /** Defaults to data.length. */
  orig?: number;
  /** Overrides the captured-length field (for damaged records). */
  incl?: number;
}

export function pcapFile(opts: { le: boolean; ns: boolean; linkType?: number; snaplen?: number }, records: PcapRecord[]): Uint8Array {
  const b = new Bytes(opts.le);
  b.u32(opts.ns ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(opts.snaplen ?? 65535).u32(opts.linkType ?? 1);
  for (const r of records) b.u32(r.sec).u32(r.frac).u32(r.incl ?? r.data.length).u32(r.orig ?? r.data.length).bytes(r.data);
  return b.build();
}

// ---- pcapng ----------------------------------------------------------------------------------------------------

/** One block: type, length, body (padded to 4), length. */
export function block(le: boolean, type: number, body: Uint8Array, opts: { length?: number; trailer?: number } = {}): Uint8Array {
  const padded = new Bytes(le).bytes(body).pad4().build();
  const len = opts.length ?? padded.length + 12;
  return new Bytes(le).u32(type).u32(len).bytes(padded).u32(opts.trailer ?? len).build();
}

export function shb(le: boolean, opts: { major?: number } = {}): Uint8Array {
  return block(le, 0x0a0d0d0a, new Bytes(le).u32(0x1a2b3c4d).u16(opts.major ?? 1).u16(0).u64(-1n).build());
}

export interface IdbOptions {
  linkType: number;
  snaplen?: number;
  /** if_tsresol byte. */
  tsresol?: number;
  /** if_tsoffset seconds. */
  tsoffset?: bigint;
}

export function idb(le: boolean, o: IdbOptions): Uint8Array {
  const b = new Bytes(le).u16(o.linkType).u16(0).u32(o.snaplen ?? 0);
  if (o.tsresol !== undefined) b.u16(9).u16(1).u8(o.tsresol).pad4();
  if (o.tsoffset !== undefined) b.u16(14).u16(8).u64(o.tsoffset);
  if (o.tsresol !== undefined || o.tsoffset !== undefined) b.u16(0).u16(0);
  return block(le, 1, b.build());
}

export function epb(le: boolean, iface: number, ts: bigint, data: Uint8Array, orig = data.length, capLen = data.length): Uint8Array {
  return block(le, 6, new Bytes(le).u32(iface).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).u32(capLen).u32(orig).bytes(data).pad4().build());
}

export function spb(le: boolean, orig: number, data: Uint8Array): Uint8Array {
  return block(le, 3, new Bytes(le).u32(orig).bytes(data).pad4().build());
}

/** The obsolete Packet Block (type 2): 16-bit interface id and drop count. */
export function pb(le: boolean, iface: number, ts: bigint, data: Uint8Array): Uint8Array {
  return block(le, 2, new Bytes(le).u16(iface).u16(0).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).u32(data.length).u32(data.length).bytes(data).pad4().build());
}

// ---- reading ---------------------------------------------------------------------------------------------------

export interface ReadResult {
  info: CaptureInfo | undefined;
  packets: CapturedPacket[];
  problems: Problem[];
}

export function readAll(bytes: Uint8Array): ReadResult {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const info = readCaptureBytes(bytes, { packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  return { info, packets, problems };
}

/** Feeds the synchronous push parser in chunks of `size` bytes (each chunk a fresh copy, as a stream would hand over). */
export function readChunked(bytes: Uint8Array, size: number): ReadResult {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const parser = new CaptureParser({ packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  for (let at = 0; at < bytes.length; at += size) parser.push(bytes.slice(at, at + size));
  return { info: parser.end(), packets, problems };
}

/** Feeds the streaming reader (gzip included) in chunks of `size` bytes, honouring its backpressure. */
export async function streamChunked(bytes: Uint8Array, size: number): Promise<ReadResult> {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const reader = new CaptureStreamReader({ packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  for (let at = 0; at < bytes.length; at += size) if (!reader.push(bytes.slice(at, at + size))) await reader.ready();
  return { info: await reader.end(), packets, problems };
}

/** What must agree between two reads of the same capture. */
export function packetKey(p: CapturedPacket): string {
  return [p.frame, p.fileOffset, p.tsSec, p.tsNsec, p.tsDigits, p.linkType, p.originalLength, p.interfaceId, Buffer.from(p.data).toString('hex')].join(' ');
}
