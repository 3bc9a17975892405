/**
 * Classic pcap (libpcap) records: a 24-byte file header (magic, version, zone, sigfigs, snap length, link type), then
 * records of a 16-byte header (seconds, fraction, captured length, original length) and the captured bytes. Both byte
 * orders; the magic says whether the fraction counts microseconds or nanoseconds.
 */
import { problem } from '../problems';
import type { ByteQueue } from './byte-queue';
import { ResyncingParser, type ParseContext } from './format-parser';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/** Longest record accepted whatever the snap length says (Wireshark's usual maximum, 256 KiB). */
export const PCAP_MAX_RECORD = 256 * 1024;
/** A file's snap length may raise the bound, but never past this. */
export const PCAP_MAX_SNAPLEN_RECORD = 16 * 1024 * 1024;

export interface PcapMagic {
  littleEndian: boolean;
  nanoseconds: boolean;
}

/** The classic pcap magic in the first 4 bytes, if they hold one. */
export function pcapMagic(b: Uint8Array): PcapMagic | undefined {
  const le = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  switch (le) {
    case 0xa1b2c3d4:
      return { littleEndian: true, nanoseconds: false };
    case 0xa1b23c4d:
      return { littleEndian: true, nanoseconds: true };
    case 0xd4c3b2a1:
      return { littleEndian: false, nanoseconds: false };
    case 0x4d3cb2a1:
      return { littleEndian: false, nanoseconds: true };
    default:
      return undefined;
  }
}

export class PcapParser extends ResyncingParser {
  private headerRead = false;
  private linkType = 0;
  private maxRecord = PCAP_MAX_RECORD;
  /** Seconds of the last good record (a resynchronisation candidate must be near it). */
  private lastSec: number | undefined;

  constructor(
    ctx: ParseContext,
    private readonly magic: PcapMagic,
  ) {
    super(ctx, 'record', 1, RECORD_HEADER);
  }

  read(q: ByteQueue): void {
    const le = this.magic.littleEndian;
    if (!this.headerRead) {
      const h = q.peek(FILE_HEADER);
      if (!h) return;
      const dv = view(h);
      const snaplen = dv.getUint32(16, le);
      // The top bits of the link-type field carry FCS information, not the link type.
      this.linkType = dv.getUint32(20, le) & 0x0fffffff;
      this.maxRecord = Math.max(PCAP_MAX_RECORD, Math.min(snaplen, PCAP_MAX_SNAPLEN_RECORD));
      this.headerRead = true;
      q.skip(FILE_HEADER);
    }
    const perSec = this.magic.nanoseconds ? 1e9 : 1e6;
    const nsecPerUnit = this.magic.nanoseconds ? 1 : 1000;
    const tsDigits = this.magic.nanoseconds ? 9 : 6;
    // Fields are read straight from the queue's front chunk: millions of records make a view per header costly.
    const u32 = le ? u32le : u32be;
    while (!this.stopped) {
      if (this.resyncFrom !== undefined && !this.resync(q, false)) return;
      if (!q.gather(RECORD_HEADER)) return;
      const at = q.offset;
      let b = q.front;
      let i = q.frontAt;
      const incl = u32(b, i + 8);
      if (incl > this.maxRecord) {
        this.ctx.sink.problem(
          problem('capture.bad-record', `the record at offset ${at} claims ${incl} captured bytes, more than the ${this.maxRecord} a record may hold; looking for the next intact record`, { offset: at }),
        );
        this.damaged(q, at);
        continue;
      }
      const sec = u32(b, i);
      this.lastSec = sec;
      if (!q.gather(RECORD_HEADER + incl)) return;
      b = q.front;
      i = q.frontAt;
      const frame = this.ctx.nextFrame();
      if (this.ctx.sink.unwanted?.(frame, this.linkType, b, i + RECORD_HEADER, i + RECORD_HEADER + incl)) {
        q.skip(RECORD_HEADER + incl);
        continue;
      }
      const frac = u32(b, i + 4);
      const carry = Math.floor(frac / perSec);
      this.ctx.sink.packet({
        frame,
        fileOffset: at + RECORD_HEADER,
        tsSec: sec + carry,
        tsNsec: (frac - carry * perSec) * nsecPerUnit,
        tsDigits,
        linkType: this.linkType,
        originalLength: u32(b, i + 12),
        // A view, not a copy: what keeps bytes past this call copies them (the read buffer is reused).
        data: b.subarray(i + RECORD_HEADER, i + RECORD_HEADER + incl),
        interfaceId: 0,
      });
      q.skip(RECORD_HEADER + incl);
    }
  }

  /**
   * After a damaged record header, a search moves a byte at a time to the next offset where a record header is
   * plausible (a length within bounds and not above the original length, a fraction below one second, a time within a
   * week of the last good record) and so is the header right after that record, or the file ends with it. More bytes
   * are needed at most two records' worth.
   */
  protected intactAt(q: ByteQueue, atEnd: boolean): 'yes' | 'no' | 'need-more' {
    const h = view(q.peek(RECORD_HEADER)!);
    if (!this.plausibleRecord(h)) return 'no';
    const incl = h.getUint32(8, this.magic.littleEndian);
    const next = q.peek(2 * RECORD_HEADER + incl);
    if (next) return this.plausibleRecord(view(next.subarray(RECORD_HEADER + incl))) ? 'yes' : 'no';
    if (!atEnd) return 'need-more';
    return q.length === RECORD_HEADER + incl ? 'yes' : 'no';
  }

  private plausibleRecord(dv: DataView): boolean {
    const le = this.magic.littleEndian;
    const sec = dv.getUint32(0, le);
    const frac = dv.getUint32(4, le);
    const incl = dv.getUint32(8, le);
    const orig = dv.getUint32(12, le);
    const WEEK = 7 * 86400;
    // An empty record proves nothing (runs of zeros would all look like one), so a candidate must hold bytes.
    return incl > 0 && incl <= this.maxRecord && incl <= orig && orig <= PCAP_MAX_SNAPLEN_RECORD && frac < (this.magic.nanoseconds ? 1e9 : 1e6) && (this.lastSec === undefined || Math.abs(sec - this.lastSec) <= WEEK);
  }

  protected truncated(q: ByteQueue): void {
    const end = q.offset + q.length;
    const s = this.ctx.streamName;
    if (!this.headerRead) {
      this.ctx.sink.problem(problem('capture.truncated', `${s} ends at offset ${end}, inside the 24-byte pcap file header`, { offset: 0 }));
    } else if (q.length < RECORD_HEADER) {
      this.ctx.sink.problem(problem('capture.truncated', `${s} ends at offset ${end}, inside the header of the record at offset ${q.offset}`, { offset: q.offset }));
    } else {
      const incl = view(q.peek(RECORD_HEADER)!).getUint32(8, this.magic.littleEndian);
      const short = RECORD_HEADER + incl - q.length;
      this.ctx.sink.problem(
        problem('capture.truncated', `${s} ends at offset ${end}, ${short} byte(s) short of the end of the record at offset ${q.offset}`, { offset: q.offset }),
      );
    }
  }
}

export function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function u32be(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
