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
    if (n > this.length) return undefined;
    const first = this.chunks[0];
    if (n === 0 || !first) return new Uint8Array(0);
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
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
    return merged;
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

  /** Hands every held byte over (chunk by chunk) and empties the queue. */
  drain(): Uint8Array[] {
    const out = this.chunks.map((c, i) => (i === 0 ? c.subarray(this.head) : c));
    this.skip(this.length);
    return out;
  }
}
