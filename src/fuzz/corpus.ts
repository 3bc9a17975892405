/**
 * Seeds: the shared captures and hex dumps in test/fixtures, cut into small valid pieces (a mutated case should run
 * in about a millisecond), every catalog message encoded at every header version, and a few synthetic captures for
 * paths the real ones do not take (IPv4 and IPv6 fragments, VLAN tags, Linux SLL).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CATALOG } from '../core/sccp/catalog';
import { KNOWN_HEADER_VERSIONS } from '../core/sccp/header';
import { encodeMessage } from '../generator/sccp-encode';
import { captureLayout, sccpHeaders } from './structure';

/** Largest piece of a capture used as a seed. */
export const SEED_SLICE_BYTES = 12 * 1024;

export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'fixtures'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the repository root (package.json with test/fixtures) above ' + __dirname);
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => join(dir, f));
}

/** A capture cut to the blocks in [from, ...) that fit in `budget` bytes, keeping the file header (pcap) or SHB and IDBs (pcapng). */
export function sliceCapture(b: Uint8Array, fromBlock: number, budget: number): Uint8Array {
  const layout = captureLayout(b);
  if (layout.kind === 'other' || layout.blocks.length === 0) return b.subarray(0, Math.min(b.length, budget));
  const parts: Uint8Array[] = [];
  let size = 0;
  if (layout.kind === 'pcap') {
    parts.push(b.subarray(0, 24));
    size = 24;
  } else {
    // Section and interface blocks come first and are kept wherever the slice starts.
    for (const blk of layout.blocks) {
      const type = b[blk.offset]! | (b[blk.offset + 1]! << 8) | (b[blk.offset + 2]! << 16) | (b[blk.offset + 3]! << 24);
      if (type !== 0x0a0d0d0a && type !== 1) break;
      parts.push(b.subarray(blk.offset, blk.offset + blk.length));
      size += blk.length;
    }
    fromBlock = Math.max(fromBlock, parts.length);
  }
  for (let i = fromBlock; i < layout.blocks.length; i++) {
    const blk = layout.blocks[i]!;
    if (size + blk.length > budget && size > 64) break;
    parts.push(b.subarray(blk.offset, blk.offset + blk.length));
    size += blk.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface Corpus {
  /** Capture pieces (pcap, pcapng), each a valid file. */
  captures: Uint8Array[];
  /** Some of them gzip-compressed. */
  gzipped: Uint8Array[];
  /** Hex dumps, as file bytes. */
  hexdumps: Uint8Array[];
  /** Single SCCP messages: every catalog layout at every header version, and messages cut out of the captures. */
  messages: Uint8Array[];
  /** The whole captures, named, for the recovery checks. */
  wholeCaptures: { name: string; bytes: Uint8Array }[];
}

let cached: Corpus | undefined;

export function loadCorpus(): Corpus {
  if (cached) return cached;
  const root = repoRoot();
  const wholeCaptures = files(join(root, 'test', 'fixtures', 'captures')).map((f) => ({ name: f.slice(f.lastIndexOf('/') + 1), bytes: new Uint8Array(readFileSync(f)) }));
  const captures: Uint8Array[] = [];
  for (const { bytes } of wholeCaptures) {
    const n = captureLayout(bytes).blocks.length;
    captures.push(sliceCapture(bytes, 0, SEED_SLICE_BYTES));
    if (bytes.length > SEED_SLICE_BYTES) {
      // Pieces from the middle and the end too: they start mid-connection, which exercises resynchronisation.
      captures.push(sliceCapture(bytes, Math.floor(n / 3), SEED_SLICE_BYTES));
      captures.push(sliceCapture(bytes, Math.max(0, n - 40), SEED_SLICE_BYTES));
    }
  }
  captures.push(...syntheticCaptures());
  const gzipped = captures.filter((_, i) => i % 3 === 0).map((c) => new Uint8Array(gzipSync(c, { level: 1 })));
  const hexdumps = files(join(root, 'test', 'fixtures', 'hex')).map((f) => {
    const b = new Uint8Array(readFileSync(f));
    return b.length > 32 * 1024 ? b.subarray(0, 32 * 1024) : b;
  });
  const messages: Uint8Array[] = [];
  for (const def of CATALOG) {
    for (const v of KNOWN_HEADER_VERSIONS) {
      try {
        messages.push(new Uint8Array(encodeMessage(def.id, v)));
      } catch {
        // Messages without a known body layout: a bare header stands for them.
        const h = new Uint8Array(12);
        const dv = new DataView(h.buffer);
        dv.setUint32(0, 4, true);
        dv.setUint32(4, v, true);
        dv.setUint32(8, def.id, true);
        messages.push(h);
      }
    }
  }
  for (const c of captures) {
    for (const at of sccpHeaders(c, 64)) {
      const len = new DataView(c.buffer, c.byteOffset + at, 4).getUint32(0, true);
      if (at + 8 + len <= c.length) messages.push(c.slice(at, at + 8 + len));
    }
  }
  cached = { captures, gzipped, hexdumps, messages, wholeCaptures };
  return cached;
}

// --- synthetic captures -------------------------------------------------------------------------------------

function pcapFile(linkType: number, frames: readonly Uint8Array[]): Uint8Array {
  let size = 24;
  for (const f of frames) size += 16 + f.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, linkType, true);
  let at = 24;
  frames.forEach((f, i) => {
    dv.setUint32(at, 1700000000 + i, true);
    dv.setUint32(at + 8, f.length, true);
    dv.setUint32(at + 12, f.length, true);
    out.set(f, at + 16);
    at += 16 + f.length;
  });
  return out;
}

function tcpSegment(srcPort: number, dstPort: number, seq: number, flags: number, payload: Uint8Array): Uint8Array {
  const t = new Uint8Array(20 + payload.length);
  const dv = new DataView(t.buffer);
  dv.setUint16(0, srcPort);
  dv.setUint16(2, dstPort);
  dv.setUint32(4, seq);
  dv.setUint32(8, 1);
  t[12] = 0x50;
  t[13] = flags;
  dv.setUint16(14, 8192);
  t.set(payload, 20);
  return t;
}

function ipv4(payload: Uint8Array, id: number, fragOffset8: number, more: boolean): Uint8Array {
  const p = new Uint8Array(20 + payload.length);
  const dv = new DataView(p.buffer);
  p[0] = 0x45;
  dv.setUint16(2, p.length);
  dv.setUint16(4, id);
  dv.setUint16(6, (more ? 0x2000 : 0) | fragOffset8);
  p[8] = 64;
  p[9] = 6;
  p.set([10, 0, 0, 2], 12);
  p.set([10, 0, 0, 1], 16);
  p.set(payload, 20);
  return p;
}

function ipv6Fragment(payload: Uint8Array, id: number, fragOffset8: number, more: boolean): Uint8Array {
  const p = new Uint8Array(40 + 8 + payload.length);
  const dv = new DataView(p.buffer);
  p[0] = 0x60;
  dv.setUint16(4, 8 + payload.length);
  p[6] = 44;
  p[7] = 64;
  p[23] = 2;
  p[39] = 1;
  p[40] = 6;
  dv.setUint16(42, (fragOffset8 << 3) | (more ? 1 : 0));
  dv.setUint32(44, id);
  p.set(payload, 48);
  return p;
}

function ether(type: number, payload: Uint8Array, vlan?: number): Uint8Array {
  const head = vlan === undefined ? 14 : 18;
  const f = new Uint8Array(head + payload.length);
  const dv = new DataView(f.buffer);
  f.set([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6]);
  if (vlan !== undefined) {
    dv.setUint16(12, 0x8100);
    dv.setUint16(14, vlan);
  }
  dv.setUint16(head - 2, type);
  f.set(payload, head);
  return f;
}

function sll(payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(16 + payload.length);
  const dv = new DataView(f.buffer);
  dv.setUint16(2, 1);
  dv.setUint16(4, 6);
  dv.setUint16(14, 0x0800);
  f.set(payload, 16);
  return f;
}

/** A connection that opens, carries two SCCP messages (one split across IP fragments) and closes. */
function syntheticCaptures(): Uint8Array[] {
  const keepAlive = new Uint8Array(encodeMessage(0x0000, 0));
  const register = new Uint8Array(encodeMessage(0x0001, 0x11));
  const syn = tcpSegment(51000, 2000, 999, 0x02, new Uint8Array(0));
  const data1 = tcpSegment(51000, 2000, 1000, 0x18, keepAlive);
  const data2 = tcpSegment(51000, 2000, 1000 + keepAlive.length, 0x18, register);
  const fin = tcpSegment(51000, 2000, 1000 + keepAlive.length + register.length, 0x11, new Uint8Array(0));
  const half = 8 * Math.floor(data2.length / 16);
  const v4 = [ipv4(syn, 1, 0, false), ipv4(data1, 2, 0, false), ipv4(data2.subarray(0, half), 3, 0, true), ipv4(data2.subarray(half), 3, half / 8, false), ipv4(fin, 4, 0, false)];
  const v6 = [ipv6Fragment(data2.subarray(0, half), 7, 0, true), ipv6Fragment(data2.subarray(half), 7, half / 8, false)];
  return [
    pcapFile(1, v4.map((p) => ether(0x0800, p))),
    pcapFile(1, v4.map((p, i) => ether(0x0800, p, i))),
    pcapFile(113, v4.map((p) => sll(p))),
    pcapFile(101, v4),
    pcapFile(1, v6.map((p) => ether(0x86dd, p))),
  ];
}
