/**
 * The bytes a push parser has received but not yet consumed, kept as the chunks they arrived in. A parser asks for
 * the next n bytes as one contiguous view (`peek`) and then drops them (`skip`); chunks are merged only when a unit
 * (a record, a block) straddles them, so each byte is copied at most a couple of times whatever the chunk sizes.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Where the unconsumed bytes of chunks[0] start. */
  private head = 0;
  /** Unconsumed bytes held. */
  length = 0;
  /** Offset in the stream of the first unconsumed byte. */
  offset = 0;

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The next n bytes as one view, or undefined while fewer are held. The view stays valid until the next skip. */
  peek(n: number): Uint8Array | undefined {
    if (!this.gather(n)) return undefined;
    if (n === 0) return new Uint8Array(0);
    return this.chunks[0]!.subarray(this.head, this.head + n);
  }

  /**
   * Makes the next n bytes contiguous without making a view of them: afterwards they are `front[frontAt ..
   * frontAt + n)`. False while fewer are held. For parsers that read many small headers, where a view per header
   * would be most of the cost.
   */
  gather(n: number): boolean {
    if (n > this.length) return false;
    const first = this.chunks[0];
    if (n === 0 || !first || first.length - this.head >= n) return true;
    this.merge(n);
    return true;
  }

  /** The chunk the unconsumed bytes start in (valid after a successful `gather`, until the next skip). */
  get front(): Uint8Array {
    return this.chunks[0]!;
  }

  /** Where the unconsumed bytes start in `front`. */
  get frontAt(): number {
    return this.head;
  }

  private merge(n: number): void {
    // Merge the first chunks into one that holds at least the n bytes.
    const merged = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const take = Math.min(c.length - this.head, n - filled);
      merged.set(c.subarray(this.head, this.head + take), filled);
      filled += take;
      if (this.head + take === c.length) {
        this.chunks.shift();
        this.head = 0;
      } else {
        // Keep the rest of this chunk as a chunk of its own, so that the merged one can go first.
        this.chunks[0] = c.subarray(this.head + take);
        this.head = 0;
      }
    }
    this.chunks.unshift(merged);
    this.head = 0;
  }

  /** Drops up to n bytes from the front. */
  skip(n: number): void {
    let left = Math.min(n, this.length);
    this.length -= left;
    this.offset += left;
    while (left > 0) {
      const c = this.chunks[0]!;
      const here = c.length - this.head;
      if (left < here) {
        this.head += left;
        return;
      }
      left -= here;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /**
   * Stops using `buffer`, which the caller is about to overwrite: the bytes still held from it are copied (at most
   * the record in progress). Lets a file be read into one reused buffer instead of a new one per chunk.
   */
  release(buffer: ArrayBufferLike): void {
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i]!;
      if (c.buffer !== buffer) continue;
      this.chunks[i] = c.slice(i === 0 ? this.head : 0);
      if (i === 0) this.head = 0;
    }
  }

  /** Hands every held byte over (chunk by chunk) and empties the queue. */
  drain(): Uint8Array[] {
    const out = this.chunks.map((c, i) => (i === 0 ? c.subarray(this.head) : c));
    this.skip(this.length);
    return out;
  }
}
