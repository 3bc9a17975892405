import { problem, type Problem } from '../problems';
import { DeliveredWindow } from './delivered-window';

const TWO_32 = 4294967296;

/** Where one direction's in-order bytes, gaps and end go. */
export interface DirectionOutput {
  data(bytes: Uint8Array, streamOffset: number, frame: number): void;
  gap(fromOffset: number, toOffset: number, frame: number): void;
  close(how: 'fin' | 'rst', frame: number): void;
  problem(p: Problem): void;
}

export interface ReassemblyLimits {
  /** Out-of-order bytes held while waiting for a hole to fill. */
  maxBufferedBytes: number;
  /** Out-of-order segments held (bounds the bookkeeping when segments are tiny). */
  maxBufferedSegments: number;
  /** A hole still open this many seconds (capture time) after data beyond it arrived is declared a gap. */
  holeTimeoutSec: number;
}

export interface DirectionCounters {
  /** Bytes delivered in order. */
  delivered: number;
  /** Segments that carried bytes already delivered or already buffered. */
  retransmissions: number;
  /** Segments that arrived ahead of a hole. */
  outOfOrder: number;
  /** Keep-alive probes recognised and ignored. */
  keepAlives: number;
  gaps: number;
  gapBytes: number;
}

interface Chunk {
  offset: number;
  bytes: Uint8Array;
  frame: number;
}

/** Bytes of delivered data kept (copied, see DeliveredWindow) to compare retransmissions against. */
const HISTORY_BYTES = 64 * 1024;
/** Overlap mismatches reported per direction before going quiet. */
const MAX_MISMATCH_REPORTS = 10;

/**
 * Turns one direction's segments (placed by stream offset) into in-order bytes, used once each.
 *
 * A hole (bytes not yet seen, with later bytes buffered or a FIN beyond it) becomes a gap when: the peer
 * acknowledges data beyond it (so the capture missed bytes that did arrive: no retransmission will come), the
 * buffer bound is passed, the hole has been open `holeTimeoutSec` of capture time, the connection is reset,
 * or the capture ends (`flush`).
 */
export class DirectionReassembler {
  /** Raw sequence number of stream offset 0; undefined until known. */
  base: number | undefined;
  /** Offset of the next byte to deliver. */
  next = 0;
  closed: 'fin' | 'rst' | undefined;
  readonly counters: DirectionCounters = { delivered: 0, retransmissions: 0, outOfOrder: 0, keepAlives: 0, gaps: 0, gapBytes: 0 };

  /**
   * Out-of-order chunks, sorted, non-overlapping, every one beyond `next`. They are copies: a segment's bytes may be
   * a view into a capture reader's read buffer, which a view held for long would pin in memory.
   */
  private pending: Chunk[] = [];
  private pendingBytes = 0;
  /** Capture time at which data beyond the current hole first arrived. */
  private holeSince = 0;
  private finOffset: number | undefined;
  private readonly history = new DeliveredWindow(HISTORY_BYTES);
  private mismatches = 0;

  constructor(
    private readonly out: DirectionOutput,
    private readonly limits: ReassemblyLimits,
    /** Names the direction in problems, e.g. "TCP stream 3, 10.0.0.1:52000 -> 10.0.0.2:2000". */
    private readonly describe: string,
  ) {}

  /** Nothing placed yet: offset 0 may still be moved. */
  untouched(): boolean {
    return this.next === 0 && this.pending.length === 0 && this.finOffset === undefined && this.closed === undefined;
  }

  /** Stream offset of a raw sequence number, by serial-number arithmetic around `next` (so 32-bit wrap is harmless). */
  offsetOf(rawSeq: number): number {
    const ref = (this.base! + this.next) % TWO_32;
    return this.next + ((rawSeq - ref) | 0);
  }

  /** One segment: `bytes` start at `offset`; `wireLength` bytes were sent (more than captured when the frame was cut). */
  segment(offset: number, bytes: Uint8Array, wireLength: number, fin: boolean, frame: number, nowSec: number): void {
    if (this.closed) {
      if (bytes.length > 0) this.counters.retransmissions++;
      return;
    }
    if (fin && this.finOffset === undefined) this.finOffset = offset + Math.max(wireLength, bytes.length);
    if (bytes.length > 0) this.place(offset, bytes, frame, nowSec);
    this.settle(frame, nowSec);
  }

  /** The peer acknowledged everything before `ackOffset`. */
  acked(ackOffset: number, frame: number, nowSec: number): void {
    if (this.closed) return;
    for (let end = this.holeEnd(); end !== undefined && ackOffset >= end; end = this.holeEnd()) this.declareGap(frame);
    this.settle(frame, nowSec);
  }

  /** Connection reset: what is buffered is delivered after its holes, then the direction is closed. */
  reset(frame: number): void {
    if (this.closed) return;
    while (this.pending.length > 0) this.declareGap(frame);
    this.close('rst', frame);
  }

  /** End of capture (or the stream was replaced): holes with data or a FIN after them become gaps. */
  flush(frame: number): void {
    if (this.closed) return;
    while (this.holeEnd() !== undefined) this.declareGap(frame);
    this.settle(frame, Number.NEGATIVE_INFINITY);
  }

