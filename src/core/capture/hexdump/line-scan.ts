/**
 * Reading one line of a hex dump: what kind of line it is, and its words with their columns. Which words are
 * bytes and which are the ASCII gutter is decided per packet (packet-bytes.ts), where the offsets of the
 * following lines are known.
 */
import type { LineStyle } from './types';

const TCPDUMP_OFFSET = /^(\s*)0[xX]([0-9a-fA-F]+):(?=\s|$)/;
const XXD_OFFSET = /^(\s*)([0-9a-fA-F]{2,}):(?=\s|$)/;
/** text2pcap: "an offset of more than two hex digits", then white space. */
const GENERIC_OFFSET = /^(\s*)([0-9a-fA-F]{3,})(?=\s|$)/;
const REPEAT = /^\s*\*\s*$/;
const COMMENT = /^\s*(#|\/\/|;|--|\/\*|\*\s)/;
/** Characters that separate bytes in plain dumps and C arrays (commas, braces, quotes, colons). */
const SEPARATORS = new Set([' ', '\t', ',', ';', '{', '}', '(', ')', '[', ']', '"', "'", '`', ':', '\r', '\f', '\v']);

/**
 * Whether a word is hex digits in runs, each run after an optional 0x or \x prefix: "0a1b", "0x0a0x1b", "\x0a\x1b".
 * (Written as a scan: the regular expression /^(?:(?:0x|\\x)?[0-9a-f]+)+$/i backtracks exponentially on a long run
 * of digits followed by another character.)
 */
export function isHexishWord(w: string): boolean {
  /** Digits in the current run since its prefix (or since the start of the word). */
  let digits = 0;
  let runs = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (isHexDigit(c)) {
      digits++;
      continue;
    }
    if (c === 0x78 || c === 0x58) {
      // x after a 0 that starts a new run: the 0 was the prefix, and the run before it must keep a digit.
      if (digits === 0 || w.charCodeAt(i - 1) !== 0x30) return false;
      if (digits === 1 && runs > 0) return false;
      if (digits > 1) runs++;
      digits = 0;
      runs++;
      continue;
    }
    if (c === 0x5c && (w.charCodeAt(i + 1) === 0x78 || w.charCodeAt(i + 1) === 0x58)) {
      if (runs > 0 && digits === 0) return false;
      if (digits > 0) runs++;
      digits = 0;
      runs++;
      i++;
      continue;
    }
    return false;
  }
  return digits > 0;
}

export function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Longest offset we read: larger numbers lose precision and are no real dump's offsets. */
const MAX_OFFSET_DIGITS = 12;

export interface OffsetPrefix {
  style: 'tcpdump' | 'xxd' | 'offset';
  /** Undefined when the digits are too many to be an offset. */
  offset: number | undefined;
  /** Column of the offset's first character. */
  column: number;
  /** Column just after the offset (and its colon). */
  end: number;
}

/** The offset a line starts with, in one of the three spellings, or undefined. */
export function readOffsetPrefix(text: string, generic: boolean): OffsetPrefix | undefined {
  let m = TCPDUMP_OFFSET.exec(text);
  if (m) return prefix('tcpdump', m);
  m = XXD_OFFSET.exec(text);
  if (m) return prefix('xxd', m);
  if (!generic) return undefined;
  m = GENERIC_OFFSET.exec(text);
  if (m) return prefix('offset', m);
  return undefined;
}

function prefix(style: OffsetPrefix['style'], m: RegExpExecArray): OffsetPrefix {
  const digits = m[2]!;
  return {
    style,
    offset: digits.length <= MAX_OFFSET_DIGITS ? parseInt(digits, 16) : undefined,
    column: m[1]!.length,
    end: m[0].length,
  };
}

/** A whitespace-separated word after the offset, with the spaces before it (to tell bytes from the gutter). */
export interface Word {
  text: string;
  column: number;
  /** Columns of white space before the word (a tab counts as one). */
  gap: number;
}

