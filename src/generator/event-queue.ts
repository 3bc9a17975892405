/** A time-ordered queue of simulation events (binary min-heap; equal times keep their insertion order). */
export type Action = () => void;

interface Entry {
  time: number;
  order: number;
  action: Action;
}

export class EventQueue {
  private readonly heap: Entry[] = [];
  private counter = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `action` at `time` (microseconds). */
  at(time: number, action: Action): void {
    const e: Entry = { time, order: this.counter++, action };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  /** Time of the next event, or undefined when none is left. */
  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }

  /** Removes the next event and returns it. */
  pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    if (!top) return undefined;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