  private place(offset: number, bytes: Uint8Array, frame: number, nowSec: number): void {
    const end = offset + bytes.length;
    if (bytes.length === 1 && offset === this.next - 1) {
      // Keep-alive probe: one (garbage) byte just before the next expected one.
      this.counters.keepAlives++;
      return;
    }
    if (end <= this.next) {
      this.counters.retransmissions++;
      this.compareWithHistory(offset, bytes, frame);
      return;
    }
    if (offset < this.next) {
      this.counters.retransmissions++;
      this.compareWithHistory(offset, bytes.subarray(0, this.next - offset), frame);
      bytes = bytes.subarray(this.next - offset);
      offset = this.next;
    }
    if (offset === this.next) {
      this.deliver(offset, bytes, frame);
      this.drain();
      return;
    }
    this.counters.outOfOrder++;
    if (this.pending.length === 0) this.holeSince = nowSec;
    this.buffer(offset, bytes, frame);
    if (this.pendingBytes > this.limits.maxBufferedBytes || this.pending.length > this.limits.maxBufferedSegments) {
      this.out.problem(
        problem(
          'tcp.buffer-limit',
          `${this.describe}: more than ${this.pendingBytes > this.limits.maxBufferedBytes ? `${this.limits.maxBufferedBytes} bytes` : `${this.limits.maxBufferedSegments} segments`} ` +
            `wait behind missing data at frame ${frame}: the missing bytes are declared a gap`,
          { frame },
        ),
      );
      while (this.pendingBytes > this.limits.maxBufferedBytes || this.pending.length > this.limits.maxBufferedSegments) this.declareGap(frame);
    }
  }

  /** Buffers the parts of [offset, offset+len) not yet buffered; compares the parts that are. */
  private buffer(offset: number, bytes: Uint8Array, frame: number): void {
    const end = offset + bytes.length;
    const p = this.pending;
    // First chunk ending after `offset`.
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid]!.offset + p[mid]!.bytes.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let cur = offset;
    let overlapped = false;
    while (cur < end) {
      const c = p[i];
      if (!c || c.offset >= end) {
        this.insertAt(i, { offset: cur, bytes: bytes.slice(cur - offset), frame });
        break;
      }
      if (c.offset > cur) {
        this.insertAt(i, { offset: cur, bytes: bytes.slice(cur - offset, c.offset - offset), frame });
        i++;
        cur = c.offset;
        continue;
      }
      // c covers cur.
      overlapped = true;
      const cEnd = c.offset + c.bytes.length;
      const upTo = Math.min(end, cEnd);
      this.compare(c.bytes.subarray(cur - c.offset, upTo - c.offset), bytes.subarray(cur - offset, upTo - offset), cur, frame);
      cur = upTo;
      i++;
    }
    if (overlapped) this.counters.retransmissions++;
  }

  private insertAt(i: number, c: Chunk): void {
    this.pending.splice(i, 0, c);
    this.pendingBytes += c.bytes.length;
  }

  /** Delivers buffered chunks that have become contiguous with `next`. */
  private drain(): void {
    const p = this.pending;
    let n = 0;
    while (n < p.length && p[n]!.offset <= this.next) {
      const c = p[n]!;
      n++;
      this.pendingBytes -= c.bytes.length;
      const cEnd = c.offset + c.bytes.length;
      if (cEnd <= this.next) continue;
      this.deliver(this.next, c.bytes.subarray(this.next - c.offset), c.frame);
    }
    if (n > 0) p.splice(0, n);
  }

  private deliver(offset: number, bytes: Uint8Array, frame: number): void {
    this.next = offset + bytes.length;
    this.counters.delivered += bytes.length;
    this.history.append(offset, bytes);
    this.out.data(bytes, offset, frame);
  }

  /** Where the current hole ends: the first buffered byte, or the FIN; undefined when there is no hole. */
  private holeEnd(): number | undefined {
    if (this.pending.length > 0) return this.pending[0]!.offset;
    if (this.finOffset !== undefined && this.finOffset > this.next) return this.finOffset;
    return undefined;
  }

  private declareGap(frame: number): void {
    const to = this.holeEnd();
    if (to === undefined) return;
    const from = this.next;
    this.counters.gaps++;
    this.counters.gapBytes += to - from;
    this.out.gap(from, to, frame);
    this.next = to;
    this.drain();
  }

  /** After a change: hole timeout, and closing once everything before the FIN is delivered. */
  private settle(frame: number, nowSec: number): void {
    if (this.pending.length > 0 && nowSec - this.holeSince > this.limits.holeTimeoutSec) {
      while (this.pending.length > 0) this.declareGap(frame);
    }
    if (this.finOffset !== undefined && this.pending.length === 0 && this.next >= this.finOffset) this.close('fin', frame);
  }

  private close(how: 'fin' | 'rst', frame: number): void {
    this.closed = how;
    this.pending = [];
    this.pendingBytes = 0;
    this.history.clear();
    this.out.close(how, frame);
  }

  private compareWithHistory(offset: number, bytes: Uint8Array, frame: number): void {
    const held = this.history.overlap(offset, offset + bytes.length);
    if (held) this.compare(held.bytes, bytes.subarray(held.offset - offset, held.offset - offset + held.bytes.length), held.offset, frame);
  }

  /** Compares bytes already held with the same range seen again; reports a difference. Returns false on mismatch. */
  private compare(held: Uint8Array, again: Uint8Array, offset: number, frame: number): boolean {
    for (let k = 0; k < held.length; k++) {
      if (held[k] !== again[k]) {
        this.mismatches++;
        if (this.mismatches <= MAX_MISMATCH_REPORTS) {
          const more = this.mismatches === MAX_MISMATCH_REPORTS ? ' (further mismatches in this direction are not reported)' : '';
          this.out.problem(
            problem(
              'tcp.overlap-mismatch',
              `${this.describe}: frame ${frame} resends stream bytes ${offset}-${offset + held.length - 1} with different content (first difference at ${offset + k}): the bytes seen first are kept${more}`,
              { frame },
            ),
          );
        }
        return false;
      }
    }
    return true;
  }
}
