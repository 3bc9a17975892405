/**
 * Builds SCCP message bytes from the message catalog: the same layouts the decoder walks, walked the other way.
 * Field values are looked up by name (Wireshark's field names, as in the catalog); a field without a value is
 * written as zero (or an empty string). The encoder writes a message's longest form for the header version, as
 * current stations do: length conditions (`lengthGreaterThan`) are first taken as holding, then checked against the
 * length that gives, until the two agree.
 */
import { messageById } from '../core/sccp/catalog';
import { IPV4OR6_MIN_VERSION } from '../core/sccp/interpreter';
import { FieldScopes } from '../core/sccp/field-scopes';
import type { FieldSpec, SizeRef } from '../core/sccp/layout';
import { HEADER_SIZE } from '../core/sccp/header';

/** Values of one message (or of one array element / struct): field name -> value. */
export interface FieldValues {
  readonly [name: string]: number | string | FieldValues | readonly FieldValues[] | undefined;
}

/** A growable little-endian byte buffer. */
class ByteSink {
  buf = Buffer.alloc(1024);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  uint(value: number, size: 1 | 2 | 4, bigEndian = false): void {
    this.room(size);
    const v = value >>> 0;
    if (size === 1) this.buf[this.len] = v & 0xff;
    else if (size === 2 && bigEndian) this.buf.writeUInt16BE(v & 0xffff, this.len);
    else if (size === 2) this.buf.writeUInt16LE(v & 0xffff, this.len);
    else if (bigEndian) this.buf.writeUInt32BE(v, this.len);
    else this.buf.writeUInt32LE(v, this.len);
    this.len += size;
  }

