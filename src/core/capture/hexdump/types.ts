/**
 * The model of a hex dump as text: which dump format it is in, the packets (blocks of bytes) it holds, and for
 * every byte the line and column of its hex digits, so that an editor can go from a byte to the text and back.
 */

/** The dump formats the reader recognises. Detected from the text (see detect-format.ts). */
export type HexDumpFormat =
  /** `tcpdump -x/-xx/-X/-XX`: `\t0x0010:  4500 0028 ...`, a header line with a timestamp before each packet. */
  | 'tcpdump'
  /** `xxd`: `00000010: 4500 0028 ...  E..(` */
  | 'xxd'
  /** `hexdump -C`: `00000010  45 00 00 28 ...  |E..(|`, `*` for repeated lines, a final line with the length. */
  | 'hexdump-C'
  /** `od -Ax -tx1`: `000010 45 00 00 28 ...`, `*` for repeated lines, a final line with the length. */
  | 'od'
  /** Wireshark's hex dump (`tshark -x`, "Copy as Hex Dump") and text2pcap input: offset, bytes, ASCII; offsets restart for each packet. */
  | 'wireshark'
  /** Hex bytes without offsets: with or without spaces, `0x`/`\x` prefixes, commas, C byte arrays. */
  | 'plain';

/** How one line of the text reads. */
export type LineStyle =
  | 'blank'
  /** Offset `0x0010:` (tcpdump). */
  | 'tcpdump'
  /** Offset `00000010:` (xxd). */
  | 'xxd'
  /** An offset of two or more hex digits followed by spaces (hexdump -C, od, Wireshark, text2pcap). */
  | 'offset'
  /** Hex bytes without an offset. */
  | 'plain'
  /** `*`: hexdump -C / od's marker for "the previous line repeats until the next offset". */
  | 'repeat'
  /** Prose: a tcpdump header, a comment, a C declaration, a log line. Starts a new packet after data. */
  | 'header';

export interface TextProblemSpan {
  /** Absolute 0-based line (relative to the packet's first line inside TextPacket.problems). */
  line: number;
  /** 0-based column (UTF-16 code units, as editors count). */
  column: number;
  /** Columns covered (at least 1). */
  width: number;
}

export type TextProblemKind = 'bad-character' | 'odd-digits' | 'mixed-format' | 'offset' | 'repeat-limit';

export interface TextProblem extends TextProblemSpan {
  kind: TextProblemKind;
  /** Plain English, without the position (the reader adds "line L, column C" where it reports). */
  message: string;
}

/** The timestamp a header line gave (tcpdump prints one before each packet). */
export interface TextTimestamp {
  sec: number;
  nsec: number;
  /** Fraction digits printed (6 for microseconds). */
  digits: number;
  /** False when the text gave a time of day without a date (tcpdump's default): `sec` then counts from midnight. */
  hasDate: boolean;
}

/** One packet (or one block of bytes) of the dump. */
export interface TextPacket {
  /** Absolute 0-based line where the packet starts (its first header line, or its first data line). */
  firstLine: number;
  /** Lines the packet spans, from firstLine (header lines, data lines, blank lines up to the next packet). */
  lineCount: number;
  /** The header line's text, when there was one (tcpdump's summary line, a comment, a C declaration). */
  header?: string;
  timestamp?: TextTimestamp;
  /** The style most of its data lines are in. */
  style: LineStyle;
  bytes: Uint8Array;
  /** For byte i: its line, relative to firstLine. */
  byteLine: Uint32Array;
  /** For byte i: the column of its first hex digit. Bytes filled in for a `*` line point at the `*`. */
  byteCol: Uint32Array;
  /** Problems in the text of this packet (lines relative to firstLine). */
  problems: TextProblem[];
}

export interface HexDumpParse {
  format: HexDumpFormat;
  packets: TextPacket[];
}

/** Width in columns of the text a byte came from: two hex digits, or the single `*` of a repeat line. */
export function byteWidth(p: TextPacket, i: number, lineText: string | undefined): number {
  if (lineText === undefined) return 2;
  const col = p.byteCol[i]!;
  if (lineText[col] === '*') return 1;
  // A byte written with one digit (odd digit count) covers one column.
  const next = lineText.charCodeAt(col + 1);
  return (next >= 48 && next <= 57) || (next >= 65 && next <= 70) || (next >= 97 && next <= 102) ? 2 : 1;
}
