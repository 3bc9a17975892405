/**
 * The text decode of a whole capture, as `sccp-dissect decode --format text` prints it: each message's text tree,
 * a blank line between messages, and a line per TLS connection where it begins.
 */
import { messageToText } from '../../core/export/message-text';
import type { SccpMessage } from '../../core/sccp/message';

export interface TlsLine {
  stream: number;
  firstFrame: number;
  summary: string;
}

export function decodedText(messages: readonly SccpMessage[], tls: readonly TlsLine[] = []): string {
  const pending = [...tls].sort((a, b) => a.firstFrame - b.firstFrame || a.stream - b.stream);
  const parts: string[] = [];
  let count = 0;
  let next = 0;
  // As the CLI writes it: a blank line before anything that follows a message.
  const push = (text: string) => parts.push(`${count ? '\n' : ''}${text}\n`);
  const flushTls = (beforeFrame: number) => {
    while (next < pending.length && pending[next]!.firstFrame <= beforeFrame) {
      const r = pending[next++]!;
      push(`TLS stream ${r.stream}, from frame ${r.firstFrame}: ${r.summary}`);
    }
  };
  for (const m of messages) {
    flushTls(m.frame);
    push(messageToText(m));
    count++;
  }
  flushTls(Infinity);
  return parts.join('');
}
