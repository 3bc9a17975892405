/** A run of stream bytes that one frame carried. */
export interface FrameSpan {
  frame: number;
  /** Offset of the first byte in the direction's byte stream. */
  streamOffset: number;
  length: number;
}

interface Chunk {
  bytes: Uint8Array;
  /** Stream offset of bytes[0]. */
  offset: number;
  frame: number;
}

/** Stands in the array for a chunk already consumed, so that its payload can be let go of at once. */
const CONSUMED: Chunk = { bytes: new Uint8Array(0), offset: 0, frame: 0 };

/**
 * The bytes of one stream direction that arrived but are not consumed yet, remembering which frame carried which
 * byte: what the SCCP message framer and the TLS record layer cut their units from. Callers bound what they keep in
 * it (one message or record plus their lookahead). Peeking anywhere is a binary search and taking from the front
 * moves an index, so a stream delivered a byte at a time stays linear; consumed payloads are released at once.
 */
export class StreamQueue {
  private chunks: Chunk[] = [];
  /** Index of the first chunk not consumed. */
  private head = 0;
  private size = 0;
  /** Stream offset of the first queued byte (or of the next byte expected, when empty). */
  start = 0;

  get length(): number {
    return this.size;
  }

  /** The stream offset just after the last queued byte. */
  get end(): number {
    return this.start + this.size;
  }

  /**
   * Appends a copy of the bytes: they arrive as views of the capture reader's buffer, which is overwritten by the next
   * read, and what is cut from the queue (SCCP messages, TLS records) outlives it. An empty queue starts where they
   * start; otherwise they are taken to follow on from what is queued (callers report a jump as a gap and clear
   * first), so that positions in the queue stay contiguous.
   */
  push(bytes: Uint8Array, streamOffset: number, frame: number): void {
    if (bytes.length === 0) return;
    if (this.size === 0) this.start = streamOffset;
    this.chunks.push({ bytes: bytes.slice(), offset: this.end, frame });
    this.size += bytes.length;
  }

  /** Empties the queue; the next push decides where it starts. Returns how many bytes were dropped. */
  clear(nextStart: number = this.end): number {
    const dropped = this.size;
    this.chunks = [];
    this.head = 0;
    this.size = 0;
    this.start = nextStart;
    return dropped;
  }

  /** `n` bytes starting `at` positions into the queue (at + n <= length), without consuming them (a view when they lie in one chunk). */
  peek(at: number, n: number): Uint8Array {
    let i = this.chunkAt(this.start + at);
    let skip = this.start + at - this.chunks[i]!.offset;
    const c = this.chunks[i]!;
    if (c.bytes.length - skip >= n) return c.bytes.subarray(skip, skip + n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (; filled < n && i < this.chunks.length; i++, skip = 0) {
      const part = this.chunks[i]!.bytes.subarray(skip, skip + (n - filled));
      out.set(part, filled);
      filled += part.length;
    }
    return out;
  }

  /** Removes `n` bytes (n <= length) from the front; returns them (a view when they lie in one chunk) with the frames that carried them. */
  take(n: number): { bytes: Uint8Array; spans: FrameSpan[] } {
    const spans: FrameSpan[] = [];
    const first = this.chunks[this.head];
    let out: Uint8Array;
    if (first && first.bytes.length >= n) {
      out = first.bytes.subarray(0, n);
      spans.push({ frame: first.frame, streamOffset: first.offset, length: n });
      this.dropFront(n);
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n && this.head < this.chunks.length) {
        const c = this.chunks[this.head]!;
        const part = Math.min(c.bytes.length, n - filled);
        out.set(c.bytes.subarray(0, part), filled);
        const last = spans[spans.length - 1];
        if (last && last.frame === c.frame && last.streamOffset + last.length === c.offset) last.length += part;
        else spans.push({ frame: c.frame, streamOffset: c.offset, length: part });
        filled += part;
        this.dropFront(part);
      }
    }
    this.size -= n;
    this.start += n;
    return { bytes: out, spans };
  }

  /** Consumes `n` bytes of the front chunk (n <= its length). */
  private dropFront(n: number): void {
    const c = this.chunks[this.head]!;
    if (c.bytes.length > n) {
      this.chunks[this.head] = { bytes: c.bytes.subarray(n), offset: c.offset + n, frame: c.frame };
      return;
    }
    this.chunks[this.head++] = CONSUMED;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the chunk holding the byte at this stream offset (binary search; chunks are contiguous). */
  private chunkAt(offset: number): number {
    let lo = this.head;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
