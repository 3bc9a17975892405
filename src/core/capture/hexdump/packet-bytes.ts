/**
 * Turns the data lines of one packet into bytes, with the line and column of each. Offsets are checked against the
 * bytes read; `*` lines (hexdump -C, od) repeat the previous line up to the next offset; the ASCII gutter is told
 * from the bytes by the next line's offset, else by the gutter's column on the other lines, else by a wide gap.
 */
import { isHexWord, runsToBytes, scanHexRuns, words, type HexRun, type OffsetPrefix, type ScanIssue, type Word } from './line-scan';
import type { LineStyle, TextProblem, TextProblemKind } from './types';

export type Row =
  | { kind: 'offset'; line: number; text: string; prefix: OffsetPrefix }
  | { kind: 'plain'; line: number; text: string }
  | { kind: 'repeat'; line: number; column: number };

/**
 * Most bytes one packet may grow to through `*` repeats: the text is untrusted, and an offset can claim anything.
 * An IP datagram is at most 64 KiB; each byte costs 9 bytes of memory here (value, line, column).
 */
export const MAX_PACKET_BYTES = 256 * 1024;

/**
 * Bytes `*` lines may add over a whole dump: a base plus this many per character of text read, so that a few lines
 * of text cannot make the reader hold gigabytes (many packets, each repeated up to MAX_PACKET_BYTES).
 */
export const REPEAT_BUDGET_BASE = 1024 * 1024;
export const REPEAT_BUDGET_PER_CHAR = 64;

/** What is left of a dump's repeat budget (shared by the packets of one parse). */
export interface RepeatBudget {
  left: number;
}

export interface BuiltBytes {
  bytes: Uint8Array;
  /** Absolute line of each byte. */
  lines: Uint32Array;
  cols: Uint32Array;
  style: LineStyle;
}

class Collector {
  bytes = new Uint8Array(256);
  lines = new Uint32Array(256);
  cols = new Uint32Array(256);
  n = 0;

  push(value: number, line: number, col: number): void {
    if (this.n === this.bytes.length) this.grow();
    this.bytes[this.n] = value;
    this.lines[this.n] = line;
    this.cols[this.n] = col;
    this.n++;
  }

  private grow(): void {
    const size = this.bytes.length * 2;
    const b = new Uint8Array(size);
    b.set(this.bytes);
    const l = new Uint32Array(size);
    l.set(this.lines);
    const c = new Uint32Array(size);
    c.set(this.cols);
    this.bytes = b;
    this.lines = l;
    this.cols = c;
  }
}

export function buildBytes(rows: readonly Row[], problems: TextProblem[], budget: RepeatBudget = { left: MAX_PACKET_BYTES }): BuiltBytes {
  const out = new Collector();
  const report = (kind: TextProblemKind, line: number, column: number, width: number, message: string): void => {
    problems.push({ kind, line, column, width: Math.max(1, width), message });
  };
  const expected = expectedCounts(rows);
  const gutterCol = gutterColumn(rows, expected);
  const styleCount = new Map<LineStyle, number>();

  let running: number | undefined;
  let prevFrom = 0;
  let prevTo = 0;
  let repeat: { line: number; column: number } | undefined;

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.kind === 'repeat') {
      repeat = { line: row.line, column: row.column };
      continue;
    }
    styleCount.set(row.kind === 'plain' ? 'plain' : row.prefix.style, (styleCount.get(row.kind === 'plain' ? 'plain' : row.prefix.style) ?? 0) + 1);
    if (row.kind === 'plain') {
      if (repeat) {
        report('offset', repeat.line, repeat.column, 1, `'*' is followed by a line without an offset: how often the line before it repeats is unknown`);
        repeat = undefined;
      }
      const from = out.n;
      plainBytes(row.text, row.line, out, problems);
      if (running !== undefined) running += out.n - from;
      prevFrom = from;
      prevTo = out.n;
      continue;
    }
    const { prefix } = row;
    if (prefix.offset === undefined) {
      report('offset', row.line, prefix.column, prefix.end - prefix.column, `the offset has too many digits to be one: the line's bytes are appended as they come`);
    } else if (repeat) {
      const want = prefix.offset - (running ?? 0);
      if (want > 0 && prevTo > prevFrom) {
        const room = Math.max(0, Math.min(MAX_PACKET_BYTES - out.n, budget.left));
        const fill = Math.min(want, room);
        budget.left -= fill;
        for (let k = 0; k < fill; k++) out.push(out.bytes[prevFrom + (k % (prevTo - prevFrom))]!, repeat.line, repeat.column);
        if (fill < want) {
          const why = out.n >= MAX_PACKET_BYTES ? `the packet stops growing at ${MAX_PACKET_BYTES} bytes` : `the dump's repeats have added as many bytes as its size allows`;
          report('repeat-limit', repeat.line, repeat.column, 1, `'*' would repeat ${want} bytes; ${why}`);
        }
      } else if (want < 0) {
        report('offset', row.line, prefix.column, prefix.end - prefix.column, `offset 0x${hex(prefix.offset)} after '*' goes back from 0x${hex(running ?? 0)}`);
      }
      running = prefix.offset;
      repeat = undefined;
    } else if (running === undefined) {
      if (prefix.offset !== 0) {
        report('offset', row.line, prefix.column, prefix.end - prefix.column, `the dump starts at offset 0x${hex(prefix.offset)}: the ${prefix.offset} byte(s) before it are not in the text`);
      }
      running = prefix.offset;
    } else if (prefix.offset !== running) {
      const d = prefix.offset - running;
      report(
        'offset',
        row.line,
        prefix.column,
        prefix.end - prefix.column,
        d > 0
          ? `offset 0x${hex(prefix.offset)} where 0x${hex(running)} was expected: ${d} byte(s) are missing before this line`
          : `offset 0x${hex(prefix.offset)} where 0x${hex(running)} was expected: the lines overlap by ${-d} byte(s)`,
      );
      running = prefix.offset;
    }
    const from = out.n;
    offsetRowBytes(row.text, row.line, prefix, expected[r], gutterCol, out, problems);
    running = (running ?? 0) + (out.n - from);
    prevFrom = from;
    prevTo = out.n;
  }
  if (repeat) report('offset', repeat.line, repeat.column, 1, `'*' is not followed by an offset: how often the line before it repeats is unknown`);

  let style: LineStyle = 'plain';
  let best = -1;
  for (const [s, c] of styleCount) if (c > best) [style, best] = [s, c];
  return { bytes: out.bytes.slice(0, out.n), lines: out.lines.slice(0, out.n), cols: out.cols.slice(0, out.n), style };
}

