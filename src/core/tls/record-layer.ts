import { problem, type Problem } from '../problems';
import { StreamQueue, type FrameSpan } from '../net/stream-queue';
import { plausibleRecordVersion, tlsVersionName } from './versions';

export const RECORD_HEADER_SIZE = 5;
/** Largest record payload a peer may send: 2^14 plaintext bytes plus 2048 of MAC, padding or expansion (RFC 5246 6.2.3). */
export const MAX_RECORD_LENGTH = 16384 + 2048;

export const CONTENT_CHANGE_CIPHER_SPEC = 20;
export const CONTENT_ALERT = 21;
export const CONTENT_HANDSHAKE = 22;
export const CONTENT_APPLICATION_DATA = 23;
export const CONTENT_HEARTBEAT = 24;

export function contentTypeName(t: number): string {
  switch (t) {
    case CONTENT_CHANGE_CIPHER_SPEC:
      return 'change_cipher_spec';
    case CONTENT_ALERT:
      return 'alert';
    case CONTENT_HANDSHAKE:
      return 'handshake';
    case CONTENT_APPLICATION_DATA:
      return 'application_data';
    case CONTENT_HEARTBEAT:
      return 'heartbeat';
    default:
      return `content type ${t}`;
  }
}

/** One TLS record cut out of a direction's byte stream. */
export interface TlsRecord {
  contentType: number;
  /** The record header's version field. */
  version: number;
  payload: Uint8Array;
  /** Stream offset of the record header's first byte; the payload starts RECORD_HEADER_SIZE bytes later. */
  streamOffset: number;
  /** The frames that carried the record (header and payload), in stream order. */
  spans: FrameSpan[];
}

export interface TlsDirectionSink {
  record(r: TlsRecord): void;
  problem(p: Problem): void;
}

export function plausibleRecordHeader(contentType: number, version: number, length: number): boolean {
  return contentType >= CONTENT_CHANGE_CIPHER_SPEC && contentType <= CONTENT_HEARTBEAT && plausibleRecordVersion(version) && length <= MAX_RECORD_LENGTH;
}

/**
 * Cuts one direction of a TCP byte stream into TLS records, whatever the segmentation: several records per segment,
 * one record over several segments, a cut anywhere (also inside the 5-byte header).
 *
 * When the capture starts mid-connection or after a gap, it looks for the next offset where a plausible record
 * header starts and confirms it with the header after it (or with the buffered bytes ending exactly where the
 * record ends, which is how segments usually end). Skipped bytes are reported with their range.
 *
 * Memory is bounded: at most one record (<= 18 KiB) plus a header's worth of lookahead is buffered.
 */
export class TlsDirection {
  private readonly queue = new StreamQueue();
  private synced: boolean;
  private ending = false;
  private skipFrom = 0;
  private skipCount = 0;
  /** Stream offset of the byte that should come next (undefined before the first byte). */
  private expected: number | undefined;

  constructor(
    private readonly sink: TlsDirectionSink,
    opts: { startsAtConnectionStart: boolean },
    private readonly describe: string = 'stream',
  ) {
    this.synced = opts.startsAtConnectionStart;
  }

  data(bytes: Uint8Array, streamOffset: number, frame: number): void {
    if (bytes.length === 0) return;
    if (this.expected !== undefined && streamOffset > this.expected) {
      // The reassembler reports gaps itself; should bytes still jump ahead, a gap is the safe reading.
      this.gap(this.expected, streamOffset, frame);
    }
    this.expected = streamOffset + bytes.length;
    this.queue.push(bytes, streamOffset, frame);
    this.drain(frame);
  }

  /** Bytes [from, to) were never seen: a record in progress cannot be completed, and record boundaries are lost. */
  gap(from: number, to: number, frame: number): void {
    if (!this.synced) this.noteSkipped(this.queue.start, this.queue.clear());
    this.reportSkipped(frame);
    if (this.queue.length > 0) {
      this.sink.problem(
        problem('tls.unfinished-record', `${this.describe}: ${this.queue.length} byte(s) of a TLS record at stream offset ${this.queue.start} were lost in a gap; the record is dropped`, {
          frame,
        }),
      );
    }
    this.sink.problem(
      problem('tcp.gap', `${this.describe}: bytes ${from}-${to - 1} (${to - from} byte(s)) are missing from the capture; looking for the next TLS record header`, { frame }),
    );
    this.queue.clear(to);
    this.expected = to;
    this.synced = false;
  }

