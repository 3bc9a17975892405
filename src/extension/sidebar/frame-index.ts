/**
 * Which frames carry SCCP messages, in frame order, and which messages each carries. Wireshark lists a message under
 * the frame that carries its last byte (`frame`), so that is the frame it is grouped under here. Pure and
 * incremental: the model's message list only grows while decoding runs, so each update reads only the new messages.
 */
export interface HasFrame {
  readonly frame: number;
}

export class FrameIndex {
  private seen = 0;
  private first: HasFrame | undefined;
  private last: HasFrame | undefined;
  private order: number[] = [];
  private sorted = true;
  private readonly byFrame = new Map<number, number[]>();

  /** Reads messages added since the last call (starts over when the list got shorter: the model was reset). */
  update(messages: readonly HasFrame[]): boolean {
    // A reset model may have grown back past the length we saw: the messages we read are then other objects.
    if (messages.length < this.seen || (this.seen > 0 && (messages[0] !== this.first || messages[this.seen - 1] !== this.last))) this.clear();
    if (messages.length === this.seen) return false;
    for (let i = this.seen; i < messages.length; i++) {
      const frame = messages[i]!.frame;
      const list = this.byFrame.get(frame);
      if (list) {
        list.push(i);
        continue;
      }
      this.byFrame.set(frame, [i]);
      // Messages complete in frame order except after a TCP hole: then sort once, when next read.
      if (this.order.length > 0 && frame < this.order[this.order.length - 1]!) this.sorted = false;
      this.order.push(frame);
    }
    this.seen = messages.length;
    this.first = messages[0];
    this.last = messages[this.seen - 1];
    return true;
  }

  clear(): void {
    this.seen = 0;
    this.first = undefined;
    this.last = undefined;
    this.order = [];
    this.sorted = true;
    this.byFrame.clear();
  }

  /** Frames that carry at least one message, ascending. */
  get frames(): readonly number[] {
    if (!this.sorted) {
      this.order.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.order;
  }

  get frameCount(): number {
    return this.order.length;
  }

  /** Message indexes carried by a frame, in completion order (empty when the frame carries none). */
  messagesOf(frame: number): readonly number[] {
    return this.byFrame.get(frame) ?? [];
  }

  /** Position of a frame in `frames`, or -1. */
  positionOf(frame: number): number {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const f = frames[mid]!;
      if (f === frame) return mid;
      if (f < frame) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The first frame at or after `frame` that carries a message, or undefined. */
  atOrAfter(frame: number): number | undefined {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (frames[mid]! < frame) lo = mid + 1;
      else hi = mid;
    }
    return frames[lo];
  }
}
