import { problem, type Problem } from '../problems';

/** Largest datagram payload we rebuild: IP length fields are 16 bits. */
const MAX_DATAGRAM = 65535;
/** Pieces held per datagram (64 KiB in 8-byte steps would be 8192; real paths use far fewer). */
const MAX_PIECES = 2048;

export interface FragmentLimits {
  /** Bytes held over all unfinished datagrams (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Unfinished datagrams held at once (default 1024). */
  maxDatagrams?: number;
  /** An unfinished datagram older than this (capture time) is given up (default 60 s, a common reassembly timeout). */
  timeoutSec?: number;
}

interface Piece {
  offset: number;
  bytes: Uint8Array;
  frame: number;
  /** Arrival order: earlier bytes win where fragments overlap. */
  order: number;
}

interface Pending {
  describe: string;
  /** Sorted by offset. */
  pieces: Piece[];
  bytes: number;
  /** Payload length, known once the last fragment (more = false) arrived. */
  total: number | undefined;
  firstSec: number;
}

export interface Reassembled {
  payload: Uint8Array;
  frames: number[];
}

/**
 * Rebuilds IP datagrams from their fragments, within fixed bounds. Overlapping fragments: the bytes that arrived
 * first win. Datagrams given up (bounds, timeout, end of capture) are reported, never dropped silently.
 */
export class FragmentReassembler {
  private readonly pending = new Map<string, Pending>();
  private buffered = 0;
  private readonly maxBytes: number;
  private readonly maxDatagrams: number;
  private readonly timeoutSec: number;

  constructor(
    private readonly onProblem: (p: Problem) => void,
    limits: FragmentLimits = {},
  ) {
    this.maxBytes = limits.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.maxDatagrams = limits.maxDatagrams ?? 1024;
    this.timeoutSec = limits.timeoutSec ?? 60;
  }

  /**
   * Adds one fragment. `key` identifies the datagram (version, addresses, protocol, id); `describe` names it in
   * problems. Returns the whole payload when this fragment completes it.
   */
  add(key: string, describe: string, offset: number, more: boolean, bytes: Uint8Array, frame: number, tsSec: number): Reassembled | undefined {
    this.expire(tsSec, frame);
    if (offset + bytes.length > MAX_DATAGRAM) {
      this.onProblem(problem('ip.fragment', `frame ${frame}: fragment of ${describe} reaches byte ${offset + bytes.length}, beyond the largest possible datagram: ignored`, { frame }));
      return undefined;
    }
    if (bytes.length === 0 && more) return undefined;
    let d = this.pending.get(key);
    if (!d) {
      d = { describe, pieces: [], bytes: 0, total: undefined, firstSec: tsSec };
      this.pending.set(key, d);
    }
    if (!more) {
      const total = offset + bytes.length;
      if (d.total !== undefined && d.total !== total) {
        this.onProblem(problem('ip.fragment', `frame ${frame}: ${describe} has a second last fragment ending at ${total} (the first said ${d.total}): keeping the first`, { frame }));
      } else {
        d.total = total;
      }
    }
    if (d.pieces.length >= MAX_PIECES) {
      this.giveUp(key, d, `it came in more than ${MAX_PIECES} pieces`, frame);
      return undefined;
    }
    let i = d.pieces.length;
    while (i > 0 && d.pieces[i - 1]!.offset > offset) i--;
    // A copy: the fragment is a view of the capture reader's buffer, which the next read overwrites.
    d.pieces.splice(i, 0, { offset, bytes: bytes.slice(), frame, order: d.pieces.length });
    d.bytes += bytes.length;
    this.buffered += bytes.length;
    const whole = complete(d);
    if (whole) {
      this.remove(key, d);
      return whole;
    }
    this.enforceBounds(frame);
    return undefined;
  }

  /** Reports every datagram still unfinished. */
  finish(): void {
    // Placed at the last fragment that arrived, so that the problem has a frame to point at.
    for (const [key, d] of [...this.pending]) this.giveUp(key, d, 'the capture ended before it was complete', d.pieces.reduce((f, p) => Math.max(f, p.frame), 0) || undefined);
  }

  private expire(nowSec: number, frame: number): void {
    for (const [key, d] of this.pending) {
      if (nowSec - d.firstSec > this.timeoutSec) this.giveUp(key, d, `no fragment completed it within ${this.timeoutSec} s`, frame);
    }
  }

  private enforceBounds(frame: number): void {
    // Maps iterate in insertion order: the oldest datagram goes first.
    for (const [key, d] of this.pending) {
      if (this.buffered <= this.maxBytes && this.pending.size <= this.maxDatagrams) break;
      this.giveUp(key, d, 'the fragment buffer was full', frame);
    }
  }

  private giveUp(key: string, d: Pending, why: string, frame: number | undefined): void {
    this.remove(key, d);
    const frames = [...new Set(d.pieces.map((p) => p.frame))].join(', ');
    const size = d.total === undefined ? 'total size unknown' : `of ${d.total}`;
    const where = frame === undefined ? {} : { frame };
    this.onProblem(problem('ip.fragment', `${d.describe}: fragments in frames ${frames} (${d.bytes} bytes, ${size}) were never reassembled: ${why}; their data is not decoded`, where));
  }

  private remove(key: string, d: Pending): void {
    this.pending.delete(key);
    this.buffered -= d.bytes;
  }
}

function complete(d: Pending): Reassembled | undefined {
  if (d.total === undefined) return undefined;
  let covered = 0;
  for (const p of d.pieces) {
    if (p.offset > covered) return undefined;
    covered = Math.max(covered, p.offset + p.bytes.length);
    if (covered >= d.total) break;
  }
  if (covered < d.total) return undefined;
  const payload = new Uint8Array(d.total);
  // Write the latest arrivals first so that the earliest bytes overwrite them.
  const byArrival = [...d.pieces].sort((a, b) => b.order - a.order);
  for (const p of byArrival) {
    const n = Math.min(p.bytes.length, d.total - p.offset);
    if (n > 0) payload.set(p.bytes.subarray(0, n), p.offset);
  }
  const frames: number[] = [];
  for (const p of d.pieces) if (!frames.includes(p.frame)) frames.push(p.frame);
  frames.sort((a, b) => a - b);
  return { payload, frames };
}