  int32(value: number): void {
    this.room(4);
    this.buf.writeInt32LE(value | 0, this.len);
    this.len += 4;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  zeros(n: number): void {
    if (n <= 0) return;
    this.room(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }

  /** Zero bytes up to `end` (no-op when already past it). */
  padTo(end: number): void {
    this.zeros(end - this.len);
  }
}

export class EncodeError extends Error {}

class Encoder {
  readonly out = new ByteSink();
  /** Values in scope, innermost last (struct values, array elements). */
  private readonly values: FieldValues[];
  /** Numbers written so far, innermost scope last (for counts, sizes, union selectors, conditions). */
  private readonly written = new FieldScopes();

  constructor(
    private readonly version: number,
    values: FieldValues,
    /** The header's data length the conditions are judged by (Infinity: every "longer than" holds). */
    private readonly dataLength: number,
  ) {
    this.values = [values];
  }

  walk(specs: readonly FieldSpec[]): void {
    for (const s of specs) this.field(s);
  }

  private value(name: string): FieldValues[string] {
    for (let i = this.values.length - 1; i >= 0; i--) {
      const v = this.values[i]![name];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private num(name: string): number {
    const v = this.value(name);
    return typeof v === 'number' ? v : 0;
  }

  private text(name: string): string {
    const v = this.value(name);
    return typeof v === 'string' ? v : '';
  }

  private resolve(ref: SizeRef): number {
    return typeof ref === 'number' ? ref : (this.written.get(ref.field) ?? 0);
  }

  private scoped(values: FieldValues | undefined, fn: () => void): void {
    this.values.push(values ?? {});
    try {
      this.written.within(fn);
    } finally {
      this.values.pop();
    }
  }

  private string(s: string, size: number | undefined, nul: boolean): void {
    const b = Buffer.from(s, 'latin1');
    if (size === undefined) {
      this.out.bytes(b);
      if (nul) this.out.zeros(1);
      return;
    }
    // A fixed field keeps room for its NUL.
    const used = Math.min(b.length, Math.max(0, size - 1));
    this.out.bytes(b.subarray(0, used));
    this.out.zeros(size - used);
  }

  private elements(spec: Extract<FieldSpec, { kind: 'array' }>, count: number, pad: number): void {
    const given = this.value(spec.name);
    const list = Array.isArray(given) ? (given as readonly FieldValues[]) : [];
    for (let i = 0; i < count; i++) {
      const start = this.out.len;
      this.scoped(list[i], () => this.walk(spec.element));
      if (spec.elementSize !== undefined) this.out.padTo(start + spec.elementSize);
    }
    if (pad > 0 && spec.elementSize !== undefined) this.out.zeros(pad * spec.elementSize);
  }

  private field(spec: FieldSpec): void {
    switch (spec.kind) {
      case 'uint': {
        const v = this.num(spec.name);
        this.out.uint(v, spec.size, spec.bigEndian);
        this.written.set(spec.name, v >>> 0);
        return;
      }
      case 'int':
        this.out.int32(this.num(spec.name));
        this.written.set(spec.name, this.num(spec.name) | 0);
        return;
      case 'flags':
        this.out.uint(this.num(spec.name), spec.size);
        this.written.set(spec.name, this.num(spec.name) >>> 0);
        return;
      case 'string':
        if (spec.variable) {
          const max = spec.size === undefined ? undefined : this.resolve(spec.size);
          const s = this.text(spec.name);
          this.string(max === undefined ? s : s.slice(0, Math.max(0, max - 1)), undefined, !spec.excludeNul);
        } else {
          this.string(this.text(spec.name), spec.size === undefined ? undefined : this.resolve(spec.size), false);
        }
        return;
      case 'ipv4': {
        const b = ipv4Bytes(this.text(spec.name));
        this.out.bytes(spec.littleEndian ? b.reverse() : b);
        return;
      }
      case 'ipv6':
        this.out.zeros(16);
        return;
      case 'ipv4or6':
        if (this.version < IPV4OR6_MIN_VERSION) {
          this.out.bytes(ipv4Bytes(this.text(spec.name)));
        } else {
          this.out.uint(0, 4); // address type: IPv4
          this.out.bytes(ipv4Bytes(this.text(spec.name)));
          this.out.zeros(12);
        }
        return;
      case 'ether': {
        const parts = this.text(spec.name).split(':');
        for (let i = 0; i < spec.size; i++) this.out.uint(parseInt(parts[i] ?? '0', 16) || 0, 1);
        return;
      }
      case 'bytes': {
        const n = Math.min(this.resolve(spec.size), spec.max ?? Infinity);
        const b = Buffer.from(this.text(spec.name), 'hex');
        this.out.bytes(b.subarray(0, n));
        this.out.zeros(n - Math.min(n, b.length));
        return;
      }
      case 'xml': {
        const b = Buffer.from(this.text(spec.name), 'utf8').subarray(0, spec.max);
        const start = this.out.len;
        this.out.bytes(b);
        this.out.padTo(start + spec.max);
        return;
      }
      case 'struct': {
        const inner = this.value(spec.name);
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
          // Values of a nested struct may be given as an object; the written numbers stay visible outside it.
          this.values.push(inner as FieldValues);
          try {
            this.walk(spec.fields);
          } finally {
            this.values.pop();
          }
        } else {
          this.walk(spec.fields);
        }
        return;
      }
      case 'array': {
        const count = this.resolve(spec.count);
        if (count > spec.max) throw new EncodeError(`${spec.name}: count ${count} is more than ${spec.max}`);
        if (spec.loop) {
          if ((spec.loop === 'guarded' || spec.loop === 'guarded-all') && count === 0) return;
          const decoded = spec.loop === 'guarded-all' ? spec.max : count;
          this.elements(spec, decoded, spec.loop === 'bounded-count' ? 0 : spec.max - decoded);
        } else {
          this.elements(spec, count, spec.fixed ? spec.max - count : 0);
        }
        return;
      }
      case 'union': {
        const sel = this.written.get(spec.selector);
        const chosen = spec.cases.find((c) => c.values === '*' || (sel !== undefined && c.values.includes(sel)));
        const start = this.out.len;
        if (chosen) this.scoped(undefined, () => this.walk(chosen.fields));
        if (spec.size !== undefined) this.out.padTo(start + spec.size);
        return;
      }
      case 'when':
        if (this.written.holds(spec.cond, this.version, this.dataLength)) this.walk(spec.fields);
        return;
      case 'align': {
        const rel = this.out.len;
        this.out.zeros((spec.to - (rel % spec.to)) % spec.to);
        return;
      }
      case 'skip':
        this.out.zeros(this.resolve(spec.size));
        return;
    }
  }
}

/** Dotted IPv4 text to 4 bytes in network order (anything unreadable gives 0.0.0.0). */
export function ipv4Bytes(text: string): Uint8Array {
  const out = new Uint8Array(4);
  const parts = text.split('.');
  if (parts.length !== 4) return out;
  for (let i = 0; i < 4; i++) out[i] = Number(parts[i]) & 0xff;
  return out;
}

/**
 * One whole SCCP message (12-byte header and body) for message `id` under header version `headerVersion`, with the
 * layout the catalog gives for that version. Throws EncodeError for an ID without a known body layout.
 */
export function encodeMessage(id: number, headerVersion: number, values: FieldValues = {}): Buffer {
  const def = messageById(id);
  if (!def) throw new EncodeError(`message ID 0x${id.toString(16)} is not in the catalog`);
  if (def.bodyKnown === false) throw new EncodeError(`${def.name} has no known body layout`);
  let dataLength = Infinity;
  let body: ByteSink;
  for (let pass = 1; ; pass++) {
    const enc = new Encoder(headerVersion, values, dataLength);
    enc.walk(def.fields ?? []);
    body = enc.out;
    if (4 + body.len === dataLength || pass === 4) break;
    dataLength = 4 + body.len;
  }
  const msg = Buffer.alloc(HEADER_SIZE + body.len);
  msg.writeUInt32LE(4 + body.len, 0);
  msg.writeUInt32LE(headerVersion, 4);
  msg.writeUInt32LE(id, 8);
  body.buf.copy(msg, HEADER_SIZE, 0, body.len);
  return msg;
}
