/**
 * Bytes as a hex dump in `hexdump -C` layout (8-digit offset, 16 bytes with a gap after 8, ASCII between bars, the
 * length on the last line), with `#` comment lines above: the layout the `sccp-hex` language colours and the hex-dump
 * reader reads back (each `#` block is one packet).
 */
import type { SccpMessage } from '../sccp/message';
import { printable } from './message-text';

export function formatHexDump(bytes: Uint8Array, comments: readonly string[] = []): string {
  const lines: string[] = comments.map((c) => `# ${printable(c).replace(/\n/g, ' ')}`);
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, Math.min(bytes.length, at + 16));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      if (i < row.length) {
        const b = row[i]!;
        hex += `${b.toString(16).padStart(2, '0')} `;
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
    }
    lines.push(`${offset(at)}  ${hex} |${ascii}|`);
  }
  lines.push(offset(bytes.length));
  return lines.join('\n') + '\n';
}

function offset(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** One message with what the capture said about it, ready to open as an `sccp-hex` document. */
export function messageHexDump(m: SccpMessage): string {
  const dir = m.direction === 'station-to-callmanager' ? 'station -> CallManager' : m.direction === 'callmanager-to-station' ? 'CallManager -> station' : 'direction unknown';
  const ep = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  return formatHexDump(m.bytes, [
    `${m.name} (${m.idHex}), frame ${m.frame}${m.frames.length > 1 ? ` (frames ${m.frames.join(', ')})` : ''}, ${m.time}`,
    `${ep(m.src, m.srcPort)} -> ${ep(m.dst, m.dstPort)} (${dir}), TCP stream ${m.stream}, ${m.bytes.length} bytes of SCCP`,
  ]);
}

/** Several messages, one block each, separated by a blank line. */
export function messagesHexDump(ms: readonly SccpMessage[]): string {
  return ms.map(messageHexDump).join('\n');
}
