/**
 * Streaming capture writers: records go into a 1 MiB chunk that is written out when full, so a capture of any
 * size is written with constant memory. Classic pcap (microseconds, Ethernet) or pcapng (one interface, EPBs).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK = 1 << 20;
const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 65535;

export type CaptureFileFormat = 'pcap' | 'pcapng';

export interface CaptureWriter {
  /** Appends one frame (`frame[0, length)`) with its time in microseconds since the epoch. */
  packet(timeMicros: number, frame: Uint8Array, length: number): void;
  /** Bytes written so far (headers included). */
  readonly bytesWritten: number;
  readonly packets: number;
  close(): void;
}

abstract class ChunkedFile implements CaptureWriter {
  protected chunk = Buffer.alloc(CHUNK);
  protected at = 0;
  private flushed = 0;
  packets = 0;
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  get bytesWritten(): number {
    return this.flushed + this.at;
  }

  /** Makes room for `n` more bytes in the chunk. */
  protected reserve(n: number): void {
    if (this.at + n <= this.chunk.length) return;
    this.flush();
    if (n > this.chunk.length) this.chunk = Buffer.alloc(n);
  }

  private flush(): void {
    let off = 0;
    while (off < this.at) off += writeSync(this.fd, this.chunk, off, this.at - off);
    this.flushed += this.at;
    this.at = 0;
  }

  abstract packet(timeMicros: number, frame: Uint8Array, length: number): void;

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Classic pcap, little-endian, microsecond timestamps. */
export class PcapWriter extends ChunkedFile {
  constructor(path: string) {
    super(path);
    const h = this.chunk;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8);
    h.writeUInt32LE(0, 12);
    h.writeUInt32LE(SNAPLEN, 16);
    h.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    this.at = 24;
  }

  packet(timeMicros: number, frame: Uint8Array, length: number): void {
    this.reserve(16 + length);
    const c = this.chunk;
    const sec = Math.floor(timeMicros / 1e6);
    c.writeUInt32LE(sec, this.at);
    c.writeUInt32LE(timeMicros - sec * 1e6, this.at + 4);
    c.writeUInt32LE(length, this.at + 8);
    c.writeUInt32LE(length, this.at + 12);
    c.set(frame.subarray(0, length), this.at + 16);
    this.at += 16 + length;
    this.packets++;
  }
}

/** pcapng: a section header, one Ethernet interface (default microsecond resolution), enhanced packet blocks. */
export class PcapngWriter extends ChunkedFile {
  constructor(path: string) {
    super(path);
    const c = this.chunk;
    // Section header block: type, length, byte-order magic, version 1.0, section length unknown (-1).
    c.writeUInt32LE(0x0a0d0d0a, 0);
    c.writeUInt32LE(28, 4);
    c.writeUInt32LE(0x1a2b3c4d, 8);
    c.writeUInt16LE(1, 12);
    c.writeUInt16LE(0, 14);
    c.writeInt32LE(-1, 16);
    c.writeInt32LE(-1, 20);
    c.writeUInt32LE(28, 24);
    // Interface description block: link type, reserved, snap length.
    c.writeUInt32LE(1, 28);
    c.writeUInt32LE(20, 32);
    c.writeUInt16LE(LINKTYPE_ETHERNET, 36);
    c.writeUInt16LE(0, 38);
    c.writeUInt32LE(SNAPLEN, 40);
    c.writeUInt32LE(20, 44);
    this.at = 48;
  }

  packet(timeMicros: number, frame: Uint8Array, length: number): void {
    const padded = (length + 3) & ~3;
    const total = 32 + padded;
    this.reserve(total);
    const c = this.chunk;
    const o = this.at;
    c.writeUInt32LE(6, o);
    c.writeUInt32LE(total, o + 4);
    c.writeUInt32LE(0, o + 8);
    c.writeUInt32LE(Math.floor(timeMicros / 4294967296), o + 12);
    c.writeUInt32LE(timeMicros % 4294967296, o + 16);
    c.writeUInt32LE(length, o + 20);
    c.writeUInt32LE(length, o + 24);
    c.set(frame.subarray(0, length), o + 28);
    c.fill(0, o + 28 + length, o + 28 + padded);
    c.writeUInt32LE(total, o + 28 + padded);
    this.at += total;
    this.packets++;
  }
}

export function openCaptureWriter(path: string, format: CaptureFileFormat): CaptureWriter {
  return format === 'pcapng' ? new PcapngWriter(path) : new PcapWriter(path);
}
