import { gunzipSync, constants as zc } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { problem, type Problem } from '../problems';
import type { CaptureInfo, CapturedPacket } from './types';

/**
 * Minimal whole-buffer reader for classic pcap (both byte orders, µs and ns) and pcapng (EPB, SPB, obsolete PB,
 * per-interface link type and if_tsresol), gzip detected by magic. Streaming readers (issue #2) replace this.
 */
export interface CaptureSink {
  packet(p: CapturedPacket): void;
  problem(p: Problem): void;
}

const MAX_RECORD = 256 * 1024 * 1024;

export function readCaptureBytes(input: Uint8Array, sink: CaptureSink): CaptureInfo | undefined {
  let bytes = input;
  let compressed = false;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    compressed = true;
    try {
      bytes = gunzipSync(bytes, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch (e) {
      sink.problem(problem('capture.gzip', `the gzip stream is corrupt: ${(e as Error).message}`, { offset: 0 }));
      return undefined;
    }
  }
  if (bytes.length < 4) {
    sink.problem(problem('capture.unknown-format', `the file has only ${bytes.length} byte(s)`, { offset: 0 }));
    return undefined;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLE = dv.getUint32(0, true);
  if (magicLE === 0x0a0d0d0a) {
    readPcapng(bytes, dv, sink);
    return { format: 'pcapng', compressed };
  }
  const pcap: Record<number, [boolean, boolean]> = {
    0xa1b2c3d4: [true, false],
    0xa1b23c4d: [true, true],
    0xd4c3b2a1: [false, false],
    0x4d3cb2a1: [false, true],
  };
  const kind = pcap[magicLE];
  if (!kind) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    sink.problem(problem('capture.unknown-format', `not a pcap or pcapng file (first bytes ${head})`, { offset: 0 }));
    return undefined;
  }
  readPcap(bytes, dv, kind[0], kind[1], sink);
  return { format: 'pcap', compressed };
}

function readPcap(bytes: Uint8Array, dv: DataView, le: boolean, nanos: boolean, sink: CaptureSink): void {
  if (bytes.length < 24) {
    sink.problem(problem('capture.truncated', `the pcap header needs 24 bytes, the file has ${bytes.length}`, { offset: 0 }));
    return;
  }
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  let at = 24;
  let frame = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 16) {
      sink.problem(problem('capture.truncated', `the file ends at offset ${bytes.length} inside a record header`, { offset: at }));
      return;
    }
    const sec = dv.getUint32(at, le);
    const frac = dv.getUint32(at + 4, le);
    const incl = dv.getUint32(at + 8, le);
    const orig = dv.getUint32(at + 12, le);
    if (incl > MAX_RECORD) {
      sink.problem(problem('capture.bad-record', `record at offset ${at} claims ${incl} bytes; reading stops`, { offset: at }));
      return;
    }
    if (at + 16 + incl > bytes.length) {
      sink.problem(problem('capture.truncated', `the file ends at offset ${bytes.length}, ${at + 16 + incl - bytes.length} byte(s) short of the record at offset ${at}`, { offset: at }));
      return;
    }
    sink.packet({ frame: ++frame, fileOffset: at, tsSec: sec, tsNsec: nanos ? frac : frac * 1000, tsDigits: nanos ? 9 : 6, linkType, originalLength: orig, data: bytes.subarray(at + 16, at + 16 + incl), interfaceId: 0 });
    at += 16 + incl;
  }
}

interface Iface {
  linkType: number;
  unitsPerSec: bigint;
  digits: number;
  offsetSec: bigint;
}

function readPcapng(bytes: Uint8Array, dv: DataView, sink: CaptureSink): void {
  let at = 0;
  let le = true;
  let ifaces: Iface[] = [];
  let frame = 0;
  while (at + 12 <= bytes.length) {
    const type = dv.getUint32(at, le);
    if (type === 0x0a0d0d0a) {
      le = dv.getUint32(at + 8, true) === 0x1a2b3c4d;
      ifaces = [];
    }
    const len = dv.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
      sink.problem(problem('capture.bad-block', `block at offset ${at} has an impossible length ${len}; reading stops`, { offset: at }));
      return;
    }
    if (at + len > bytes.length) {
      sink.problem(problem('capture.truncated', `the file ends at offset ${bytes.length}, inside the block at offset ${at}`, { offset: at }));
      return;
    }
    const body = at + 8;
    if (type === 1) {
      const iface: Iface = { linkType: dv.getUint16(body, le), unitsPerSec: 1000000n, digits: 6, offsetSec: 0n };
      let o = body + 8;
      while (o + 4 <= at + len - 4) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = bytes[o + 4]!;
          const v = r & 0x7f;
          iface.unitsPerSec = r & 0x80 ? 1n << BigInt(v) : 10n ** BigInt(v);
          iface.digits = r & 0x80 ? Math.min(9, Math.ceil(v * Math.log10(2))) : Math.min(9, v);
        }
        if (code === 14 && olen >= 8) iface.offsetSec = dv.getBigInt64(o + 4, le);
        o += 4 + ((olen + 3) & ~3);
      }
      ifaces.push(iface);
    } else if (type === 6 || type === 2 || type === 3) {
      const simple = type === 3;
      const ifId = simple ? 0 : type === 2 ? dv.getUint16(body, le) : dv.getUint32(body, le);
      const iface = ifaces[ifId];
      if (!iface) {
        sink.problem(problem('capture.bad-block', `packet block at offset ${at} names interface ${ifId}, which was not described`, { offset: at }));
      } else {
        let sec = 0;
        let nsec = 0;
        if (!simple) {
          const ts = (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le));
          const s = ts / iface.unitsPerSec;
          sec = Number(s + iface.offsetSec);
          nsec = Number(((ts % iface.unitsPerSec) * 1000000000n) / iface.unitsPerSec);
        }
        const capLen = simple ? Math.min(dv.getUint32(body, le), len - 16) : dv.getUint32(body + 12, le);
        const origLen = simple ? dv.getUint32(body, le) : dv.getUint32(body + 16, le);
        const dataAt = simple ? body + 4 : body + 20;
        if (dataAt + capLen > at + len) {
          sink.problem(problem('capture.bad-block', `packet block at offset ${at} claims ${capLen} captured bytes, more than the block holds`, { offset: at }));
        } else {
          sink.packet({ frame: ++frame, fileOffset: at, tsSec: sec, tsNsec: nsec, tsDigits: iface.digits, linkType: iface.linkType, originalLength: origLen, data: bytes.subarray(dataAt, dataAt + capLen), interfaceId: ifId });
        }
      }
    }
    at += len;
  }
  if (at < bytes.length) sink.problem(problem('capture.truncated', `${bytes.length - at} byte(s) at the end of the file are not a whole block`, { offset: at }));
}

/** Reads a capture file (whole, for now) and feeds its packets to the sink. Rejects only when the file cannot be read. */
export async function readCaptureFile(path: string, sink: CaptureSink): Promise<CaptureInfo | undefined> {
  const bytes = await readFile(path);
  return readCaptureBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), sink);
}