/** Bytes on a row, from the next row's offset (only when it comes right after and is larger). */
function expectedCounts(rows: readonly Row[]): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (let r = 0; r < rows.length; r++) {
    const a = rows[r]!;
    const b = rows[r + 1];
    if (a.kind === 'offset' && b?.kind === 'offset' && a.prefix.offset !== undefined && b.prefix.offset !== undefined && b.prefix.offset > a.prefix.offset) {
      out.push(b.prefix.offset - a.prefix.offset);
    } else out.push(undefined);
  }
  return out;
}

/**
 * The column where the ASCII gutter starts, learnt from rows whose byte count is known: the first word after
 * their last byte. Rows without a known count (the last row, a row before `*`) stop there.
 */
function gutterColumn(rows: readonly Row[], expected: readonly (number | undefined)[]): number {
  let col = Infinity;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const want = expected[r];
    if (row.kind !== 'offset' || want === undefined) continue;
    let taken = 0;
    for (const w of words(row.text, row.prefix.end, pipeGutterStart(row.text))) {
      if (taken >= want) {
        col = Math.min(col, w.column);
        break;
      }
      if (!isHexWord(w.text)) break;
      taken += w.text.length >> 1;
    }
  }
  return col;
}

/**
 * hexdump -C puts its gutter between bars, od -tx1z between angle brackets: cut the line there. The gutter opens
 * at the first bar (angle bracket) after white space and closes at the line's last non-space character. (A scan: the
 * regular expression /\s(\|.*\||>.*<)\s*$/ takes quadratic time on a long line of " |" pairs.)
 */
export function pipeGutterStart(text: string): number {
  const end = text.trimEnd().length;
  const close = text[end - 1];
  if (close !== '|' && close !== '<') return text.length;
  const open = close === '|' ? '|' : '>';
  // The gutter's text may not span a line terminator (as `.` in a regular expression).
  let from = 0;
  for (let k = end - 2; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      from = k - 1;
      break;
    }
  }
  for (let i = Math.max(0, from); i + 1 < end - 1; i++) {
    if (text[i + 1] === open && /\s/.test(text[i]!)) return i + 1;
  }
  return text.length;
}

function offsetRowBytes(
  text: string,
  line: number,
  prefix: OffsetPrefix,
  expected: number | undefined,
  gutterCol: number,
  out: Collector,
  problems: TextProblem[],
): void {
  let taken = 0;
  const ws: Word[] = words(text, prefix.end, pipeGutterStart(text));
  for (const w of ws) {
    if (expected !== undefined && taken >= expected) break;
    if (expected === undefined && taken > 0 && (w.column >= gutterCol || w.gap >= 3)) break;
    if (!isHexWord(w.text)) {
      if (taken > 0 && w.gap >= 2) break; // the ASCII gutter
      const runs: HexRun[] = [];
      const issues: ScanIssue[] = [];
      scanHexRuns(text, w.column, w.column + w.text.length, runs, issues);
      if (issues.length > 0) {
        for (const i of issues) problems.push({ ...i, line });
        continue;
      }
      // A word like 0x1c or 1c,2d: hex after all, with prefixes or separators.
      const vals: { value: number; column: number }[] = [];
      runsToBytes(runs, issues, vals);
      for (const i of issues) problems.push({ ...i, line });
      for (const v of vals) {
        if (expected !== undefined && taken >= expected) break;
        out.push(v.value, line, v.column);
        taken++;
      }
      continue;
    }
    const whole = w.text.length >> 1;
    if (w.text.length % 2 !== 0) {
      problems.push({
        kind: 'odd-digits',
        line,
        column: w.column,
        width: w.text.length,
        message: `${w.text.length} hex digits do not make whole bytes: the last digit '${w.text[w.text.length - 1]}' is dropped`,
      });
    }
    const n = expected === undefined ? whole : Math.min(whole, expected - taken);
    for (let k = 0; k < n; k++) out.push(parseInt(w.text.slice(2 * k, 2 * k + 2), 16), line, w.column + 2 * k);
    taken += n;
  }
}

function plainBytes(text: string, line: number, out: Collector, problems: TextProblem[]): void {
  const runs: HexRun[] = [];
  const issues: ScanIssue[] = [];
  scanHexRuns(text, 0, text.length, runs, issues);
  const vals: { value: number; column: number }[] = [];
  runsToBytes(runs, issues, vals);
  for (const i of issues) problems.push({ ...i, line });
  for (const v of vals) out.push(v.value, line, v.column);
}

function hex(n: number): string {
  return n.toString(16);
}
