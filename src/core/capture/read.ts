/**
 * Reading a whole capture: classic pcap (both byte orders, µs and ns), pcapng (sections in either byte order,
 * interfaces with their own link type, if_tsresol and if_tsoffset; Enhanced, Simple and obsolete Packet blocks) and
 * text hex dumps, each possibly gzip-compressed (detected by magic). For gzip files, offsets count bytes of the
 * uncompressed stream. Problems are reported to the sink; nothing here throws on bad input.
 */
import { createReadStream } from 'node:fs';
import { gunzipSync, constants as zc } from 'node:zlib';
import { CaptureParser } from './parser';
import { CaptureStreamReader, gzipProblem } from './stream-reader';
import type { CaptureSink } from './format-parser';
import type { CaptureInfo } from './types';

export type { CaptureSink } from './format-parser';
export { CaptureParser } from './parser';
export { CaptureStreamReader } from './stream-reader';

/** Size of the chunks a file is read in. */
export const READ_CHUNK = 256 * 1024;

/**
 * Reads a capture held in memory, synchronously (gzip through zlib's one-shot inflate). Returns what was read, or
 * undefined when the bytes are not a capture (the sink has then had a problem saying why).
 */
export function readCaptureBytes(input: Uint8Array, sink: CaptureSink): CaptureInfo | undefined {
  if (!(input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b)) {
    const parser = new CaptureParser(sink);
    parser.push(input);
    return parser.end();
  }
  const parser = new CaptureParser(sink, { compressed: true });
  let plain: Uint8Array;
  try {
    plain = gunzipSync(input);
  } catch (e) {
    // A cut or damaged stream: keep what inflates before the damage, then say where it stopped.
    let salvaged: Uint8Array = new Uint8Array(0);
    try {
      salvaged = gunzipSync(input, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch {
      // nothing could be inflated
    }
    parser.push(salvaged);
    sink.problem(gzipProblem(e as NodeJS.ErrnoException, salvaged.length));
    return salvaged.length > 0 ? parser.end() : undefined;
  }
  parser.push(plain);
  return parser.end();
}

/**
 * Reads a capture file as a stream (64 KiB chunks through the push parser): memory stays bounded by one record
 * whatever the file's size. Rejects only when the file cannot be read; bad content is reported to the sink.
 */
export async function readCaptureFile(path: string, sink: CaptureSink): Promise<CaptureInfo | undefined> {
  const reader = new CaptureStreamReader(sink);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      const b = chunk as Buffer;
      if (!reader.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))) await reader.ready();
    }
  } catch (e) {
    reader.abort();
    throw e;
  }
  return reader.end();
}
