/**
 * pcapng blocks: type, total length, body, total length again. A Section Header Block (its byte-order magic says the
 * section's byte order) starts each section and forgets the interfaces of the one before; Interface Description
 * Blocks give each interface its link type, snap length and timestamp unit (if_tsresol) and offset (if_tsoffset);
 * packets come in Enhanced, Simple and obsolete Packet blocks. Every other block is skipped by its length.
 */
import { problem } from '../problems';
import type { ByteQueue } from './byte-queue';
import { ResyncingParser, type ParseContext } from './format-parser';
import { view } from './pcap';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
/** Longest block accepted (Wireshark's bound as well); a longer length field is taken as damage. */
export const PCAPNG_MAX_BLOCK = 16 * 1024 * 1024;
const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snapLength: number;
  unitsPerSec: bigint;
  digits: number;
  offsetSec: bigint;
}

/** Smallest total length of the blocks this parser reads the body of. */
const MIN_LENGTH: Record<number, number> = { [PCAPNG_SHB]: 28, [IDB]: 20, [PB]: 32, [SPB]: 16, [EPB]: 32 };
/** Block types a resynchronisation may land on: SHB, IDB, PB, SPB, NRB, ISB, EPB, DSB and the custom blocks. */
const KNOWN_BLOCKS = new Set([PCAPNG_SHB, IDB, PB, SPB, 4, 5, EPB, 0x0a, 0x0bad, 0x40000bad]);
const NAMES: Record<number, string> = { [PCAPNG_SHB]: 'section header', [IDB]: 'interface description', [PB]: 'packet', [SPB]: 'simple packet', [EPB]: 'enhanced packet' };

export class PcapngParser extends ResyncingParser {
  private le = true;
  private interfaces: Interface[] = [];
  private section = 0;

  constructor(ctx: ParseContext) {
    // A search after a damaged block moves 4 bytes at a time (blocks are 32-bit aligned).
    super(ctx, 'block', 4, 12);
  }

  read(q: ByteQueue): void {
    while (!this.stopped) {
      if (this.resyncFrom !== undefined && !this.resync(q, false)) return;
      const head = q.peek(12);
      if (!head) return;
      const at = q.offset;
      const dv = view(head);
      let type = dv.getUint32(0, this.le);
      if (type === PCAPNG_SHB) {
        // The magic reads the same in both orders; the byte-order magic after the length says which one follows.
        const bom = dv.getUint32(8, true);
        if (bom === BYTE_ORDER_MAGIC) this.le = true;
        else if (bom === 0x4d3c2b1a) this.le = false;
        else return this.stop(`the section header at offset ${at} has no byte-order magic (found ${bom.toString(16).padStart(8, '0')})`, at, 'capture.bad-block');
        type = PCAPNG_SHB;
      }
      const len = dv.getUint32(4, this.le);
      if (len < 12 || len % 4 !== 0 || len > PCAPNG_MAX_BLOCK) {
        this.badBlock(q, `the block at offset ${at} (type 0x${type.toString(16)}) has an impossible length ${len}`, at);
        continue;
      }
      const block = q.peek(len);
      if (!block) return;
      const bv = view(block);
      const trailer = bv.getUint32(len - 4, this.le);
      if (trailer !== len) {
        this.badBlock(q, `the block at offset ${at} says ${len} bytes at its start and ${trailer} at its end`, at);
        continue;
      }
      const min = MIN_LENGTH[type];
      if (min !== undefined && len < min) {
        this.ctx.sink.problem(problem('capture.bad-block', `the ${NAMES[type]} block at offset ${at} is ${len} bytes, too short for its fields; skipped`, { offset: at }));
      } else if (type === PCAPNG_SHB) {
        if (!this.sectionHeader(bv, at)) return;
      } else if (type === IDB) {
        this.interfaceDescription(block, bv, at);
      } else if (type === EPB || type === PB || type === SPB) {
        this.packetBlock(type, block, bv, at);
      }
      q.skip(len);
    }
  }

  /** A block that cannot be one: said once, then the bytes up to the next good block are skipped (resync). */
  private badBlock(q: ByteQueue, what: string, at: number): void {
    this.ctx.sink.problem(problem('capture.bad-block', `${what}; looking for the next intact block`, { offset: at }));
    this.damaged(q, at);
  }

  /** An intact block: a known type whose leading and trailing lengths agree. More bytes are needed at most one block's worth. */
  protected intactAt(q: ByteQueue, atEnd: boolean): 'yes' | 'no' | 'need-more' {
    const dv = view(q.peek(12)!);
    const type = dv.getUint32(0, this.le);
    const len = dv.getUint32(4, this.le);
    if (!KNOWN_BLOCKS.has(type) || len < 12 || len % 4 !== 0 || len > PCAPNG_MAX_BLOCK) return 'no';
    const block = q.peek(len);
    if (!block) return atEnd ? 'no' : 'need-more';
    return view(block).getUint32(len - 4, this.le) === len ? 'yes' : 'no';
  }

  protected truncated(q: ByteQueue): void {
    const end = q.offset + q.length;
    this.ctx.sink.problem(
      problem('capture.truncated', `${this.ctx.streamName} ends at offset ${end}, inside the block that starts at offset ${q.offset}`, { offset: q.offset }),
    );
  }

