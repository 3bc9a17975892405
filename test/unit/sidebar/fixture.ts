/** Decodes a shared capture through the core, as the extension's worker does, for the sidebar tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallsDocument } from '../../../src/core/analysis/document';
import { readCaptureBytes } from '../../../src/core/capture';
import { analyzeCaptureBytes } from '../../../src/core/export/calls-json';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession, type SccpTlsReport } from '../../../src/core/session';

export const CAPTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'captures');

export interface Decoded {
  messages: SccpMessage[];
  /** The latest TLS report per stream (as the capture editor's model keeps them). */
  tls: SccpTlsReport[];
  calls: CallsDocument;
}

const cache = new Map<string, Decoded>();

export function decodeFixture(name: string): Decoded {
  const hit = cache.get(name);
  if (hit) return hit;
  const bytes = new Uint8Array(readFileSync(join(CAPTURES, name)));
  const messages: SccpMessage[] = [];
  const tls = new Map<number, SccpTlsReport>();
  const session = new SccpSession({ message: (m) => messages.push(m), problem: () => {}, tls: (r) => tls.set(r.stream, r) });
  readCaptureBytes(bytes, { packet: (p) => session.packet(p), problem: () => {} });
  session.finish();
  const out = { messages, tls: [...tls.values()], calls: analyzeCaptureBytes(bytes, name) };
  cache.set(name, out);
  return out;
}
