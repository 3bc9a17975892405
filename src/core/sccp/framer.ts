import { problem, type Problem } from '../problems';
import { HEADER_SIZE, judgeHeaderStart, messageSize, plausibleMessageId, readHeader } from './header';

/** A whole message cut out of one direction of a TCP stream. */
export interface FramedMessage {
  bytes: Uint8Array;
  /** Offset of the first byte in the direction's byte stream. */
  streamOffset: number;
  /** Frames that carried its bytes, in stream order, without repeats. */
  frames: number[];
}

export interface FramerSink {
  message(m: FramedMessage): void;
  problem(p: Problem): void;
}

interface Chunk {
  bytes: Uint8Array;
  offset: number;
  frame: number;
}

/**
 * Cuts one direction of a TCP byte stream into SCCP messages, whatever the segmentation: several messages per
 * segment, one message over many segments, a cut anywhere (also inside the 12-byte header).
 *
 * After a gap, or when the capture starts in the middle of a connection, it resynchronises: it looks for the next
 * offset where a plausible header starts (known version, sane length, known ID range) and, when the bytes are there,
 * where the following message's header is plausible too. Skipped bytes are reported with their range.
 *
 * Memory is bounded: at most one message (<= 64 KiB + header) plus one header's worth of lookahead is buffered.
 */
export class MessageFramer {
  private chunks: Chunk[] = [];
  private buffered = 0;
  /** Stream offset of the first buffered byte. */
  private start = 0;
  private synced: boolean;
  private haveStart = false;
  /** Set while flushing at the end of the stream: no more bytes will come to confirm a candidate header. */
  private ending = false;
  /** True until the first resynchronisation of a stream seen from its middle has been decided. */
  private firstSegment = true;
  /** The run of bytes skipped while resynchronising, not yet reported. */
  private skipFrom = 0;
  private skipCount = 0;

  constructor(
    private readonly sink: FramerSink,
    opts: { startsAtConnectionStart: boolean },
    private readonly describe: string = 'stream',
  ) {
    this.synced = opts.startsAtConnectionStart;
  }

  data(bytes: Uint8Array, streamOffset: number, frame: number): void {
    if (bytes.length === 0) return;
    if (!this.haveStart || this.buffered === 0) {
      this.start = streamOffset;
      this.haveStart = true;
    } else if (streamOffset !== this.start + this.buffered) {
      // The reassembler guarantees contiguity; if it ever breaks, treat it as a gap rather than mis-frame.
      this.gap(this.start + this.buffered, streamOffset, frame);
      this.start = streamOffset;
    }
    this.chunks.push({ bytes, offset: streamOffset, frame });
    this.buffered += bytes.length;
    this.drain(frame);
  }

  /** Bytes [from, to) were never seen. Whatever partial message is buffered cannot be completed. */
  gap(from: number, to: number, frame: number): void {
    if (!this.synced && this.buffered > 0) {
      if (this.skipCount === 0) this.skipFrom = this.start;
      this.skipCount += this.buffered;
      this.chunks = [];
      this.buffered = 0;
    }
    this.reportSkipped(frame);
    if (this.buffered > 0) {
      this.sink.problem(
        problem('tcp.unfinished-message', `${this.describe}: ${this.buffered} byte(s) of a message at stream offset ${this.start} were lost in a gap; the message is dropped`, {
          frame,
        }),
      );
    }
    this.sink.problem(problem('tcp.gap', `${this.describe}: bytes ${from}-${to - 1} (${to - from} byte(s)) are missing from the capture; looking for the next message header`, { frame }));
    this.chunks = [];
    this.buffered = 0;
    this.start = to;
    this.synced = false;
    this.firstSegment = false;
  }

  /** The stream ended (FIN, RST or end of capture): frame what can be framed, report an unfinished message. */
  end(frame: number): void {
    if (this.buffered > 0 && !this.synced) {
      this.ending = true;
      this.drain(frame);
      this.ending = false;
    }
    if (this.buffered > 0 && !this.synced) {
      // Nothing in what is left looks like a message: it is all skipped.
      if (this.skipCount === 0) this.skipFrom = this.start;
      this.skipCount += this.buffered;
      this.chunks = [];
      this.buffered = 0;
    }
    this.reportSkipped(frame);
    if (this.buffered > 0) {
      this.sink.problem(
        problem('tcp.unfinished-message', `${this.describe}: the stream ends inside a message: ${this.buffered} byte(s) from stream offset ${this.start} never completed`, {
          frame,
        }),
      );
    }
    this.chunks = [];
    this.buffered = 0;
  }

