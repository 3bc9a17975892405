/**
 * The body-layout language of the message catalog. A layout is plain data: a list of field specs that a small
 * interpreter (interpreter.ts) walks over the bytes. Field names are Wireshark's skinny field names without the
 * `skinny.` prefix, so that users can compare with Wireshark.
 *
 * All integers are little-endian unless a spec says otherwise; IP addresses are in network order.
 */

/** Enum labels: value -> label. */
export type EnumTable = Readonly<Record<number, string>>;

/**
 * One flag of a bit field: the mask selects the bits; the flag is a boolean (Wireshark's FT_BOOLEAN), 1 when any
 * of those bits is set, else 0.
 * The name is the whole Wireshark field name without `skinny.`, e.g. "PhoneFeatures.Abbreviated.Dial".
 */
export interface FlagSpec {
  readonly name: string;
  readonly mask: number;
}

/**
 * A condition on the message: header (protocol) version range, inclusive, and/or the header's data-length
 * field compared with a number (Wireshark's `size_gt` / `size_lt`, which look at the length field of the header).
 */
export interface Condition {
  readonly minVersion?: number;
  readonly maxVersion?: number;
  /** Holds when the header's data length is greater than this. */
  readonly lengthGreaterThan?: number;
  /** Holds when the header's data length is less than this. */
  readonly lengthLessThan?: number;
  /** Holds when an earlier field (by name, nearest scope first) has one of these values. */
  readonly fieldIs?: { readonly name: string; readonly values: readonly number[] };
  /** Holds when an earlier field is NOT one of these values. */
  readonly fieldIsNot?: { readonly name: string; readonly values: readonly number[] };
  /** Holds when an earlier field's value lies between min and max, both inclusive (either bound may be omitted). */
  readonly fieldInRange?: { readonly name: string; readonly min?: number; readonly max?: number };
}

/** A size or count that is either a number or read from an earlier field (by name, nearest scope first). */
export type SizeRef = number | { readonly field: string };

export type FieldSpec =
  /** Unsigned integer of 1, 2 or 4 bytes; optional labels. `hex` says Wireshark shows it in hex. */
  | {
      readonly kind: 'uint';
      readonly name: string;
      readonly size: 1 | 2 | 4;
      readonly labels?: EnumTable;
      readonly hex?: boolean;
      readonly bigEndian?: boolean;
    }
  /** Signed 32-bit integer. */
  | { readonly kind: 'int'; readonly name: string; readonly size: 4 }
  /** A bit field shown as a node whose children are its flags (Wireshark's `skinny.<Type>.<Flag>` names). */
  | { readonly kind: 'flags'; readonly name: string; readonly size: 1 | 2 | 4; readonly flags: readonly FlagSpec[] }
  /**
   * A string. Fixed: occupies `size` bytes, the value ends at the first NUL. Variable (`variable: true`): the string
   * runs to its NUL (included in its length) but never past `size` bytes (or the message end when size is omitted).
   * `sizeFrom`: size read from an earlier field. `displayLabel` marks strings that may hold embedded label codes.
   */
  | {
      readonly kind: 'string';
      readonly name: string;
      readonly size?: SizeRef;
      readonly variable?: boolean;
      /**
       * Variable strings only: the field ends just before its NUL, and the NUL is not consumed (Wireshark's
       * display-label strings without a fixed size).
       */
      readonly excludeNul?: boolean;
      readonly displayLabel?: boolean;
    }
  /** IPv4 address, 4 bytes in network order (`littleEndian`: reversed, where Wireshark reads it little-endian). */
  | { readonly kind: 'ipv4'; readonly name: string; readonly littleEndian?: boolean }
  /** IPv6 address, 16 bytes. */
  | { readonly kind: 'ipv6'; readonly name: string }
  /**
   * Wireshark's ipv4or6: from header version 17 (0x11) a 4-byte `ipv4or6` type word, then 16 bytes that hold an
   * IPv4 (first 4 bytes) or IPv6 address; before v17, a plain 4-byte IPv4 address.
   */
  | { readonly kind: 'ipv4or6'; readonly name: string }
  /** A MAC address of `size` bytes. */
  | { readonly kind: 'ether'; readonly name: string; readonly size: number }
  /** Opaque bytes; shown as hex. */
  | { readonly kind: 'bytes'; readonly name: string; readonly size: SizeRef; readonly max?: number }
  /** A nested structure (Wireshark's text subtree). */
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly FieldSpec[] }
  /**
   * A repeated element. `count` is how many elements are decoded; `max` bounds it (a count above max is a problem
   * and is clipped). When `fixed` is true the array always occupies `max` elements in the bytes (unused elements
   * skipped, as Wireshark does for fixed-size C arrays); elements beyond `count` are not shown.
   */
  | {
      readonly kind: 'array';
      readonly name: string;
      readonly count: SizeRef;
      readonly max: number;
      readonly fixed?: boolean;
      readonly element: readonly FieldSpec[];
      /** Byte size of one element, needed to skip unused fixed elements. */
      readonly elementSize?: number;
      /**
       * Reproduces one of the loops of Wireshark's generated skinny dissector exactly (needs `elementSize`; `fixed`
       * is then ignored). Each decoded element takes the bytes its own fields take; skipped space is clipped at the
       * message end without a problem (stations often leave unused trailing elements out).
       * - 'guarded': decoded only when count > 0 and the header's data length covers count*elementSize more bytes
       *   (otherwise nothing is decoded or skipped); then the unused elements up to `max` are skipped. A count above
       *   `max` skips count*elementSize bytes, decoding nothing.
       * - 'guarded-all': as 'guarded', but all `max` elements are decoded whatever the count (variable-length
       *   messages such as CapabilitiesV3Res).
       * - 'bounded': count <= max: count elements, then the unused ones up to `max` skipped; above max: `max`
       *   elements skipped.
       * - 'bounded-count': count <= max: count elements, nothing skipped; above max: count elements skipped.
       */
      readonly loop?: 'guarded' | 'guarded-all' | 'bounded' | 'bounded-count';
    }
  /**
   * A union selected by an earlier field's value: the first case whose `values` contain it (or the case with
   * `values: '*'`) is decoded. The union always occupies `size` bytes when given.
   */
  | {
      readonly kind: 'union';
      readonly name: string;
      readonly selector: string;
      readonly size?: number;
      readonly cases: readonly { readonly values: readonly number[] | '*'; readonly label?: string; readonly fields: readonly FieldSpec[] }[];
    }
  /** Fields present only when the condition holds. */
  | { readonly kind: 'when'; readonly cond: Condition; readonly fields: readonly FieldSpec[] }
  /** Advance to the next multiple of `to` bytes from the start of the message body. */
  | { readonly kind: 'align'; readonly to: number }
  /** Skip bytes without showing them. */
  | { readonly kind: 'skip'; readonly size: SizeRef }
  /**
   * XML text of `size` bytes (0: up to the first NUL), never more than `max`; the field's area is `max` bytes, or
   * what is left of the message when that is less (Wireshark hands the text to its XML dissector).
   */
  | { readonly kind: 'xml'; readonly name: string; readonly size: SizeRef; readonly max: number };

