/**
 * Hex dumps as captures: plain hex, C arrays, xxd, hexdump -C, od -Ax -tx1, tcpdump -x/-xx/-X/-XX and Wireshark's
 * hex dump (text2pcap input). See docs/hexdump.md.
 */
import type { Problem } from '../../problems';
import type { CapturedPacket } from '../types';
import type { BlockContent } from './content';
import { DETECTION_LINES, detectFormat } from './detect-format';
import { HexDumpParser } from './parse';
import { TextPacketConverter, type PacketSink } from './to-packets';
import type { HexDumpFormat, TextPacket } from './types';

export { classifyBlock, splitMessages, type BlockContent, type MessageSpan } from './content';
export { detectFormat } from './detect-format';
export { HexDumpParser, formatName, parseHexDump, parseHexDumpLines, splitLines } from './parse';
export type { HexDumpFormat, HexDumpParse, LineStyle, TextPacket, TextProblem, TextTimestamp } from './types';

export interface HexDumpRead {
  format: HexDumpFormat;
  packets: CapturedPacket[];
  problems: Problem[];
  /** What each non-empty block of the dump held. */
  contents: BlockContent[];
}

/**
 * Reads a hex dump pushed in chunks (of a file's bytes): lines are read as they complete, the format is judged on
 * the first lines, then packets go to the sink as soon as each is complete. Memory: one packet plus one line.
 * Bytes are read as Latin-1, so that character offsets are byte offsets in the file.
 */
export class HexDumpStream {
  private parser: HexDumpParser | undefined;
  private readonly converter: TextPacketConverter;
  private partial = '';
  private lineNo = 0;
  private byteOffset = 0;
  /** Lines waiting for the format to be judged. */
  private held: string[] = [];
  /** Start offsets of the lines from `offsetsBase` on (those of the packet being read, and later ones). */
  private offsets: number[] = [];
  private offsetsBase = 0;
  private ended = false;
  format: HexDumpFormat | undefined;

  constructor(sink: PacketSink) {
    this.converter = new TextPacketConverter(sink);
  }

  get contents(): readonly BlockContent[] {
    return this.converter.contents;
  }

  push(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0) return;
    let text = this.partial + latin1(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.acceptLine(text.slice(start, nl), nl - start + 1);
      start = nl + 1;
    }
    text = text.slice(start);
    this.partial = text;
  }

  end(): void {
    if (this.ended) return;
    this.acceptLine(this.partial, this.partial.length);
    this.partial = '';
    if (!this.parser) this.startParser();
    this.parser!.finish(this.lineNo);
    this.ended = true;
  }

  private acceptLine(line: string, consumed: number): void {
    this.offsets.push(this.byteOffset);
    this.byteOffset += consumed;
    if (!this.parser) {
      this.held.push(line);
      this.lineNo++;
      if (this.held.length >= DETECTION_LINES) this.startParser();
      return;
    }
    this.parser.line(this.lineNo++, line);
    this.trimOffsets();
  }

  private startParser(): void {
    this.format = detectFormat(this.held);
    this.parser = new HexDumpParser(this.format, (p) => this.converter.convert(p, (n) => this.lineOffset(n)));
    const held = this.held;
    this.held = [];
    for (let i = 0; i < held.length; i++) this.parser.line(i, held[i]!);
    this.trimOffsets();
  }

  private lineOffset(n: number): number {
    return this.offsets[n - this.offsetsBase] ?? this.byteOffset;
  }

  private trimOffsets(): void {
    const keepFrom = this.parser!.openPacketStart;
    const drop = keepFrom - this.offsetsBase;
    if (drop > 4096) {
      this.offsets = this.offsets.slice(drop);
      this.offsetsBase = keepFrom;
    }
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** Reads a whole hex dump given as bytes (a file's contents). */
export function readHexDumpBytes(bytes: Uint8Array): HexDumpRead {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const s = new HexDumpStream({ packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  s.push(bytes);
  s.end();
  return { format: s.format ?? 'plain', packets, problems, contents: [...s.contents] };
}

/** Reads a hex dump given as text (offsets in problems count UTF-16 code units). */
export function readHexDumpText(text: string): HexDumpRead {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const converter = new TextPacketConverter({ packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
  const format = detectFormat(lines);
  const parser = new HexDumpParser(format, (p: TextPacket) => converter.convert(p, (n) => starts[n] ?? at));
  for (let i = 0; i < lines.length; i++) parser.line(i, lines[i]!);
  parser.finish(lines.length);
  return { format, packets, problems, contents: [...converter.contents] };
}

/**
 * Whether the start of a file is a hex dump: text (no NUL, few control characters) in which at least a few bytes'
 * worth of hex appear on data lines. Meant for files that are neither pcap, pcapng nor gzip.
 */
export function looksLikeHexDump(head: Uint8Array): boolean {
  const n = Math.min(head.length, 64 * 1024);
  if (n === 0) return false;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 0) return false;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) odd++;
  }
  if (odd * 100 > n) return false;
  let text = latin1(head.subarray(0, n));
  // The last line may be cut by the sniffing window.
  if (n < head.length) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  let bytes = 0;
  let bad = 0;
  const parser = new HexDumpParser(detectFormat(text.split('\n')), (p) => {
    bytes += p.bytes.length;
    bad += p.problems.filter((x) => x.kind === 'bad-character').length;
  });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) parser.line(i, lines[i]!);
  parser.finish(lines.length);
  return bytes >= 8 && bad * 4 <= Math.max(1, bytes / 16);
}
