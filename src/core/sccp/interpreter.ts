import { problem, type Problem } from '../problems';
import { FieldScopes } from './field-scopes';
import type { FieldSpec, SizeRef } from './layout';
import type { FieldNode } from './message';
import { formatIpv4, formatIpv6 } from '../net/address';

export { formatIpv4, formatIpv6 };

/** What a layout may depend on besides the bytes. */
export interface LayoutContext {
  /** Protocol version whose layout applies (the header version, or the negotiated version for basic headers). */
  readonly version: number;
  /** The header's data-length field, as sent (Wireshark's size_gt/size_lt look at it). */
  readonly dataLength: number;
}

/** The IPv4-or-IPv6 layout (type word + 16 bytes) starts at this protocol version (V17). */
export const IPV4OR6_MIN_VERSION = 0x11;

/** Upper bound on decoded nodes per message, so that hostile counts cannot make us build huge trees. */
const MAX_NODES = 20000;

class Truncated extends Error {}

const latin1 = new TextDecoder('latin1');

/**
 * Walks a layout over one message's bytes. Reads never go past `end`; when a field does not fit, a problem says
 * where, and decoding stops (what was decoded so far is kept).
 */
class Walker {
  private readonly view: DataView;
  pos: number;
  private nodes = 0;
  readonly problems: Problem[] = [];
  /** Where the unconsumed NUL of the last field sits, when that field is a string that leaves its NUL out. */
  openNulAt = -1;
  /** Values of fields decoded so far, innermost scope last (for counts, sizes, union selectors). */
  private readonly scopes = new FieldScopes();

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly bodyStart: number,
    private readonly ctx: LayoutContext,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  walk(specs: readonly FieldSpec[], out: FieldNode[]): void {
    for (const spec of specs) this.field(spec, out);
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      const have = Math.max(0, this.end - this.pos);
      this.problems.push(
        problem('sccp.truncated', `${what} needs ${n} byte(s) at offset ${this.pos}, but the message has only ${have} left`, {
          offset: this.pos,
          length: have,
        }),
      );
      throw new Truncated();
    }
  }

  private push(out: FieldNode[], node: FieldNode): void {
    if (++this.nodes > MAX_NODES) {
      this.problems.push(problem('sccp.count-limit', `more than ${MAX_NODES} fields in one message; the rest is not shown`, { offset: node.offset }));
      throw new Truncated();
    }
    out.push(node);
  }

  private resolve(ref: SizeRef, what: string): number {
    if (typeof ref === 'number') return ref;
    const v = this.scopes.get(ref.field);
    if (v === undefined) {
      this.problems.push(problem('sccp.bad-value', `${what}: the field ${ref.field} it depends on was not decoded`, { offset: this.pos }));
      return 0;
    }
    return v;
  }


  private readUint(size: 1 | 2 | 4, bigEndian = false): number {
    const p = this.pos;
    if (size === 1) return this.view.getUint8(p);
    if (size === 2) return this.view.getUint16(p, !bigEndian);
    return this.view.getUint32(p, !bigEndian);
  }

  /** Decodes `count` elements of an array into `node`; with `elementSize`, each element takes exactly that many bytes. */
  private elements(spec: Extract<FieldSpec, { kind: 'array' }>, node: FieldNode, count: number, elementSize: number | undefined): void {
    for (let i = 0; i < count; i++) {
      const el: FieldNode = { name: `${spec.name}[${i}]`, value: null, offset: this.pos, length: 0, children: [] };
      this.push(node.children!, el);
      const start = this.pos;
      try {
        this.scopes.within(() => this.walk(spec.element, el.children!));
      } finally {
        el.length = this.pos - start;
      }
      if (elementSize !== undefined) this.pos = start + elementSize;
    }
  }

  /** An array walked the way one of Wireshark's generated loops walks it (layout.ts, array `loop`). */
  private loopArray(spec: Extract<FieldSpec, { kind: 'array' }>, out: FieldNode[]): void {
    const offset = this.pos;
    const size = spec.elementSize ?? 0;
    const count = this.resolve(spec.count, spec.name);
    const skip = (elements: number): void => {
      // Wireshark computes the skipped size in 32-bit arithmetic: a huge count wraps around (possibly to 0).
      const bytes = Math.imul(elements, size);
      this.pos = bytes < 0 ? this.end : Math.min(this.pos + bytes, this.end);
    };
    if (count > spec.max) {
      this.problems.push(
        problem('sccp.count-limit', `${spec.name}: count ${count} is more than the maximum of ${spec.max}; its elements are skipped, not decoded`, {
          offset,
        }),
      );
      skip(spec.loop === 'bounded' ? spec.max : count);
      return;
    }
    const guarded = spec.loop === 'guarded' || spec.loop === 'guarded-all';
    if (guarded && count === 0) return;
    if (guarded && this.ctx.dataLength + 8 < offset + count * size) {
      this.problems.push(
        problem('sccp.count-limit', `${spec.name}: ${count} element(s) of ${size} bytes do not fit in the message; not decoded`, { offset }),
      );
      return;
    }
    const decoded = spec.loop === 'guarded-all' ? spec.max : count;
    const node: FieldNode = { name: spec.name, value: count, offset, length: 0, children: [] };
    this.push(out, node);
    try {
      this.elements(spec, node, decoded, undefined);
      if (spec.loop !== 'bounded-count') skip(spec.max - decoded);
    } finally {
      node.length = this.pos - offset;
    }
  }

  private field(spec: FieldSpec, out: FieldNode[]): void {
    const offset = this.pos;
    if (spec.kind !== 'when') this.openNulAt = -1;
    switch (spec.kind) {
      case 'uint': {
        this.need(spec.size, spec.name);
        const value = this.readUint(spec.size, spec.bigEndian);
        const node: FieldNode = { name: spec.name, value, offset, length: spec.size };
        if (spec.labels) {
          const label = spec.labels[value];
          node.display = label ?? `Unknown (0x${value.toString(16).padStart(spec.size * 2, '0')})`;
        }
        this.push(out, node);
        this.scopes.set(spec.name, value);
        this.pos += spec.size;
        return;
      }
      case 'int': {
        this.need(4, spec.name);
        const value = this.view.getInt32(this.pos, true);
        this.push(out, { name: spec.name, value, offset, length: 4 });
        this.scopes.set(spec.name, value);
        this.pos += 4;
        return;
      }
      case 'flags': {
        this.need(spec.size, spec.name);
        const raw = this.readUint(spec.size);
        const children: FieldNode[] = spec.flags.map((f) => {
          // Wireshark's bit flags are booleans: set when any bit under the mask is (multi-bit masks included).
          const v = maskedValue(raw, f.mask) !== 0 ? 1 : 0;
          return { name: f.name, value: v, display: v ? 'Yes' : 'No', offset, length: spec.size };
        });
        this.push(out, { name: spec.name, value: raw, display: `0x${raw.toString(16).padStart(spec.size * 2, '0')}`, offset, length: spec.size, children });
        this.scopes.set(spec.name, raw);
        this.pos += spec.size;
        return;
      }
      case 'string': {
        const room = Math.max(0, this.end - this.pos);
        if (spec.variable) {
          const max = spec.size === undefined ? room : this.resolve(spec.size, spec.name);
          const limit = Math.min(max, room);
          let n = 0;
          while (n < limit && this.bytes[this.pos + n] !== 0) n++;
          if (n === limit) {
            // No terminating NUL within bounds: take what there is and say so.
            if (limit === 0) this.need(1, spec.name);
            this.problems.push(problem('sccp.bad-value', `${spec.name} has no terminating NUL within ${limit} byte(s)`, { offset, length: limit }));
            this.push(out, { name: spec.name, value: latin1.decode(this.bytes.subarray(this.pos, this.pos + limit)), offset, length: limit });
            this.pos += limit;
            return;
          }
          // excludeNul: the NUL stays outside the field and is not consumed.
          const used = spec.excludeNul ? n : n + 1;
          this.push(out, { name: spec.name, value: latin1.decode(this.bytes.subarray(this.pos, this.pos + n)), offset, length: used });
          this.pos += used;
          if (spec.excludeNul) this.openNulAt = this.pos;
          return;
        }
        const size = spec.size === undefined ? room : this.resolve(spec.size, spec.name);
        this.need(size, spec.name);
        let n = 0;
        while (n < size && this.bytes[this.pos + n] !== 0) n++;
        this.push(out, { name: spec.name, value: latin1.decode(this.bytes.subarray(this.pos, this.pos + n)), offset, length: size });
        this.pos += size;
        return;
      }
      case 'ipv4': {
        this.need(4, spec.name);
        const addr = spec.littleEndian ? this.bytes.slice(this.pos, this.pos + 4).reverse() : this.bytes;
        this.push(out, { name: spec.name, value: formatIpv4(addr, spec.littleEndian ? 0 : this.pos), offset, length: 4 });
        this.pos += 4;
        return;
      }
      case 'ipv6': {
        this.need(16, spec.name);
        this.push(out, { name: spec.name, value: formatIpv6(this.bytes, this.pos), offset, length: 16 });
        this.pos += 16;
        return;
      }
      case 'ipv4or6': {
        if (this.ctx.version < IPV4OR6_MIN_VERSION) {
          this.need(4, spec.name);
          this.push(out, { name: spec.name, value: formatIpv4(this.bytes, this.pos), offset, length: 4 });
          this.pos += 4;
          return;
        }
        this.need(20, spec.name);
        const type = this.view.getUint32(this.pos, true);
        this.push(out, { name: 'ipv4or6', value: type, display: IP_ADDR_TYPES[type] ?? `Unknown (0x${type.toString(16).padStart(8, '0')})`, offset, length: 4 });
        this.pos += 4;
        if (type === 0) {
          this.push(out, { name: spec.name, value: formatIpv4(this.bytes, this.pos), offset: this.pos, length: 4 });
        } else if (type === 1 || type === 2) {
          this.push(out, { name: spec.name, value: formatIpv6(this.bytes, this.pos), offset: this.pos, length: 16 });
        } else {
          this.problems.push(problem('sccp.bad-value', `${spec.name}: address type ${type} is neither IPv4 (0) nor IPv6 (1, 2)`, { offset, length: 4 }));
        }
        this.pos += 16;
        return;
      }
      case 'ether': {
        this.need(spec.size, spec.name);
        const parts: string[] = [];
        for (let i = 0; i < spec.size; i++) parts.push(hex2(this.bytes[this.pos + i]!));
        this.push(out, { name: spec.name, value: parts.join(':'), offset, length: spec.size });
        this.pos += spec.size;
        return;
      }
      case 'bytes': {
        let size = this.resolve(spec.size, spec.name);
        if (spec.max !== undefined && size > spec.max) {
          this.problems.push(problem('sccp.count-limit', `${spec.name} says ${size} bytes, more than its maximum of ${spec.max}`, { offset }));
          size = spec.max;
        }
        this.need(size, spec.name);
        this.push(out, { name: spec.name, value: toHex(this.bytes.subarray(this.pos, this.pos + size)), offset, length: size });
        this.pos += size;
        return;
      }
      case 'xml': {
        let size = this.resolve(spec.size, spec.name);
        if (size === 0) {
          // No length given: the text runs to its NUL (or to the end of its area).
          const limit = Math.min(spec.max, this.end - this.pos);
          while (size < limit && this.bytes[this.pos + size] !== 0) size++;
        }
        if (size > spec.max) {
          this.problems.push(problem('sccp.count-limit', `${spec.name} says ${size} bytes, more than its maximum of ${spec.max}`, { offset }));
          size = spec.max;
        }
        size = Math.min(size, this.end - this.pos);
        // Like any string field, the shown text stops at the first NUL (padding inside the length is not text).
        let text = 0;
        while (text < size && this.bytes[this.pos + text] !== 0) text++;
        this.push(out, { name: spec.name, value: new TextDecoder('utf-8').decode(this.bytes.subarray(this.pos, this.pos + text)), offset, length: size });
        // The XML area is `max` bytes (padding after the text included), cut short by the end of the message.
        this.pos = Math.min(offset + spec.max, this.end);
        return;
      }
      case 'struct': {
        const node: FieldNode = { name: spec.name, value: null, offset, length: 0, children: [] };
        this.push(out, node);
        try {
          this.walk(spec.fields, node.children!);
        } finally {
          node.length = this.pos - offset;
        }
        return;
      }
      case 'array': {
        if (spec.loop) {
          this.loopArray(spec, out);
          return;
        }
        let count = this.resolve(spec.count, spec.name);
        if (count > spec.max) {
          this.problems.push(problem('sccp.count-limit', `${spec.name}: count ${count} is more than the maximum of ${spec.max}; only ${spec.max} decoded`, { offset }));
          count = spec.max;
        }
        const node: FieldNode = { name: spec.name, value: count, offset, length: 0, children: [] };
        this.push(out, node);
        try {
          this.elements(spec, node, count, spec.fixed ? spec.elementSize : undefined);
          if (spec.fixed && spec.elementSize !== undefined && spec.max > count) {
            const rest = (spec.max - count) * spec.elementSize;
            this.need(rest, `${spec.name} (unused elements)`);
            this.pos += rest;
          }
        } finally {
          node.length = this.pos - offset;
        }
        return;
      }
      case 'union': {
        const sel = this.scopes.get(spec.selector);
        const chosen = spec.cases.find((c) => c.values === '*' || (sel !== undefined && c.values.includes(sel)));
        const node: FieldNode = { name: spec.name, value: null, display: chosen?.label, offset, length: 0, children: [] };
        this.push(out, node);
        try {
          if (chosen) this.scopes.within(() => this.walk(chosen.fields, node.children!));
          if (spec.size !== undefined) {
            const used = this.pos - offset;
            if (used < spec.size) {
              this.need(spec.size - used, spec.name);
              this.pos = offset + spec.size;
            }
          }
        } finally {
          node.length = this.pos - offset;
        }
        return;
      }
      case 'when':
        if (this.scopes.holds(spec.cond, this.ctx.version, this.ctx.dataLength)) this.walk(spec.fields, out);
        return;
      case 'align': {
        const rel = this.pos - this.bodyStart;
        const pad = (spec.to - (rel % spec.to)) % spec.to;
        if (pad) {
          this.need(pad, 'alignment padding');
          this.pos += pad;
        }
        return;
      }
      case 'skip': {
        const n = this.resolve(spec.size, 'skip');
        this.need(n, 'reserved bytes');
        this.pos += n;
        return;
      }
    }
  }
}