export function words(text: string, from: number, to: number = text.length): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < to) {
    const gapStart = i;
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const start = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    out.push({ text: text.slice(start, i), column: start, gap: start - gapStart });
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/**
 * Classifies a line. `genericOffsets`: whether the document uses bare offsets (hexdump -C, od, Wireshark), so that a
 * line starting with three or more hex digits and a space is read as offset + bytes rather than as plain bytes.
 */
export function classifyLine(text: string, genericOffsets: boolean, strictPlain = false): LineStyle {
  if (text.trim().length === 0) return 'blank';
  if (REPEAT.test(text)) return 'repeat';
  if (COMMENT.test(text)) return 'header';
  const off = readOffsetPrefix(text, genericOffsets);
  if (off) {
    // An xxd- or tcpdump-style offset followed by prose is a header ("12:34:56.789 IP ..." has no such prefix,
    // but "0x0000: (tos 0x0, ...)" style lines from other tools might).
    if (off.style !== 'offset' || looksLikeData(text, off.end)) return off.style;
  }
  return hexRatioStyle(text, strictPlain);
}

function looksLikeData(text: string, from: number): boolean {
  const ws = words(text, from);
  if (ws.length === 0) return true; // a bare offset: the end marker of od / hexdump -C
  return isHexishWord(ws[0]!.text) && ws[0]!.gap >= 1;
}

/**
 * Prose or bytes? Lines where at least half of the words are hex are bytes (with whatever errors they have).
 * `strict` (dumps whose data lines have offsets): only lines of hex words alone, so that the protocol tree Wireshark
 * prints between packets ("Destination: 00:50:56:ea:da:92") stays prose.
 */
function hexRatioStyle(text: string, strict: boolean): LineStyle {
  let hex = 0;
  let counted = 0;
  for (const w of words(text, 0)) {
    const stripped = stripPunctuation(w.text);
    if (stripped.length === 0) continue;
    counted++;
    if (isHexishWord(stripped)) hex++;
  }
  if (counted === 0) return 'blank';
  if (strict) return hex === counted ? 'plain' : 'header';
  return hex * 2 >= counted ? 'plain' : 'header';
}

function stripPunctuation(w: string): string {
  let s = '';
  for (let i = 0; i < w.length; i++) if (!SEPARATORS.has(w[i]!)) s += w[i];
  // Python's b'\x1c...' spelling.
  if (s.startsWith('b\\x') || s.startsWith('b\\X')) s = s.slice(1);
  return s;
}

/** One run of hex digits found in the text, to become bytes. */
export interface HexRun {
  /** The digits only. */
  digits: string;
  /** Column of the first digit. */
  column: number;
  /** Written with a 0x or \x prefix: then one digit is a whole byte (0x1 = 01). */
  prefixed: boolean;
}

export interface ScanIssue {
  kind: 'bad-character' | 'odd-digits';
  column: number;
  width: number;
  message: string;
}

/**
 * Finds the hex runs in [from, to) of a plain line (or in one word of an offset line): separators are white space,
 * commas, semicolons, colons, braces, brackets, parentheses and quotes; a run may carry a 0x or \x prefix. A word
 * with other characters is reported once, at its first bad character, and skipped.
 */
export function scanHexRuns(text: string, from: number, to: number, runs: HexRun[], issues: ScanIssue[]): void {
  let i = from;
  while (i < to) {
    while (i < to && SEPARATORS.has(text[i]!)) i++;
    if (i >= to) break;
    const wordStart = i;
    while (i < to && !SEPARATORS.has(text[i]!)) i++;
    // Python's b'...' / b"...": the b before the quote is no digit.
    if (i === wordStart + 1 && (text[wordStart] === 'b' || text[wordStart] === 'B') && (text[i] === "'" || text[i] === '"')) continue;
    scanWord(text, wordStart, i, runs, issues);
  }
}

function scanWord(text: string, start: number, end: number, runs: HexRun[], issues: ScanIssue[]): void {
  let p = start;
  // Python bytes literal: b'\x1c\x00' (the quote is a separator, so the word starts with b\x).
  if (text[p] === 'b' && text[p + 1] === '\\' && (text[p + 2] === 'x' || text[p + 2] === 'X')) p++;
  const found: HexRun[] = [];
  while (p < end) {
    let prefixed = false;
    if ((text[p] === '0' || text[p] === '\\') && (text[p + 1] === 'x' || text[p + 1] === 'X') && p + 2 < end && isHexDigit(text.charCodeAt(p + 2))) {
      prefixed = true;
      p += 2;
    }
    const digitsStart = p;
    while (p < end && isHexDigit(text.charCodeAt(p))) p++;
    const anotherEscape = text[p] === '\\' && (text[p + 1] === 'x' || text[p + 1] === 'X');
    if (p === digitsStart || (p < end && !anotherEscape)) {
      // Not hex: report the word from its first bad character.
      const bad = p < end ? p : digitsStart;
      issues.push({
        kind: 'bad-character',
        column: bad,
        width: Math.max(1, end - bad),
        message: `'${printableChar(text[bad] ?? '')}' is not a hex digit: the word '${clip(text.slice(start, end))}' is skipped`,
      });
      return;
    }
    found.push({ digits: text.slice(digitsStart, p), column: digitsStart, prefixed });
  }
  runs.push(...found);
}

/** Turns runs into bytes. Odd digit counts (except a prefixed single digit) are reported; the odd digit is dropped. */
export function runsToBytes(runs: readonly HexRun[], issues: ScanIssue[], out: { value: number; column: number }[]): void {
  for (const r of runs) {
    const d = r.digits;
    if (r.prefixed && d.length === 1) {
      out.push({ value: parseInt(d, 16), column: r.column });
      continue;
    }
    const whole = d.length - (d.length % 2);
    for (let k = 0; k < whole; k += 2) out.push({ value: parseInt(d.slice(k, k + 2), 16), column: r.column + k });
    if (whole !== d.length) {
      issues.push({
        kind: 'odd-digits',
        column: r.column,
        width: d.length,
        message: `${d.length} hex digits do not make whole bytes: the last digit '${d[d.length - 1]}' is dropped`,
      });
    }
  }
}

function printableChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
}

function clip(s: string): string {
  const shown = s.length > 24 ? `${s.slice(0, 24)}…` : s;
  return shown.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Is the word (after an offset) a run of hex digit groups, as bytes are written in offset dumps? */
export function isHexWord(w: string): boolean {
  return /^[0-9a-fA-F]+$/.test(w);
}
