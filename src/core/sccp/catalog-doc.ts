import { CATALOG } from './catalog';
import type { MessageDef } from './catalog/types';
import type { FieldSpec } from './layout';
import { idHex } from './header';

const DIRECTION: Record<MessageDef['direction'], string> = {
  'station-to-callmanager': 'station → CallManager',
  'callmanager-to-station': 'CallManager → station',
  either: 'either way',
};

const JUNOS: Record<NonNullable<MessageDef['junos']>, string> = {
  registration: 'registration (table 77)',
  'station-to-callmanager': 'station to CallManager (table 78)',
  'callmanager-to-station': 'CallManager to station (table 79)',
  'cm4-post-sccp62-station': 'CallManager 4.0 / post-SCCP 6.2, station side (table 80)',
  'cm4-post-sccp62-callmanager': 'CallManager 4.0 / post-SCCP 6.2, CallManager side (table 81)',
};

export function directionLabel(d: MessageDef['direction']): string {
  return DIRECTION[d];
}

export function junosLabel(t: NonNullable<MessageDef['junos']>): string {
  return JUNOS[t];
}

/** Version conditions and nesting of a layout, as short text lines (for docs and hovers). */
export function describeLayout(specs: readonly FieldSpec[], indent = ''): string[] {
  const out: string[] = [];
  for (const s of specs) {
    switch (s.kind) {
      case 'when': {
        const c = s.cond;
        const parts: string[] = [];
        if (c.minVersion !== undefined) parts.push(`version ≥ ${c.minVersion}`);
        if (c.maxVersion !== undefined) parts.push(`version ≤ ${c.maxVersion}`);
        if (c.lengthGreaterThan !== undefined) parts.push(`length > ${c.lengthGreaterThan}`);
        if (c.lengthLessThan !== undefined) parts.push(`length < ${c.lengthLessThan}`);
        if (c.fieldIs) parts.push(`${c.fieldIs.name} ∈ {${c.fieldIs.values.join(', ')}}`);
        if (c.fieldIsNot) parts.push(`${c.fieldIsNot.name} ∉ {${c.fieldIsNot.values.join(', ')}}`);
        out.push(`${indent}when ${parts.join(' and ')}:`);
        out.push(...describeLayout(s.fields, indent + '  '));
        break;
      }
      case 'struct':
        out.push(`${indent}${s.name} {`);
        out.push(...describeLayout(s.fields, indent + '  '));
        out.push(`${indent}}`);
        break;
      case 'array':
        out.push(`${indent}${s.name}[${typeof s.count === 'number' ? s.count : s.count.field}, max ${s.max}] {`);
        out.push(...describeLayout(s.element, indent + '  '));
        out.push(`${indent}}`);
        break;
      case 'union':
        out.push(`${indent}${s.name}: one of, by ${s.selector}`);
        for (const c of s.cases) {
          out.push(`${indent}  ${c.values === '*' ? 'otherwise' : c.values.join(', ')}:`);
          out.push(...describeLayout(c.fields, indent + '    '));
        }
        break;
      case 'align':
        out.push(`${indent}(align to ${s.to})`);
        break;
      case 'skip':
        out.push(`${indent}(${typeof s.size === 'number' ? s.size : s.size.field} reserved bytes)`);
        break;
      default:
        out.push(`${indent}${s.name}: ${typeText(s)}`);
    }
  }
  return out;
}

function typeText(s: FieldSpec): string {
  switch (s.kind) {
    case 'uint':
      return `uint${s.size * 8}${s.labels ? ' (enum)' : ''}`;
    case 'int':
      return 'int32';
    case 'flags':
      return `${s.size * 8}-bit flags`;
    case 'string':
      return s.variable ? 'string (NUL-terminated)' : `char[${typeof s.size === 'number' ? s.size : s.size ? s.size.field : '…'}]`;
    case 'ipv4':
      return 'IPv4 address';
    case 'ipv6':
      return 'IPv6 address';
    case 'ipv4or6':
      return 'IPv4 (before v17) or IPv4/IPv6 (v17 on)';
    case 'ether':
      return 'MAC address';
    case 'bytes':
      return 'bytes';
    case 'xml':
      return 'XML text';
    default:
      return s.kind;
  }
}

/** docs/messages.md: one section per message, generated from the catalog (`npm run docs`). */
export function catalogMarkdown(): string {
  const lines: string[] = [
    '# SCCP messages',
    '',
    'Generated from the message catalog (`src/core/sccp/catalog/`) by `npm run docs`; do not edit by hand.',
    `${CATALOG.length} message IDs. Field names are Wireshark's skinny field names without the \`skinny.\` prefix.`,
    '',
    '| ID | name | direction | class | group | ALG |',
    '|---|---|---|---|---|---|',
  ];
  for (const d of CATALOG) {
    lines.push(`| ${idHex(d.id)} | [${d.name}](#${d.name.toLowerCase()}) | ${DIRECTION[d.direction]} | ${d.class} | ${d.group} | ${d.media ? 'media' : d.junos ? 'listed' : ''} |`);
  }
  for (const d of CATALOG) {
    lines.push('', `## ${d.name}`, '', `\`${idHex(d.id)}\`, ${DIRECTION[d.direction]}, ${d.class}, ${d.group}.`);
    if (d.partner !== undefined) lines.push(`Partner: ${idHex(d.partner)}.`);
    lines.push('', d.purpose);
    if (d.junos) lines.push('', `JUNOS SCCP ALG: ${JUNOS[d.junos]}.`);
    if (d.media) lines.push('', `Media addresses: ${d.media.map((m) => `${m.role} (${[m.ip, m.port].filter(Boolean).join(':')})`).join('; ')}.`);
    if (d.fields && d.fields.length && d.bodyKnown !== false) lines.push('', '```', ...describeLayout(d.fields), '```');
    else if (d.bodyKnown === false) lines.push('', 'Body: not documented by any public source; shown as bytes.');
    else lines.push('', 'No body.');
    lines.push('', `Source: ${d.source}.`);
  }
  return lines.join('\n') + '\n';
}