export interface LayoutResult {
  fields: FieldNode[];
  problems: Problem[];
  /** Offset just after the last byte the layout consumed. */
  end: number;
  /**
   * True when the last field is a string whose terminating NUL lies at `end` but belongs to no field (Wireshark's
   * display-label strings): that NUL is the string's, not stray bytes.
   */
  endsWithOpenNul: boolean;
}

/**
 * Decodes `specs` over bytes[start, end) of one message. `bodyStart` is where the body begins (12), used for
 * alignment. Never throws.
 */
export function decodeLayout(
  bytes: Uint8Array,
  start: number,
  end: number,
  specs: readonly FieldSpec[],
  ctx: LayoutContext,
): LayoutResult {
  const w = new Walker(bytes, start, Math.min(end, bytes.length), start, ctx);
  const fields: FieldNode[] = [];
  try {
    w.walk(specs, fields);
  } catch (e) {
    if (!(e instanceof Truncated)) {
      w.problems.push(problem('sccp.bad-value', `internal decoder error: ${(e as Error).message}`, { offset: w.pos }));
    }
  }
  return { fields, problems: w.problems, end: w.pos, endsWithOpenNul: w.openNulAt === w.pos && w.pos < end };
}

const IP_ADDR_TYPES: Record<number, string> = { 0: 'IPv4', 1: 'IPv6', 2: 'IPv4 and IPv6' };

function maskedValue(raw: number, mask: number): number {
  const m = mask >>> 0;
  if (m === 0) return 0;
  let shift = 0;
  while (((m >>> shift) & 1) === 0) shift++;
  return ((raw & m) >>> 0) >>> shift;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += hex2(b[i]!);
  return s;
}