export type FieldKind = FieldSpec['kind'];

/** Builders that keep catalog entries short and readable. */
export const u32 = (name: string, labels?: EnumTable, hex?: boolean): FieldSpec =>
  labels ? { kind: 'uint', name, size: 4, labels, hex: hex ?? true } : { kind: 'uint', name, size: 4, ...(hex ? { hex } : {}) };
export const u16 = (name: string, labels?: EnumTable, hex?: boolean): FieldSpec =>
  labels ? { kind: 'uint', name, size: 2, labels, hex: hex ?? true } : { kind: 'uint', name, size: 2, ...(hex ? { hex } : {}) };
export const u8 = (name: string, labels?: EnumTable, hex?: boolean): FieldSpec =>
  labels ? { kind: 'uint', name, size: 1, labels, hex: hex ?? true } : { kind: 'uint', name, size: 1, ...(hex ? { hex } : {}) };
export const i32 = (name: string): FieldSpec => ({ kind: 'int', name, size: 4 });
export const str = (name: string, size: number): FieldSpec => ({ kind: 'string', name, size });
export const vstr = (name: string, size?: number): FieldSpec =>
  size === undefined ? { kind: 'string', name, variable: true } : { kind: 'string', name, size, variable: true };
export const ipv4 = (name: string): FieldSpec => ({ kind: 'ipv4', name });
export const ipv4or6 = (name: string): FieldSpec => ({ kind: 'ipv4or6', name });
export const struct = (name: string, fields: readonly FieldSpec[]): FieldSpec => ({ kind: 'struct', name, fields });
export const when = (cond: Condition, fields: readonly FieldSpec[]): FieldSpec => ({ kind: 'when', cond, fields });
export const since = (minVersion: number, fields: readonly FieldSpec[]): FieldSpec => ({ kind: 'when', cond: { minVersion }, fields });
export const until = (maxVersion: number, fields: readonly FieldSpec[]): FieldSpec => ({ kind: 'when', cond: { maxVersion }, fields });
