/**
 * The last bytes delivered in one TCP direction, copied into one buffer, so that a retransmission can be compared
 * with what was delivered first. One buffer per direction instead of a list of segment views: no allocation per
 * segment, and no view pinning a capture reader's read buffer (or a whole frame) for as long as it is remembered.
 *
 * Holds at most `capacity` bytes; when full, the older half is dropped at once (so each byte is moved about once).
 */
export class DeliveredWindow {
  private buf = new Uint8Array(0);
  private len = 0;
  /** Stream offset of buf[0]. */
  private start = 0;

  constructor(private readonly capacity: number) {}

  /** Bytes delivered at `offset` (a jump, after a gap, starts the window afresh). */
  append(offset: number, bytes: Uint8Array): void {
    let b = bytes;
    if (offset !== this.start + this.len) {
      this.start = offset;
      this.len = 0;
    }
    if (b.length >= this.capacity) {
      // Only the tail can be kept.
      this.start = offset + b.length - this.capacity;
      this.len = 0;
      b = b.subarray(b.length - this.capacity);
    }
    const need = this.len + b.length;
    if (need > this.buf.length) {
      if (this.buf.length < this.capacity) {
        const grown = new Uint8Array(Math.min(this.capacity, Math.max(need, 2 * this.buf.length, 4096)));
        grown.set(this.buf.subarray(0, this.len));
        this.buf = grown;
      }
      if (need > this.buf.length) {
        const drop = Math.min(this.len, Math.max(need - this.buf.length, this.buf.length >> 1));
        this.buf.copyWithin(0, drop, this.len);
        this.start += drop;
        this.len -= drop;
      }
    }
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** The held bytes of the stream range [from, to), as a view valid until the next append; undefined when none. */
  overlap(from: number, to: number): { offset: number; bytes: Uint8Array } | undefined {
    const lo = Math.max(from, this.start);
    const hi = Math.min(to, this.start + this.len);
    if (lo >= hi) return undefined;
    return { offset: lo, bytes: this.buf.subarray(lo - this.start, hi - this.start) };
  }

  clear(): void {
    this.buf = new Uint8Array(0);
    this.len = 0;
    this.start = 0;
  }
}
