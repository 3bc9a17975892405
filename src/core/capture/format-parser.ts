import { problem, type Problem } from '../problems';
import type { ByteQueue } from './byte-queue';
import type { CapturedPacket } from './types';

/** Where a reader sends what it finds. */
export interface CaptureSink {
  packet(p: CapturedPacket): void;
  problem(p: Problem): void;
  /**
   * Asked, where a reader can, before a packet is made, with the frame's captured bytes in `bytes[start, end)` (valid
   * during the call only). True: the sink has no use for this packet, and it is not handed over (its frame number is
   * used all the same). Lets a decoder drop the RTP of a big capture without making an object for each packet.
   */
  unwanted?(frame: number, linkType: number, bytes: Uint8Array, start: number, end: number): boolean;
}

/** What a format parser shares with the capture parser that drives it. */
export interface ParseContext {
  readonly sink: CaptureSink;
  /** Numbers the next packet (1-based, across sections). */
  nextFrame(): number;
  /** How problems name the byte stream: "the file", or "the uncompressed data" for a gzip file. */
  readonly streamName: string;
}

/** A parser of one binary capture format, fed from a queue that holds the bytes not yet consumed. */
export interface FormatParser {
  /** Consumes every complete record/block the queue holds. */
  read(q: ByteQueue): void;
  /** At the end of the input: reports a record or block left unfinished (the queue holds its bytes). */
  finish(q: ByteQueue): void;
  /** True once the parser has given up on the rest of the stream (after a problem that says so). */
  readonly stopped: boolean;
}

export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * What pcap and pcapng share about a damaged record or block: once one is reported (`damaged`), the bytes after it
 * are skipped a step at a time until an intact unit starts the queue (`intactAt`), and the skipped run is reported
 * once with where reading resumes. At the end of the input, what is left is searched through the same way before an
 * unfinished unit is reported (`truncated`).
 */
export abstract class ResyncingParser implements FormatParser {
  stopped = false;
  /** Set after a damaged unit: the offset where the damage starts, until an intact unit is found. */
  protected resyncFrom: number | undefined;

  constructor(
    protected readonly ctx: ParseContext,
    private readonly unit: 'record' | 'block',
    /** How far a search moves at a time (pcapng blocks are 32-bit aligned). */
    private readonly step: number,
    /** Bytes a candidate needs before `intactAt` can look at it. */
    private readonly headerSize: number,
  ) {}

  abstract read(q: ByteQueue): void;

  /** Does an intact unit start the queue? 'need-more' while the bytes to tell are not there yet (never at the end). */
  protected abstract intactAt(q: ByteQueue, atEnd: boolean): 'yes' | 'no' | 'need-more';

  /** Reports the unit left unfinished at the end of the input (the queue holds its bytes). */
  protected abstract truncated(q: ByteQueue): void;

  /** The unit at `at` (the queue's front) cannot be one: from here on, look for the next intact one. */
  protected damaged(q: ByteQueue, at: number): void {
    this.resyncFrom = at;
    q.skip(this.step);
  }

  /** Moves on to the next intact unit; true when the queue now starts at one, false while more bytes are needed. */
  protected resync(q: ByteQueue, atEnd: boolean): boolean {
    for (;;) {
      if (q.length < this.headerSize) {
        if (atEnd) this.resumed(q, false);
        return false;
      }
      const verdict = this.intactAt(q, atEnd);
      if (verdict === 'yes') {
        this.resumed(q, true);
        return true;
      }
      if (verdict === 'need-more') return false;
      q.skip(this.step);
    }
  }

  finish(q: ByteQueue): void {
    // No more bytes will come: a candidate that needed more is not a unit; look on through what is left.
    while (this.resyncFrom !== undefined) {
      if (!this.resync(q, true)) return;
      this.read(q);
    }
    if (this.stopped || q.length === 0) return;
    this.truncated(q);
  }

  /**
   * Ends the resynchronisation: says how many bytes were skipped and where reading resumes (the queue's front, when
   * `found`), or that nothing intact followed (the rest is dropped).
   */
  private resumed(q: ByteQueue, found: boolean): void {
    const from = this.resyncFrom!;
    this.resyncFrom = undefined;
    const at = found ? q.offset : q.offset + q.length;
    const where = found ? `; reading resumes with the ${this.unit} at offset ${at}` : ` to the end: no intact ${this.unit} followed`;
    this.ctx.sink.problem(problem('capture.resync', `skipped ${at - from} damaged byte(s) from offset ${from}${where}`, { offset: from }));
    if (!found) q.skip(q.length);
  }
}
