import type { FieldNode, SccpMessage } from '../sccp/message';

/** A readable multi-line tree of one message, for terminals and "Open Decoded as Text". */
export function messageToText(m: SccpMessage): string {
  const dir = m.direction === 'station-to-callmanager' ? 'station -> CallManager' : m.direction === 'callmanager-to-station' ? 'CallManager -> station' : '';
  const lines: string[] = [];
  const frames = m.frames.length > 1 ? ` (frames ${m.frames.join(', ')})` : '';
  lines.push(`Frame ${m.frame}${frames}  ${m.time}  stream ${m.stream}  ${endpoint(m.src, m.srcPort)} -> ${endpoint(m.dst, m.dstPort)}  ${dir}${m.tls ? '  (read through NULL-cipher TLS: not encrypted)' : ''}`);
  lines.push(`  ${m.name} (${m.idHex})  header ${m.headerVersion === 0 ? 'Basic' : `V${m.headerVersion}`}  length ${m.length}`);
  for (const f of m.fields.slice(3)) renderField(f, '    ', lines);
  for (const e of m.media) {
    const ids = Object.entries(e)
      .filter(([k]) => k !== 'role' && k !== 'ip' && k !== 'port')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  media: ${e.role} ${e.ip !== undefined ? endpoint(e.ip, e.port) : `port ${e.port}`}${ids ? ` ${ids}` : ''}`);
  }
  for (const p of m.problems) lines.push(`  problem: ${p.message}${p.offset !== undefined ? ` (at byte ${p.offset})` : ''}`);
  return lines.join('\n');
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Control characters and other invisibles are shown escaped, so a hostile string cannot move the cursor. */
export function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A field's value as the text tree shows it after the name: ": label (n)", ": text", " (summary)" or ''. */
export function fieldValueText(f: FieldNode): string {
  if (f.value === null) return f.display ? ` (${printable(f.display)})` : '';
  if (typeof f.value === 'string') return `: ${JSON.stringify(printable(f.value)).slice(1, -1)}`;
  return f.display !== undefined ? `: ${printable(f.display)} (${f.value})` : `: ${f.value}`;
}

function renderField(f: FieldNode, indent: string, out: string[]): void {
  out.push(`${indent}${f.name}${fieldValueText(f)}  [${f.offset}+${f.length}]`);
  for (const c of f.children ?? []) renderField(c, indent + '  ', out);
}
