/** A run of stream bytes that one frame carried. */
export interface FrameSpan {
  frame: number;
  /** Offset of the first byte in the direction's byte stream. */
  streamOffset: number;
  length: number;
}

interface Chunk {
  bytes: Uint8Array;
  offset: number;
  frame: number;
}

/**
 * The bytes of one stream direction that arrived but are not consumed yet, remembering which frame carried which
 * byte. Callers bound what they keep in it (one TLS record plus a header's worth of lookahead).
 */
export class ByteQueue {
  private chunks: Chunk[] = [];
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

  push(bytes: Uint8Array, streamOffset: number, frame: number): void {
    if (bytes.length === 0) return;
    if (this.size === 0) this.start = streamOffset;
    this.chunks.push({ bytes, offset: streamOffset, frame });
    this.size += bytes.length;
  }

  /** Empties the queue; the next push decides where it starts. Returns how many bytes were dropped. */
  clear(nextStart: number = this.end): number {
    const dropped = this.size;
    this.chunks = [];
    this.size = 0;
    this.start = nextStart;
    return dropped;
  }

  /** `n` bytes starting `at` positions into the queue, without consuming them (a view when they lie in one chunk). */
  peek(at: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let skip = at;
    for (const c of this.chunks) {
      if (filled === n) break;
      if (skip >= c.bytes.length) {
        skip -= c.bytes.length;
        continue;
      }
      if (filled === 0 && c.bytes.length - skip >= n) return c.bytes.subarray(skip, skip + n);
      const part = c.bytes.subarray(skip, Math.min(c.bytes.length, skip + (n - filled)));
      out.set(part, filled);
      filled += part.length;
      skip = 0;
    }
    return out;
  }

  /** Removes `n` bytes (n <= length) from the front; returns them with the frames that carried them. */
  take(n: number): { bytes: Uint8Array; spans: FrameSpan[] } {
    const spans: FrameSpan[] = [];
    const first = this.chunks[0];
    let out: Uint8Array;
    if (first && first.bytes.length >= n) {
      out = first.bytes.subarray(0, n);
      spans.push({ frame: first.frame, streamOffset: first.offset, length: n });
      if (first.bytes.length === n) this.chunks.shift();
      else this.chunks[0] = { bytes: first.bytes.subarray(n), offset: first.offset + n, frame: first.frame };
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n && this.chunks.length > 0) {
        const c = this.chunks[0]!;
        const part = Math.min(c.bytes.length, n - filled);
        out.set(c.bytes.subarray(0, part), filled);
        const last = spans[spans.length - 1];
        if (last && last.frame === c.frame && last.streamOffset + last.length === c.offset) last.length += part;
        else spans.push({ frame: c.frame, streamOffset: c.offset, length: part });
        filled += part;
        if (part === c.bytes.length) this.chunks.shift();
        else this.chunks[0] = { bytes: c.bytes.subarray(part), offset: c.offset + part, frame: c.frame };
      }
    }
    this.size -= n;
    this.start += n;
    return { bytes: out, spans };
  }
}
