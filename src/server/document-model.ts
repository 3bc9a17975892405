/**
 * A hex-dump document as the server keeps it: its lines, its format and its packets, with the mapping between
 * text positions and bytes. Edits are applied to the lines at once (cheap) and the packets are re-read lazily, on
 * the next question, and only around the edit: from the packet before the edited lines to the first packet start
 * after them that the old reading also had (the parser's state is fresh at every packet start, so what follows is
 * unchanged and only moves by the number of lines added or removed).
 */
import { DETECTION_LINES, detectFormat } from '../core/capture/hexdump/detect-format';
import { isHexDigit } from '../core/capture/hexdump/line-scan';
import { HexDumpParser } from '../core/capture/hexdump/parse';
import type { HexDumpFormat, TextPacket } from '../core/capture/hexdump/types';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface ByteRef {
  packet: number;
  byte: number;
}

interface Dirty {
  /** First edited line (same in the old and the new numbering). */
  from: number;
  /** Last edited line, new numbering, inclusive. After it, new line = old line + delta. */
  newTo: number;
  /** Lines added (negative: removed) by the pending edits. */
  delta: number;
  /** Whether an edit touched the lines the format is judged on. */
  head: boolean;
}

export class HexDocument {
  private lines: string[];
  private _format: HexDumpFormat;
  private _packets: TextPacket[] = [];
  private dirty: Dirty | undefined;
  /** How the last re-read went, for tests and logs: lines fed to the parser. */
  lastReparseLines = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    this._format = detectFormat(this.lines);
    this.fullParse();
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineText(n: number): string {
    return this.lines[n] ?? '';
  }

  getText(): string {
    return this.lines.join('\n');
  }

  get format(): HexDumpFormat {
    this.settle();
    return this._format;
  }

  get packets(): readonly TextPacket[] {
    this.settle();
    return this._packets;
  }

  /** Applies one LSP content change: a range and its replacement, or (no range) the whole new text. */
  applyChange(range: Range | undefined, text: string): void {
    if (!range) {
      this.lines = text.split('\n');
      this.dirty = { from: 0, newTo: Number.MAX_SAFE_INTEGER, delta: 0, head: true };
      return;
    }
    const s = clampPos(range.start, this.lines);
    const e = clampPos(range.end, this.lines);
    const before = this.lines[s.line]!.slice(0, s.character);
    const after = this.lines[e.line]!.slice(e.character);
    const inserted = (before + text + after).split('\n');
    spliceLarge(this.lines, s.line, e.line - s.line + 1, inserted);
    const delta = inserted.length - (e.line - s.line + 1);
    const newTo = s.line + inserted.length - 1;
    const head = s.line < DETECTION_LINES;
    const d = this.dirty;
    if (!d) this.dirty = { from: s.line, newTo, delta, head };
    else if (d.newTo === Number.MAX_SAFE_INTEGER) d.head ||= head;
    else {
      // Where the pending region's end moved to with this edit.
      const moved = d.newTo < s.line ? d.newTo : d.newTo > e.line ? d.newTo + delta : newTo;
      this.dirty = { from: Math.min(d.from, s.line), newTo: Math.max(moved, newTo), delta: d.delta + delta, head: d.head || head };
    }
  }

  /** Re-reads what the pending edits touched. */
  settle(): void {
    const d = this.dirty;
    if (!d) return;
    this.dirty = undefined;
    if (d.head) {
      const f = detectFormat(this.lines);
      if (f !== this._format) {
        this._format = f;
        this.fullParse();
        return;
      }
    }
    if (d.newTo === Number.MAX_SAFE_INTEGER) {
      this.fullParse();
      return;
    }
    this.partialParse(d);
  }

  private fullParse(): void {
    const out: TextPacket[] = [];
    const parser = new HexDumpParser(this._format, (p) => out.push(p));
    for (let i = 0; i < this.lines.length; i++) parser.line(i, this.lines[i]!);
    parser.finish(this.lines.length);
    this._packets = out;
    this.lastReparseLines = this.lines.length;
  }

  private partialParse(d: Dirty): void {
    const old = this._packets;
    const delta = d.delta;
    const oldTo = d.newTo - delta;
    const first = Math.max(0, packetIndexAt(old, d.from) - 1);
    const startLine = old[first]?.firstLine ?? 0;
    // Old packets wholly after the edit, by their new first line.
    const resume = new Map<number, number>();
    for (let j = old.length - 1; j >= 0 && old[j]!.firstLine > oldTo; j--) resume.set(old[j]!.firstLine + delta, j);

    const fresh: TextPacket[] = [];
    const parser = new HexDumpParser(this._format, (p) => fresh.push(p), startLine);
    let resumeAt: number | undefined;
    let fed = 0;
    for (let i = startLine; i < this.lines.length; i++) {
      parser.line(i, this.lines[i]!);
      fed++;
      const open = parser.openPacketStart;
      if (open > d.newTo && open === i && resume.has(open)) {
        resumeAt = resume.get(open)!;
        break;
      }
    }
    if (resumeAt === undefined) parser.finish(this.lines.length);
    else {
      // The packet open at the resume line is the old one; the one before it ends there.
      const lastFresh = fresh[fresh.length - 1];
      if (lastFresh) lastFresh.lineCount = Math.max(1, old[resumeAt]!.firstLine + delta - lastFresh.firstLine);
    }
    const tail = resumeAt === undefined ? [] : old.slice(resumeAt);
    if (delta !== 0) for (const p of tail) p.firstLine += delta;
    this._packets = [...old.slice(0, first), ...fresh, ...tail];
    this.lastReparseLines = fed;
  }