  /** The direction ended (FIN, RST or end of capture). */
  end(frame: number): void {
    if (this.queue.length > 0 && !this.synced) {
      this.ending = true;
      this.drain(frame);
      this.ending = false;
      if (!this.synced) this.noteSkipped(this.queue.start, this.queue.clear());
    }
    this.reportSkipped(frame);
    if (this.queue.length > 0) {
      this.sink.problem(
        problem('tls.unfinished-record', `${this.describe}: the stream ends inside a TLS record: ${this.queue.length} byte(s) from stream offset ${this.queue.start} never completed`, {
          frame,
        }),
      );
      this.queue.clear();
    }
  }

  private drain(frame: number): void {
    for (;;) {
      if (!this.synced && !this.resync(frame)) return;
      if (this.queue.length < RECORD_HEADER_SIZE) return;
      const h = this.header(0);
      if (!plausibleRecordHeader(h.contentType, h.version, h.length)) {
        this.sink.problem(
          problem(
            'tls.bad-record',
            `${this.describe}: at stream offset ${this.queue.start} a TLS record should start, but the header says ${describeHeader(h)}; looking for the next record header`,
            { frame },
          ),
        );
        this.synced = false;
        continue;
      }
      const size = RECORD_HEADER_SIZE + h.length;
      if (this.queue.length < size) return;
      const streamOffset = this.queue.start;
      const { bytes, spans } = this.queue.take(size);
      this.sink.record({ contentType: h.contentType, version: h.version, payload: bytes.subarray(RECORD_HEADER_SIZE), streamOffset, spans });
    }
  }

  private header(at: number): { contentType: number; version: number; length: number } {
    const b = this.queue.peek(at, RECORD_HEADER_SIZE);
    return { contentType: b[0]!, version: (b[1]! << 8) | b[2]!, length: (b[3]! << 8) | b[4]! };
  }

  /** Skips to the next confirmed record header; true when the queue now starts at one. */
  private resync(frame: number): boolean {
    while (this.queue.length >= RECORD_HEADER_SIZE) {
      const verdict = this.plausibleAt();
      if (verdict === 'need-more') return false;
      if (verdict === 'yes') {
        this.reportSkipped(frame);
        this.synced = true;
        return true;
      }
      this.noteSkipped(this.queue.start, 1);
      this.queue.take(1);
    }
    return false;
  }

  private plausibleAt(): 'yes' | 'no' | 'need-more' {
    const h = this.header(0);
    if (!plausibleRecordHeader(h.contentType, h.version, h.length)) return 'no';
    const next = RECORD_HEADER_SIZE + h.length;
    if (this.queue.length >= next + RECORD_HEADER_SIZE) {
      const n = this.header(next);
      return plausibleRecordHeader(n.contentType, n.version, n.length) ? 'yes' : 'no';
    }
    // Senders flush whole records, so a segment that ends exactly where the candidate record ends confirms it.
    if (this.queue.length === next) return 'yes';
    if (this.ending) return this.queue.length >= next ? 'yes' : 'no';
    return 'need-more';
  }

  private noteSkipped(from: number, n: number): void {
    if (n === 0) return;
    if (this.skipCount === 0) this.skipFrom = from;
    this.skipCount += n;
  }

  /** One problem per run of skipped bytes, however many calls the run spanned. */
  private reportSkipped(frame: number): void {
    if (this.skipCount === 0) return;
    const from = this.skipFrom;
    const n = this.skipCount;
    this.skipCount = 0;
    this.sink.problem(
      problem('tls.bad-record', `${this.describe}: skipped ${n} byte(s) (stream offset ${from}-${from + n - 1}) that are not a whole TLS record, to reach the next record header`, {
        frame,
      }),
    );
  }
}

function describeHeader(h: { contentType: number; version: number; length: number }): string {
  const parts = [contentTypeName(h.contentType), `version ${tlsVersionName(h.version)}`, `length ${h.length}`];
  if (h.length > MAX_RECORD_LENGTH) parts.push(`(more than the ${MAX_RECORD_LENGTH} a record may hold)`);
  return parts.join(', ');
}