  private drain(frame: number): void {
    for (;;) {
      if (!this.synced && !this.resync(frame)) return;
      if (this.buffered < 8) return;
      const head = this.peek(0, HEADER_SIZE);
      const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
      const dataLength = dv.getUint32(0, true);
      const version = dv.getUint32(4, true);
      if (judgeHeaderStart(dataLength, version) !== 'ok') {
        // A message boundary that does not look like a header: the stream is out of step.
        this.sink.problem(
          problem('sccp.bad-length', `${this.describe}: at stream offset ${this.start} the header says length ${dataLength}, version 0x${version.toString(16)}: not a plausible SCCP header`, {
            frame,
          }),
        );
        this.synced = false;
        continue;
      }
      const size = messageSize(dataLength);
      if (this.buffered < size) return;
      const frames: number[] = [];
      const bytes = this.take(size, frames);
      this.sink.message({ bytes, streamOffset: this.start - size, frames });
    }
  }

  /** Looks for the next plausible header; true when the buffer now starts at one. */
  private resync(frame: number): boolean {
    while (this.buffered >= HEADER_SIZE) {
      const verdict = this.plausibleAt(0);
      if (verdict === 'need-more') return false;
      if (verdict === 'yes') {
        this.firstSegment = false;
        this.reportSkipped(frame);
        this.synced = true;
        return true;
      }
      this.firstSegment = false;
      if (this.skipCount === 0) this.skipFrom = this.start;
      this.skip(1);
      this.skipCount++;
    }
    return false;
  }

  /** One problem per run of skipped bytes, however many calls the run spanned. */
  private reportSkipped(frame: number): void {
    if (this.skipCount === 0) return;
    const from = this.skipFrom;
    const n = this.skipCount;
    this.skipCount = 0;
    this.sink.problem(
      problem('tcp.resync', `${this.describe}: skipped ${n} byte(s) (stream offset ${from}-${from + n - 1}) that are not a message, to reach the next plausible header`, {
        frame,
      }),
    );
  }

  /**
   * Is there a message header at buffer position `at`? Plausible means: sane length, known version, an ID in the
   * known ranges. While resynchronising that is not enough (a body can look like a header), so a candidate is
   * confirmed only when the header after it is plausible too, or, at the end of the stream, when it is complete.
   * Waiting for confirmation buffers at most one message (<= 64 KiB).
   */
  private plausibleAt(at: number): 'yes' | 'no' | 'need-more' {
    if (this.buffered - at < HEADER_SIZE) return 'need-more';
    const h = readHeader(this.peek(at, HEADER_SIZE), 0);
    if (judgeHeaderStart(h.dataLength, h.headerVersion) !== 'ok' || !plausibleMessageId(h.id)) return 'no';
    const next = at + messageSize(h.dataLength);
    if (this.buffered - next >= 8) {
      const n = this.peek(next, 8);
      const dv = new DataView(n.buffer, n.byteOffset, 8);
      return judgeHeaderStart(dv.getUint32(0, true), dv.getUint32(4, true)) === 'ok' ? 'yes' : 'no';
    }
    // The first segment of a capture that starts mid-connection usually starts at a message boundary: a whole,
    // plausible message there is taken at once, so that it is not held back until the next one arrives.
    if (this.ending || (this.firstSegment && at === 0 && this.skipCount === 0)) return this.buffered >= next ? 'yes' : this.ending ? 'no' : 'need-more';
    return 'need-more';
  }

  /** Copies `n` bytes starting `at` bytes into the buffer (without consuming). */
  private peek(at: number, n: number): Uint8Array {
    let skip = at;
    for (const c of this.chunks) {
      if (skip >= c.bytes.length) {
        skip -= c.bytes.length;
        continue;
      }
      if (c.bytes.length - skip >= n) return c.bytes.subarray(skip, skip + n);
      break;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    skip = at;
    for (const c of this.chunks) {
      if (filled === n) break;
      if (skip >= c.bytes.length) {
        skip -= c.bytes.length;
        continue;
      }
      const part = c.bytes.subarray(skip, Math.min(c.bytes.length, skip + (n - filled)));
      out.set(part, filled);
      filled += part.length;
      skip = 0;
    }
    return out;
  }

  private skip(n: number): void {
    this.take(n, undefined);
  }

  /** Removes `n` bytes from the front; returns them (a view when they lie in one chunk). */
  private take(n: number, frames: number[] | undefined): Uint8Array {
    const first = this.chunks[0]!;
    let out: Uint8Array;
    if (first.bytes.length >= n) {
      out = first.bytes.subarray(0, n);
      frames?.push(first.frame);
      if (first.bytes.length === n) this.chunks.shift();
      else this.chunks[0] = { bytes: first.bytes.subarray(n), offset: first.offset + n, frame: first.frame };
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0]!;
        const want = n - filled;
        if (frames && frames[frames.length - 1] !== c.frame) frames.push(c.frame);
        if (c.bytes.length <= want) {
          out.set(c.bytes, filled);
          filled += c.bytes.length;
          this.chunks.shift();
        } else {
          out.set(c.bytes.subarray(0, want), filled);
          filled += want;
          this.chunks[0] = { bytes: c.bytes.subarray(want), offset: c.offset + want, frame: c.frame };
        }
      }
    }
    this.buffered -= n;
    this.start += n;
    return out;
  }
}

