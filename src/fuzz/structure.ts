/**
 * Finds the structure of a capture without trusting it: block boundaries (pcap records, pcapng blocks) and the
 * length fields inside them, plus SCCP headers anywhere in the bytes. Mutations use this to hit the fields that
 * parsers size things from. Everything here is bounded by the input; malformed structure just ends the walk.
 */
import { KNOWN_HEADER_VERSIONS, MAX_DATA_LENGTH } from '../core/sccp/header';

export interface LengthField {
  offset: number;
  size: 1 | 2 | 4;
  littleEndian: boolean;
  /** What it is, for failure reports. */
  what: string;
}

export interface Block {
  offset: number;
  length: number;
}

export interface CaptureLayout {
  kind: 'pcap' | 'pcapng' | 'other';
  /** Bytes before the first block (the pcap file header); 0 for pcapng (its SHB is a block). */
  headerLength: number;
  blocks: Block[];
  lengths: LengthField[];
  /** Offsets of the type field of each pcapng block. */
  blockTypes: number[];
  /** Offsets of plausible SCCP headers. */
  sccpHeaders: number[];
}

const MAX_BLOCKS = 100000;

function u32(b: Uint8Array, at: number, le: boolean): number {
  return le ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0 : ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

export function captureLayout(b: Uint8Array): CaptureLayout {
  const out: CaptureLayout = { kind: 'other', headerLength: 0, blocks: [], lengths: [], blockTypes: [], sccpHeaders: sccpHeaders(b) };
  if (b.length < 12) return out;
  const magic = u32(b, 0, true);
  if (magic === 0x0a0d0d0a) pcapngLayout(b, out);
  else if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) pcapLayout(b, true, out);
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) pcapLayout(b, false, out);
  return out;
}

function pcapLayout(b: Uint8Array, le: boolean, out: CaptureLayout): void {
  out.kind = 'pcap';
  out.headerLength = 24;
  if (b.length < 24) return;
  out.lengths.push({ offset: 16, size: 4, littleEndian: le, what: 'pcap snaplen' });
  let at = 24;
  while (at + 16 <= b.length && out.blocks.length < MAX_BLOCKS) {
    const incl = u32(b, at + 8, le);
    out.lengths.push({ offset: at + 8, size: 4, littleEndian: le, what: `pcap record at ${at}: included length` });
    out.lengths.push({ offset: at + 12, size: 4, littleEndian: le, what: `pcap record at ${at}: original length` });
    const len = 16 + incl;
    if (at + len > b.length) break;
    out.blocks.push({ offset: at, length: len });
    ipLengths(b, at + 16, at + len, out);
    at += len;
  }
}

function pcapngLayout(b: Uint8Array, out: CaptureLayout): void {
  out.kind = 'pcapng';
  let at = 0;
  let le = true;
  while (at + 12 <= b.length && out.blocks.length < MAX_BLOCKS) {
    const type = u32(b, at, le);
    if (type === 0x0a0d0d0a) le = u32(b, at + 8, true) === 0x1a2b3c4d;
    const len = u32(b, at + 4, le);
    out.blockTypes.push(at);
    out.lengths.push({ offset: at + 4, size: 4, littleEndian: le, what: `pcapng block at ${at}: total length` });
    if (len < 12 || len % 4 !== 0 || at + len > b.length) break;
    out.lengths.push({ offset: at + len - 4, size: 4, littleEndian: le, what: `pcapng block at ${at}: trailing total length` });
    out.blocks.push({ offset: at, length: len });
    if (type === 6 && len >= 32) {
      out.lengths.push({ offset: at + 20, size: 4, littleEndian: le, what: `pcapng EPB at ${at}: captured length` });
      out.lengths.push({ offset: at + 24, size: 4, littleEndian: le, what: `pcapng EPB at ${at}: original length` });
      const cap = u32(b, at + 20, le);
      const dataEnd = Math.min(at + 28 + cap, at + len - 4);
      ipLengths(b, at + 28, dataEnd, out);
      optionLengths(b, at + 28 + ((cap + 3) & ~3), at + len - 4, le, out);
    } else if (type === 3 && len >= 16) {
      out.lengths.push({ offset: at + 8, size: 4, littleEndian: le, what: `pcapng SPB at ${at}: original length` });
    } else if (type === 1 && len >= 20) {
      out.lengths.push({ offset: at + 12, size: 4, littleEndian: le, what: `pcapng IDB at ${at}: snaplen` });
      optionLengths(b, at + 16, at + len - 4, le, out);
    } else if (type === 0x0a0d0d0a && len >= 28) {
      out.lengths.push({ offset: at + 16, size: 4, littleEndian: true, what: `pcapng SHB at ${at}: section length (low)` });
      out.lengths.push({ offset: at + 20, size: 4, littleEndian: true, what: `pcapng SHB at ${at}: section length (high)` });
      optionLengths(b, at + 24, at + len - 4, le, out);
    }
    at += len;
  }
}

