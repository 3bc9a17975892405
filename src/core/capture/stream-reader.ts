/**
 * The streaming capture reader: push a file's bytes in chunks of any size; gzip (detected by its magic on the first
 * two bytes, not by the file name) is undone on the way through node:zlib's streaming inflate, then the capture
 * parser reads the packets. Memory: one record or block plus zlib's window and buffers, whatever the file's size.
 *
 * For a gzip file, CapturedPacket.fileOffset and problem offsets count bytes of the uncompressed stream (the offset a
 * reader of the `gunzip`ped file would see), since a position in the compressed bytes cannot be paged back to.
 */
import { once } from 'node:events';
import { createGunzip, type Gunzip } from 'node:zlib';
import { problem } from '../problems';
import type { CaptureSink } from './format-parser';
import { CaptureParser } from './parser';
import type { CaptureInfo } from './types';

export class CaptureStreamReader {
  private parser: CaptureParser | undefined;
  private gunzip: Gunzip | undefined;
  private gunzipDone: Promise<void> | undefined;
  /** The first byte, held until the second tells whether the file is gzip. */
  private first: Uint8Array | undefined;
  private ended = false;
  private aborted = false;

  constructor(private readonly sink: CaptureSink) {}

  /**
   * Takes the next chunk. Returns false when the inflater is holding enough already: await `ready()` before pushing
   * more (like a Writable's backpressure). Plain files are read synchronously, within this call. With `reused`, the
   * caller overwrites the chunk after this call, and nothing keeps a reference to it.
   */
  push(chunk: Uint8Array, reused = false): boolean {
    if (this.ended || chunk.length === 0) return true;
    if (!this.parser) {
      if (!this.first && chunk.length < 2) {
        this.first = chunk.slice();
        return true;
      }
      if (this.first) {
        const joined = new Uint8Array(1 + chunk.length);
        joined.set(this.first, 0);
        joined.set(chunk, 1);
        this.first = undefined;
        chunk = joined;
      }
      this.start(chunk[0] === 0x1f && chunk[1] === 0x8b);
    }
    if (!this.gunzip) {
      this.parser!.push(chunk, reused);
      return true;
    }
    if (this.gunzip.destroyed) return true;
    // The inflater works on the chunk later, on its own: it gets a copy of a buffer that is about to be reused.
    return this.gunzip.write(reused ? chunk.slice() : chunk);
  }

  /** Resolves when the inflater can take more input (at once for a plain file). */
  async ready(): Promise<void> {
    const z = this.gunzip;
    if (!z || z.destroyed || !z.writableNeedDrain) return;
    await Promise.race([once(z, 'drain'), this.gunzipDone]);
  }

  /** Ends the input; resolves, once the inflater has flushed, with what was read (undefined if not a capture). */
  async end(): Promise<CaptureInfo | undefined> {
    if (!this.ended) {
      this.ended = true;
      if (!this.parser) this.start(false);
      if (this.first) this.parser!.push(this.first);
      if (this.gunzip) {
        if (!this.gunzip.destroyed) this.gunzip.end();
        await this.gunzipDone;
      }
    }
    return this.parser!.end();
  }

  /** Gives up on the input (the caller could not read the rest): frees the inflater, reports nothing. */
  abort(): void {
    this.ended = true;
    this.aborted = true;
    this.gunzip?.destroy();
  }

  private start(gzip: boolean): void {
    const parser = new CaptureParser(this.sink, { compressed: gzip });
    this.parser = parser;
    if (!gzip) return;
    const z = createGunzip();
    this.gunzip = z;
    z.on('data', (c: Buffer) => parser.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
    this.gunzipDone = new Promise((resolve) => {
      z.on('end', resolve);
      z.on('close', resolve);
      z.on('error', (e: NodeJS.ErrnoException) => {
        if (!this.aborted) this.sink.problem(gzipProblem(e, parser.bytesReceived));
        resolve();
      });
    });
  }
}

/** The problem for a gzip stream that failed after `uncompressed` bytes came out of it. */
export function gzipProblem(e: NodeJS.ErrnoException, uncompressed: number): ReturnType<typeof problem> {
  const early = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
  const message = early
    ? `the gzip stream ends early, after ${uncompressed} uncompressed byte(s)`
    : `the gzip stream is corrupt after ${uncompressed} uncompressed byte(s) (${e.message})`;
  return problem('capture.gzip', message, { offset: uncompressed });
}