  /** Index of the packet whose lines include `line` (the last packet starting at or before it), or -1. */
  packetAtLine(line: number): number {
    return packetIndexAt(this.packets, line);
  }

  /** The byte whose hex digits are at this position, if any. */
  byteAt(pos: Position): ByteRef | undefined {
    const packets = this.packets;
    const pi = packetIndexAt(packets, pos.line);
    if (pi < 0) return undefined;
    const p = packets[pi]!;
    const rel = pos.line - p.firstLine;
    let i = lowerBound(p.byteLine, rel);
    const text = this.lineText(pos.line);
    for (; i < p.bytes.length && p.byteLine[i] === rel; i++) {
      const col = p.byteCol[i]!;
      const w = byteTextWidth(text, col);
      if (pos.character >= col && pos.character < col + w) return { packet: pi, byte: i };
      if (col > pos.character) break;
    }
    return undefined;
  }

  /** Text range from the first digit of byte `from` to the last digit of byte `to - 1` (may span lines). */
  rangeOfBytes(packet: number, from: number, to: number): Range | undefined {
    const p = this.packets[packet];
    if (!p || p.bytes.length === 0) return undefined;
    const a = Math.max(0, Math.min(from, p.bytes.length - 1));
    const b = Math.max(a, Math.min(to - 1, p.bytes.length - 1));
    const startLine = p.firstLine + p.byteLine[a]!;
    const endLine = p.firstLine + p.byteLine[b]!;
    const endCol = p.byteCol[b]!;
    return {
      start: { line: startLine, character: p.byteCol[a]! },
      end: { line: endLine, character: endCol + byteTextWidth(this.lineText(endLine), endCol) },
    };
  }

  /** Per-line pieces of a byte range (for semantic tokens, which cannot span lines). */
  linePieces(packet: number, from: number, to: number, out: { line: number; start: number; end: number }[]): void {
    const p = this.packets[packet];
    if (!p) return;
    const end = Math.min(to, p.bytes.length);
    let i = Math.max(0, from);
    while (i < end) {
      const rel = p.byteLine[i]!;
      const line = p.firstLine + rel;
      const start = p.byteCol[i]!;
      let j = i;
      while (j + 1 < end && p.byteLine[j + 1] === rel) j++;
      const lastCol = p.byteCol[j]!;
      out.push({ line, start, end: lastCol + byteTextWidth(this.lineText(line), lastCol) });
      i = j + 1;
    }
  }

  /** Bytes of a packet that sit on lines [fromLine, toLine] (absolute), as [first, end). */
  bytesOnLines(packet: number, fromLine: number, toLine: number): [number, number] {
    const p = this.packets[packet]!;
    const a = lowerBound(p.byteLine, fromLine - p.firstLine);
    const b = lowerBound(p.byteLine, toLine - p.firstLine + 1);
    return [a, b];
  }
}

/**
 * Columns of the text a byte came from: two hex digits, but one for the `*` of a repeat line and for a byte written
 * with a single digit (an odd digit count, "0x0" at the end of a C array).
 */
function byteTextWidth(text: string, col: number): number {
  if (text[col] === '*') return 1;
  return isHexDigit(text.charCodeAt(col + 1)) ? 2 : 1;
}

function clampPos(p: Position, lines: readonly string[]): Position {
  const line = Math.max(0, Math.min(p.line, lines.length - 1));
  const character = Math.max(0, Math.min(p.character, lines[line]!.length));
  return { line, character };
}

/** Array.prototype.splice with a large insert list (spread would overflow the call stack). */
function spliceLarge(arr: string[], start: number, remove: number, insert: string[]): void {
  if (insert.length < 10000) {
    arr.splice(start, remove, ...insert);
    return;
  }
  const tail = arr.splice(start + remove);
  arr.length = start;
  for (const x of insert) arr.push(x);
  for (const x of tail) arr.push(x);
}

export function packetIndexAt(packets: readonly TextPacket[], line: number): number {
  let lo = 0;
  let hi = packets.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (packets[mid]!.firstLine <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** First index whose value is >= v, in a non-decreasing array. */
function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
