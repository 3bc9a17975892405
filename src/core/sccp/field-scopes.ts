/**
 * The numbers a layout walk has met so far, innermost scope last: what counts, sizes, union selectors and
 * conditions refer to by field name (nearest scope first). The decoder fills it as it reads, the generator's encoder
 * as it writes, and both judge a layout's conditions through `holds`.
 */
import type { Condition } from './layout';

export class FieldScopes {
  private readonly stack: Map<string, number>[] = [new Map()];

  set(name: string, value: number): void {
    this.stack[this.stack.length - 1]!.set(name, value);
  }

  get(name: string): number | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const v = this.stack[i]!.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Runs `fn` in a new innermost scope (an array element, a union case). */
  within(fn: () => void): void {
    this.stack.push(new Map());
    try {
      fn();
    } finally {
      this.stack.pop();
    }
  }

  /** Does a layout condition hold for this header version and data length, with the fields met so far? */
  holds(c: Condition, version: number, dataLength: number): boolean {
    if (c.minVersion !== undefined && version < c.minVersion) return false;
    if (c.maxVersion !== undefined && version > c.maxVersion) return false;
    if (c.lengthGreaterThan !== undefined && !(dataLength > c.lengthGreaterThan)) return false;
    if (c.lengthLessThan !== undefined && !(dataLength < c.lengthLessThan)) return false;
    if (c.fieldIs && !c.fieldIs.values.includes(this.get(c.fieldIs.name) ?? NaN)) return false;
    if (c.fieldIsNot && c.fieldIsNot.values.includes(this.get(c.fieldIsNot.name) ?? NaN)) return false;
    if (c.fieldInRange) {
      const v = this.get(c.fieldInRange.name);
      if (v === undefined) return false;
      if (c.fieldInRange.min !== undefined && v < c.fieldInRange.min) return false;
      if (c.fieldInRange.max !== undefined && v > c.fieldInRange.max) return false;
    }
    return true;
  }
}
