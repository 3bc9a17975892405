/**
 * Splits a hex dump into packets, line by line. A packet starts at a header line that follows data (tcpdump's
 * summary line, a comment, a C declaration), at an offset of 0 after data (Wireshark, text2pcap), and in plain
 * dumps after a blank line. Nothing else carries over from one packet to the next, so a packet can be re-read on
 * its own (the language server re-reads only the packets an edit touches).
 */
import { detectFormat } from './detect-format';
import { classifyLine, readOffsetPrefix } from './line-scan';
import { REPEAT_BUDGET_BASE, REPEAT_BUDGET_PER_CHAR, buildBytes, type RepeatBudget, type Row } from './packet-bytes';
import { parseHeaderTimestamp } from './timestamps';
import type { HexDumpFormat, HexDumpParse, TextPacket, TextProblem, TextTimestamp } from './types';

interface Pending {
  firstLine: number;
  header?: string;
  timestamp?: TextTimestamp;
  rows: Row[];
  hasOffsetRows: boolean;
  /** A blank line followed the data (plain dumps: the packet is over). */
  ended: boolean;
  problems: TextProblem[];
}

export function usesGenericOffsets(format: HexDumpFormat): boolean {
  return format === 'hexdump-C' || format === 'od' || format === 'wireshark';
}

const FORMAT_NAMES: Record<HexDumpFormat, string> = {
  tcpdump: 'tcpdump',
  xxd: 'xxd',
  'hexdump-C': 'hexdump -C',
  od: 'od',
  wireshark: 'Wireshark hex dump',
  plain: 'plain hex',
};

export function formatName(format: HexDumpFormat): string {
  return FORMAT_NAMES[format];
}

/** Feed lines in order from a packet start (or line 0); packets come out as they complete. */
export class HexDumpParser {
  private cur: Pending;
  private readonly generic: boolean;
  /** Bytes `*` lines may still add: grows with the text read (packet-bytes.ts). */
  private readonly repeatBudget: RepeatBudget = { left: REPEAT_BUDGET_BASE };

  constructor(
    readonly format: HexDumpFormat,
    private readonly onPacket: (p: TextPacket) => void,
    startLine = 0,
  ) {
    this.generic = usesGenericOffsets(format);
    this.cur = fresh(startLine);
  }

  /** The line where the packet being read began. */
  get openPacketStart(): number {
    return this.cur.firstLine;
  }

  line(index: number, raw: string): void {
    this.repeatBudget.left += (raw.length + 1) * REPEAT_BUDGET_PER_CHAR;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const style = classifyLine(text, this.generic, this.format !== 'plain');
    const cur = this.cur;
    const hasData = cur.rows.length > 0;
    switch (style) {
      case 'blank':
        if (this.format === 'plain' && hasData) cur.ended = true;
        return;
      case 'header':
        if (hasData) this.startNew(index);
        this.cur.header ??= text.trim();
        this.cur.timestamp ??= parseHeaderTimestamp(text);
        return;
      case 'repeat':
        if (!hasData) {
          cur.problems.push({ kind: 'offset', line: index, column: text.indexOf('*'), width: 1, message: `'*' with no line before it to repeat` });
          return;
        }
        cur.rows.push({ kind: 'repeat', line: index, column: text.indexOf('*') });
        return;
      case 'plain':
        if (cur.ended) this.startNew(index);
        if (this.format !== 'plain') {
          this.cur.problems.push({
            kind: 'mixed-format',
            line: index,
            column: firstNonSpace(text),
            width: Math.max(1, text.trim().length),
            message: `this line has no offset, unlike the rest of this ${formatName(this.format)} dump: its bytes are appended where it stands`,
          });
        }
        this.cur.rows.push({ kind: 'plain', line: index, text });
        return;
      default: {
        const prefix = readOffsetPrefix(text, this.generic)!;
        if (cur.ended || (prefix.offset === 0 && cur.hasOffsetRows)) this.startNew(index);
        const expected = this.format === 'tcpdump' ? 'tcpdump' : this.format === 'xxd' ? 'xxd' : this.generic ? 'offset' : undefined;
        if (expected !== style) {
          this.cur.problems.push({
            kind: 'mixed-format',
            line: index,
            column: prefix.column,
            width: Math.max(1, prefix.end - prefix.column),
            message: `this line is in ${style === 'tcpdump' ? 'tcpdump' : style === 'xxd' ? 'xxd' : 'offset'} style, unlike the rest of this ${formatName(this.format)} dump: read as it stands`,
          });
        }
        this.cur.rows.push({ kind: 'offset', line: index, text, prefix });
        this.cur.hasOffsetRows = true;
      }
    }
  }

  /** End of the text (or of the window being re-read): `endLine` is the first line not fed. */
  finish(endLine: number): void {
    this.emit(endLine);
  }

  private startNew(line: number): void {
    this.emit(line);
    this.cur = fresh(line);
  }

  private emit(nextLine: number): void {
    const c = this.cur;
    const problems: TextProblem[] = c.problems;
    const built = buildBytes(c.rows, problems, this.repeatBudget);
    capProblems(problems);
    const first = c.firstLine;
    const lines = built.lines;
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]! - first;
    for (const p of problems) p.line -= first;
    const packet: TextPacket = {
      firstLine: first,
      lineCount: Math.max(1, nextLine - first),
      style: built.style,
      bytes: built.bytes,
      byteLine: lines,
      byteCol: built.cols,
      problems,
    };
    if (c.header !== undefined) packet.header = c.header;
    if (c.timestamp) packet.timestamp = c.timestamp;
    this.onPacket(packet);
  }
}

/**
 * Problems kept per packet: a block of text can hold a problem every other character (a line of "0 0 0 ..."), and
 * each costs a few hundred bytes here and again as an editor diagnostic. The rest are counted in one more problem.
 */
export const MAX_PROBLEMS_PER_PACKET = 256;

function capProblems(problems: TextProblem[]): void {
  if (problems.length <= MAX_PROBLEMS_PER_PACKET) return;
  const next = problems[MAX_PROBLEMS_PER_PACKET]!;
  const more = problems.length - MAX_PROBLEMS_PER_PACKET;
  problems.length = MAX_PROBLEMS_PER_PACKET;
  problems.push({ ...next, message: `${next.message} (and ${more - 1} more problem(s) in this block, not listed)` });
}

function fresh(firstLine: number): Pending {
  return { firstLine, rows: [], hasOffsetRows: false, ended: false, problems: [] };
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

/** Splits text into lines (LF or CRLF; a lone CR is kept as part of the line it is on). */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

/** Reads a whole dump: detects its format, then splits it into packets. Never throws. */
export function parseHexDump(text: string, format?: HexDumpFormat): HexDumpParse {
  const lines = splitLines(text);
  return parseHexDumpLines(lines, format);
}

export function parseHexDumpLines(lines: readonly string[], format: HexDumpFormat = detectFormat(lines)): HexDumpParse {
  const packets: TextPacket[] = [];
  const parser = new HexDumpParser(format, (p) => packets.push(p));
  for (let i = 0; i < lines.length; i++) parser.line(i, lines[i]!);
  parser.finish(lines.length);
  return { format, packets };
}
