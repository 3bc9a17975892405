/**
 * Which dump format a text is in, judged from its first lines. The hard question is whether lines start with an
 * offset: `0x0010:` (tcpdump) and `00000010:` (xxd) say so themselves; a bare number (hexdump -C, od, Wireshark,
 * text2pcap) is only an offset when consecutive lines' numbers advance by the bytes on the line.
 */
import { classifyLine, isHexWord, readOffsetPrefix, words } from './line-scan';
import type { HexDumpFormat } from './types';

/** Lines looked at: enough for any real dump's pattern to show, few enough to stay instant on a 10 MB text. */
export const DETECTION_LINES = 400;

export function detectFormat(lines: readonly string[]): HexDumpFormat {
  let tcpdump = 0;
  let xxd = 0;
  let plain = 0;
  const generic: { offset: number; bytes: number; afterRepeat: boolean }[] = [];
  let pipes = 0;
  let wideGap = 0;
  let sixDigit = 0;
  let repeatPending = false;
  let seen = 0;
  for (const line of lines) {
    if (seen >= DETECTION_LINES) break;
    const style = classifyLine(line, true);
    if (style === 'blank') continue;
    seen++;
    if (style === 'tcpdump') tcpdump++;
    else if (style === 'xxd') xxd++;
    else if (style === 'plain') plain++;
    else if (style === 'repeat') repeatPending = true;
    else if (style === 'offset') {
      const off = readOffsetPrefix(line, true)!;
      const ws = words(line, off.end);
      generic.push({ offset: off.offset ?? -1, bytes: leadingByteCount(ws), afterRepeat: repeatPending });
      repeatPending = false;
      if (endsWithBarGutter(line)) pipes++;
      if (ws.length > 0 && ws[0]!.gap >= 2) wideGap++;
      if (off.end - off.column >= 6) sixDigit++;
    }
  }
  if (tcpdump > 0 && tcpdump >= xxd && tcpdump * 2 >= plain) return 'tcpdump';
  if (xxd > 0 && xxd >= tcpdump && xxd * 2 >= plain) return 'xxd';
  if (genericOffsetsHold(generic)) {
    if (pipes * 2 >= generic.length) return 'hexdump-C';
    if (wideGap * 2 >= generic.length) return 'wireshark';
    if (sixDigit * 2 >= generic.length) return 'od';
    return 'wireshark';
  }
  return 'plain';
}

/** Bytes a line after its offset seems to carry: two-digit hex words up to the first other word or wide gap. */
function leadingByteCount(ws: readonly { text: string; gap: number }[]): number {
  let n = 0;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (i > 0 && w.gap >= 3) break;
    if (!isHexWord(w.text) || w.text.length % 2 !== 0) break;
    n += w.text.length / 2;
  }
  return n;
}

/**
 * Bare numbers are offsets when, for most pairs of consecutive lines, the second number is the first plus the
 * bytes on the first line (a gutter may add words that look like bytes, so "at most" them), or 0 (a new packet).
 * Plain hex lines almost never pass: their first bytes are not a running count.
 */
function genericOffsetsHold(lines: readonly { offset: number; bytes: number; afterRepeat: boolean }[]): boolean {
  if (lines.length === 0) return false;
  if (lines.length === 1) return lines[0]!.offset === 0;
  let advancing = 0;
  let restarts = 0;
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const delta = b.offset - a.offset;
    if (b.offset === 0 && a.offset !== 0) restarts++;
    else if (delta > 0 && (b.afterRepeat || delta <= a.bytes) && (b.afterRepeat || a.bytes - delta < 16)) advancing++;
  }
  const pairs = lines.length - 1;
  return advancing >= 1 && (advancing + restarts) * 4 >= pairs * 3 && advancing * 2 >= restarts;
}

/**
 * Whether the line ends with a |gutter| (two bars, only white space after the second, no line terminator between).
 * A scan: /\|.*\|\s*$/ takes quadratic time on a long run of bars.
 */
export function endsWithBarGutter(line: string): boolean {
  const end = line.trimEnd().length;
  if (line[end - 1] !== '|') return false;
  for (let k = end - 2; k >= 0; k--) {
    const c = line.charCodeAt(k);
    if (c === 0x7c) return true;
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return false;
}