  private stop(message: string, at: number, code: 'capture.bad-block'): void {
    this.stopped = true;
    this.ctx.sink.problem(problem(code, message, { offset: at }));
  }

  private sectionHeader(bv: DataView, at: number): boolean {
    const major = bv.getUint16(12, this.le);
    if (major !== 1) {
      this.stop(`the section header at offset ${at} is pcapng version ${major}.${bv.getUint16(14, this.le)}; only version 1 is known, reading stops there`, at, 'capture.bad-block');
      return false;
    }
    this.section++;
    this.interfaces = [];
    return true;
  }

  private interfaceDescription(block: Uint8Array, bv: DataView, at: number): void {
    const iface: Interface = { linkType: bv.getUint16(8, this.le), snapLength: bv.getUint32(12, this.le), unitsPerSec: 1000000n, digits: 6, offsetSec: 0n };
    this.options(block, bv, 16, at, (code, o, olen) => {
      if (code === IF_TSRESOL && olen >= 1) {
        const r = block[o]!;
        const v = r & 0x7f;
        iface.unitsPerSec = r & 0x80 ? 1n << BigInt(v) : 10n ** BigInt(v);
        iface.digits = Math.min(9, r & 0x80 ? Math.ceil(v * Math.log10(2)) : v);
      } else if (code === IF_TSOFFSET && olen >= 8) {
        iface.offsetSec = bv.getBigInt64(o, this.le);
      }
    });
    this.interfaces.push(iface);
  }

  /** Walks the options from `from` to the trailer; calls `each` with the code, value offset and value length. */
  private options(block: Uint8Array, bv: DataView, from: number, at: number, each: (code: number, valueAt: number, length: number) => void): void {
    const end = block.length - 4;
    let o = from;
    while (o + 4 <= end) {
      const code = bv.getUint16(o, this.le);
      const olen = bv.getUint16(o + 2, this.le);
      if (code === OPT_ENDOFOPT) return;
      if (o + 4 + olen > end) {
        this.ctx.sink.problem(problem('capture.bad-block', `an option of the block at offset ${at} runs past the block's end; the rest of its options are ignored`, { offset: at + o }));
        return;
      }
      each(code, o + 4, olen);
      o += 4 + ((olen + 3) & ~3);
    }
  }

  private packetBlock(type: number, block: Uint8Array, bv: DataView, at: number): void {
    const le = this.le;
    const ifId = type === SPB ? 0 : type === PB ? bv.getUint16(8, le) : bv.getUint32(8, le);
    const iface = this.interfaces[ifId];
    if (!iface) {
      this.ctx.sink.problem(
        problem('capture.bad-block', `the ${NAMES[type]} block at offset ${at} names interface ${ifId}, which section ${this.section} did not describe; skipped`, { offset: at }),
      );
      return;
    }
    let dataAt: number;
    let capLen: number;
    let origLen: number;
    if (type === SPB) {
      // No captured length: the original length, cut to the interface's snap length and to what the block holds.
      dataAt = 12;
      origLen = bv.getUint32(8, le);
      capLen = Math.min(origLen, block.length - 16);
      if (iface.snapLength > 0) capLen = Math.min(capLen, iface.snapLength);
    } else {
      dataAt = 28;
      capLen = bv.getUint32(20, le);
      origLen = bv.getUint32(24, le);
      if (dataAt + capLen > block.length - 4) {
        this.ctx.sink.problem(
          problem('capture.bad-block', `the ${NAMES[type]} block at offset ${at} claims ${capLen} captured bytes, more than its ${block.length} bytes hold; skipped`, { offset: at }),
        );
        return;
      }
    }
    const frame = this.ctx.nextFrame();
    if (this.ctx.sink.unwanted?.(frame, iface.linkType, block, dataAt, dataAt + capLen)) return;
    const [sec, nsec] = type === SPB ? [0, 0] : pcapngTime(iface, bv.getUint32(12, le), bv.getUint32(16, le));
    this.ctx.sink.packet({
      frame,
      fileOffset: at + dataAt,
      tsSec: sec,
      tsNsec: nsec,
      tsDigits: iface.digits,
      linkType: iface.linkType,
      originalLength: origLen,
      // A view, not a copy, as for pcap: what keeps bytes past this call copies them.
      data: block.subarray(dataAt, dataAt + capLen),
      interfaceId: ifId,
    });
  }
}

/**
 * Seconds and nanoseconds of a timestamp in the interface's units. Microseconds without an offset (the usual case)
 * are exact in doubles for any date before the year 2255; anything else takes BigInt arithmetic.
 */
export function pcapngTime(iface: Pick<Interface, 'unitsPerSec' | 'offsetSec'>, hi: number, lo: number): [number, number] {
  if (iface.unitsPerSec === 1000000n && iface.offsetSec === 0n && hi < 0x200000) {
    const ts = hi * 4294967296 + lo;
    const sec = Math.floor(ts / 1e6);
    return [sec, (ts - sec * 1e6) * 1000];
  }
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  return [Number(ts / iface.unitsPerSec + iface.offsetSec), Number(((ts % iface.unitsPerSec) * 1000000000n) / iface.unitsPerSec)];
}
