/**
 * The bytes a framer holds: TCP payloads back to back, each with the frame that carried it. Peeking anywhere costs a
 * binary search and taking from the front moves an index, so a stream delivered a byte at a time stays linear.
 */
interface Chunk {
  bytes: Uint8Array;
  /** Stream offset of bytes[0]. */
  offset: number;
  frame: number;
}

const CONSUMED: Chunk = { bytes: new Uint8Array(0), offset: 0, frame: 0 };

export class ChunkQueue {
  private chunks: Chunk[] = [];
  private head = 0;
  /** Bytes held. */
  size = 0;

  push(bytes: Uint8Array, offset: number, frame: number): void {
    this.chunks.push({ bytes, offset, frame });
    this.size += bytes.length;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
  }

  /** `n` bytes starting `at` bytes in, without consuming them (a view when they lie in one chunk). */
  peek(at: number, n: number): Uint8Array {
    let i = this.chunkAt(at);
    const c = this.chunks[i]!;
    let skip = this.chunks[this.head]!.offset + at - c.offset;
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

  /** Removes `n` bytes from the front; returns them (a view when they lie in one chunk) and adds their frames. */
  take(n: number, frames: number[] | undefined): Uint8Array {
    const first = this.chunks[this.head]!;
    let out: Uint8Array;
    if (first.bytes.length >= n) {
      out = first.bytes.subarray(0, n);
      frames?.push(first.frame);
      this.dropFront(first, n);
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[this.head]!;
        const want = Math.min(n - filled, c.bytes.length);
        if (frames && frames[frames.length - 1] !== c.frame) frames.push(c.frame);
        out.set(c.bytes.subarray(0, want), filled);
        filled += want;
        this.dropFront(c, want);
      }
    }
    this.size -= n;
    return out;
  }

  private dropFront(c: Chunk, n: number): void {
    if (c.bytes.length > n) {
      this.chunks[this.head] = { bytes: c.bytes.subarray(n), offset: c.offset + n, frame: c.frame };
      return;
    }
    // Let go of the consumed payload at once: it is a view of a whole read buffer of the capture file.
    this.chunks[this.head++] = CONSUMED;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the chunk holding the byte `at` bytes in (binary search on the stream offsets). */
  private chunkAt(at: number): number {
    const target = this.chunks[this.head]!.offset + at;
    let lo = this.head;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.offset <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
