import { problem, type Problem } from '../problems';
import type { ByteQueue } from './byte-queue';
import type { CapturedPacket } from './types';

/** Where a reader sends what it finds. */
export interface CaptureSink {
  packet(p: CapturedPacket): void;
  problem(p: Problem): void;
}

/** What a format parser shares with the capture parser that drives it. */
export interface ParseContext {
  readonly sink: CaptureSink;
  /** Numbers the next packet (1-based, across sections). */
  nextFrame(): number;
  /** How problems name the byte stream: "the file", or "the uncompressed data" for a gzip file. */
  readonly streamName: string;
}

/** A parser of one binary capture format, fed from a queue that holds the bytes not yet consumed. */
export interface FormatParser {
  /** Consumes every complete record/block the queue holds. */
  read(q: ByteQueue): void;
  /** At the end of the input: reports a record or block left unfinished (the queue holds its bytes). */
  finish(q: ByteQueue): void;
  /** True once the parser has given up on the rest of the stream (after a problem that says so). */
  readonly stopped: boolean;
}

export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Ends a resynchronisation that began at `from` after a damaged record or block: says how many bytes were skipped and
 * where reading resumes (the queue's front, when `found`), or that nothing intact followed (the rest is dropped).
 */
export function endResync(ctx: ParseContext, q: ByteQueue, from: number, unit: 'record' | 'block', found: boolean): void {
  const at = found ? q.offset : q.offset + q.length;
  const where = found ? `; reading resumes with the ${unit} at offset ${at}` : ` to the end: no intact ${unit} followed`;
  ctx.sink.problem(problem('capture.resync', `skipped ${at - from} damaged byte(s) from offset ${from}${where}`, { offset: from }));
  if (!found) q.skip(q.length);
}
