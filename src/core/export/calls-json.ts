/**
 * The calls document of a capture, and its JSON. The document is deterministic: the same capture and options give
 * the same bytes (arrays in capture order or sorted, no wall-clock time, the file's base name only, times as
 * seconds from the capture's first packet rounded to the microsecond).
 */
import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import { CallAnalyzer } from '../analysis/analyzer';
import type { CallsDocument } from '../analysis/document';
import type { AnalyzerOptions } from '../analysis/options';
import { CaptureParser, readCaptureBytes, readCaptureFile, type CaptureSink } from '../capture';
import type { Problem } from '../problems';
import { SccpSession, type SessionOptions } from '../session';

export interface CallsOptions {
  session?: SessionOptions;
  analyzer?: AnalyzerOptions;
}

/** The analyzer and session wired together, and the capture sink that feeds both. */
function pipeline(opts: CallsOptions): { analyzer: CallAnalyzer; session: SccpSession; sink: CaptureSink } {
  const analyzer = new CallAnalyzer(opts.analyzer);
  const session = new SccpSession(
    {
      message: (m) => analyzer.message(m),
      problem: (p) => analyzer.problem(p),
      connection: (c) => analyzer.connection(c),
      datagram: (d) => analyzer.datagram(d),
    },
    opts.session,
  );
  const sink: CaptureSink = {
    packet: (p) => {
      analyzer.packet(p);
      session.packet(p);
    },
    problem: (p: Problem) => analyzer.problem(p),
  };
  return { analyzer, session, sink };
}

/** Runs the whole pipeline (capture reader, session, analyzer) over a capture held in memory. */
export function analyzeCaptureBytes(bytes: Uint8Array, name: string, opts: CallsOptions = {}): CallsDocument {
  const { analyzer, session, sink } = pipeline(opts);
  const info = readCaptureBytes(bytes, sink);
  session.finish();
  return analyzer.result({ name: basename(name), format: info?.format ?? 'unknown', compressed: info?.compressed ?? false, size: bytes.length });
}

/**
 * The same over an uncompressed capture arriving in chunks of any size (a worker reading a file piece by piece):
 * the document does not depend on where the chunks were cut.
 */
export function analyzeCaptureChunks(chunks: Iterable<Uint8Array>, name: string, opts: CallsOptions = {}): CallsDocument {
  const { analyzer, session, sink } = pipeline(opts);
  const parser = new CaptureParser(sink);
  for (const chunk of chunks) parser.push(chunk);
  const info = parser.end();
  session.finish();
  return analyzer.result({ name: basename(name), format: info?.format ?? 'unknown', compressed: false, size: parser.bytesReceived });
}

/** The same over a file, read as the capture reader reads it (streaming where it can). */
export async function analyzeCaptureFile(path: string, opts: CallsOptions = {}): Promise<CallsDocument> {
  const { size } = await stat(path);
  const { analyzer, session, sink } = pipeline(opts);
  const info = await readCaptureFile(path, sink);
  session.finish();
  return analyzer.result({ name: basename(path), format: info?.format ?? 'unknown', compressed: info?.compressed ?? false, size });
}

/** The document as JSON text: two-space indentation, one trailing newline. */
export function callsJson(doc: CallsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