function optionLengths(b: Uint8Array, from: number, to: number, le: boolean, out: CaptureLayout): void {
  let o = from;
  for (let n = 0; o + 4 <= to && n < 64; n++) {
    const olen = le ? b[o + 2]! | (b[o + 3]! << 8) : (b[o + 2]! << 8) | b[o + 3]!;
    out.lengths.push({ offset: o + 2, size: 2, littleEndian: le, what: `pcapng option at ${o}: length` });
    if ((le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!) === 0) break;
    o += 4 + ((olen + 3) & ~3);
  }
}

/** IPv4 total length and TCP data offset of an Ethernet/IPv4 frame, when the frame looks like one. */
function ipLengths(b: Uint8Array, from: number, to: number, out: CaptureLayout): void {
  if (to - from < 34 || b[from + 12] !== 0x08 || b[from + 13] !== 0x00 || b[from + 14]! >> 4 !== 4) return;
  const ip = from + 14;
  out.lengths.push({ offset: ip + 2, size: 2, littleEndian: false, what: `IPv4 total length at ${ip + 2}` });
  out.lengths.push({ offset: ip, size: 1, littleEndian: false, what: `IPv4 version/IHL at ${ip}` });
  const ihl = (b[ip]! & 15) * 4;
  if (b[ip + 9] === 6 && ip + ihl + 13 < to) out.lengths.push({ offset: ip + ihl + 12, size: 1, littleEndian: false, what: `TCP data offset at ${ip + ihl + 12}` });
  if (b[ip + 9] === 17 && ip + ihl + 6 < to) out.lengths.push({ offset: ip + ihl + 4, size: 2, littleEndian: false, what: `UDP length at ${ip + ihl + 4}` });
}

/** Offsets where a plausible SCCP header (length, known version, ID in range) starts. */
export function sccpHeaders(b: Uint8Array, limit = 4096): number[] {
  const out: number[] = [];
  for (let i = 0; i + 12 <= b.length && out.length < limit; i++) {
    const len = u32(b, i, true);
    if (len < 4 || len > MAX_DATA_LENGTH) continue;
    if (!KNOWN_HEADER_VERSIONS.has(u32(b, i + 4, true))) continue;
    const id = u32(b, i + 8, true);
    if (id <= 0x01ff || (id >= 0x8000 && id <= 0x81ff)) out.push(i);
  }
  return out;
}

/** Writes a value into a length field (truncated to the field's width). */
export function setField(b: Uint8Array, f: LengthField, value: number): void {
  if (f.offset + f.size > b.length) return;
  const v = value >>> 0;
  for (let i = 0; i < f.size; i++) {
    const shift = f.littleEndian ? i * 8 : (f.size - 1 - i) * 8;
    b[f.offset + i] = (v >>> shift) & 0xff;
  }
}

export function readField(b: Uint8Array, f: LengthField): number {
  let v = 0;
  for (let i = 0; i < f.size; i++) {
    const shift = f.littleEndian ? i * 8 : (f.size - 1 - i) * 8;
    v += (b[f.offset + i] ?? 0) * 2 ** shift;
  }
  return v;
}
