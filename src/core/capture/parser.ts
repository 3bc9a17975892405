/**
 * The synchronous push parser for an uncompressed capture stream: it judges the format on the first bytes (pcap or
 * pcapng magic, else a text hex dump), then hands each chunk to that format's parser. It holds only the bytes of the
 * record or block in progress (bounded: see PCAP_MAX_RECORD and PCAPNG_MAX_BLOCK), never the whole capture.
 * gzip is undone before this parser (stream-reader.ts, read.ts).
 */
import { problem } from '../problems';
import { ByteQueue } from './byte-queue';
import { hexBytes, type CaptureSink, type FormatParser, type ParseContext } from './format-parser';
import type { HexDumpStream } from './hexdump';
import { PcapParser, pcapMagic } from './pcap';
import { PCAPNG_SHB, PcapngParser } from './pcapng';
import type { CaptureFormat, CaptureInfo } from './types';

/** How much of a file that is not a binary capture is looked at to judge whether it is a hex dump. */
export const HEXDUMP_SNIFF_BYTES = 64 * 1024;

export interface CaptureParserOptions {
  /** The bytes are the uncompressed content of a gzip file (problems then say "the uncompressed data"). */
  compressed?: boolean;
}

export class CaptureParser {
  private readonly queue = new ByteQueue();
  private parser: FormatParser | undefined;
  private hexDump: HexDumpStream | undefined;
  private format: CaptureFormat | undefined;
  /** The format could not be recognised: the rest is ignored. */
  private rejected = false;
  private ended = false;
  private frames = 0;
  private packets = 0;
  private received = 0;
  private readonly compressed: boolean;
  private readonly sink: CaptureSink;

  constructor(sink: CaptureSink, opts: CaptureParserOptions = {}) {
    this.compressed = opts.compressed ?? false;
    // Count packets on their way through, whichever format parser (or the hex-dump reader) made them.
    this.sink = {
      packet: (p) => {
        this.packets++;
        sink.packet(p);
      },
      problem: (p) => sink.problem(p),
    };
    if (sink.unwanted) {
      const unwanted = sink.unwanted.bind(sink);
      this.sink.unwanted = (frame, linkType, bytes, start, end) => {
        if (!unwanted(frame, linkType, bytes, start, end)) return false;
        this.packets++;
        return true;
      };
    }
  }

  /** Bytes pushed so far. */
  get bytesReceived(): number {
    return this.received;
  }

  /**
   * Reads the packets a chunk completes. With `reused`, the caller overwrites the chunk after this call, so nothing
   * of it is kept: the part of a record it starts is copied (the packets handed out are views that are only valid
   * during their sink call, as always).
   */
  push(chunk: Uint8Array, reused = false): void {
    if (this.ended || chunk.length === 0) return;
    this.received += chunk.length;
    if (this.rejected || this.parser?.stopped) return;
    if (this.hexDump) return this.hexDump.push(chunk);
    this.queue.append(chunk);
    if (this.format || this.judge(false)) {
      this.parser?.read(this.queue);
      if (this.parser?.stopped) this.queue.skip(this.queue.length);
    }
    if (reused) this.queue.release(chunk.buffer);
  }

  /** Ends the stream: reports a record left unfinished. Returns what was read, or undefined if not a capture. */
  end(): CaptureInfo | undefined {
    if (!this.ended) {
      this.ended = true;
      if (!this.format && !this.rejected) this.judge(true);
      if (this.hexDump) this.hexDump.end();
      else if (this.parser && !this.parser.stopped) {
        this.parser.read(this.queue);
        this.parser.finish(this.queue);
      }
    }
    if (!this.format) return undefined;
    const info: CaptureInfo = { format: this.format, compressed: this.compressed, packets: this.packets, bytes: this.received };
    if (this.hexDump?.format) info.hexDumpFormat = this.hexDump.format;
    return info;
  }

  /** Decides the format from the bytes held; false while more bytes are needed to tell. */
  private judge(atEnd: boolean): boolean {
    const q = this.queue;
    if (q.length < 4 && !atEnd) return false;
    const head = q.peek(Math.min(4, q.length))!;
    const ctx: ParseContext = {
      sink: this.sink,
      nextFrame: () => ++this.frames,
      streamName: this.compressed ? 'the uncompressed data' : 'the file',
    };
    if (head.length === 4) {
      const magic = pcapMagic(head);
      if (magic) return this.choose('pcap', new PcapParser(ctx, magic));
      if ((head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0 === PCAPNG_SHB) return this.choose('pcapng', new PcapngParser(ctx));
    }
    if (head[0] === 0x1f && head[1] === 0x8b) return this.reject(this.compressed ? 'gzip data inside a gzip file is not read' : 'gzip data reached the parser without being uncompressed');
    // Text: look at the first 64 KiB (one byte more tells the sniffer that its last line may be cut).
    if (q.length <= HEXDUMP_SNIFF_BYTES && !atEnd) return false;
    const sniff = q.peek(Math.min(q.length, HEXDUMP_SNIFF_BYTES + 1))!;
    // Loaded only for text input: most runs read binary captures and need none of the hex-dump readers.
    const hexdump = require('./hexdump') as typeof import('./hexdump');
    if (hexdump.looksLikeHexDump(sniff)) {
      this.format = 'hexdump';
      this.hexDump = new hexdump.HexDumpStream(this.sink);
      for (const c of q.drain()) this.hexDump.push(c);
      return false;
    }
    if (q.length === 0) return this.reject(`${this.compressed ? 'the uncompressed data is' : 'the file is'} empty`);
    const shown = hexBytes(q.peek(Math.min(8, q.length))!);
    return this.reject(`not a pcap, pcapng, gzip or hex dump file (it starts with ${shown})`);
  }

  private choose(format: CaptureFormat, parser: FormatParser): boolean {
    this.format = format;
    this.parser = parser;
    return true;
  }

  private reject(why: string): boolean {
    this.rejected = true;
    this.sink.problem(problem('capture.unknown-format', why, { offset: 0 }));
    this.queue.skip(this.queue.length);
    return false;
  }
}
