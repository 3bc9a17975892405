/**
 * Writes a value as `JSON.stringify(value, null, 2)` would, byte for byte, but in pieces: the top levels are walked
 * here and only their members are stringified, so a large document (the calls of a 1 GB capture) never exists as one
 * string. Handles plain data only (no toJSON, no replacer), which is what our documents are.
 */
export function writePrettyJson(value: unknown, write: (text: string) => void, walkDepth = 2): void {
  writeValue(value, write, '', walkDepth);
  write('\n');
}

function writeValue(value: unknown, write: (text: string) => void, indent: string, depth: number): void {
  if (depth <= 0 || value === null || typeof value !== 'object') {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    write(indent === '' ? text : text.replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return write('[]');
    write('[');
    value.forEach((item, i) => {
      write(i === 0 ? `\n${inner}` : `,\n${inner}`);
      // JSON.stringify writes null for array holes, undefined and functions.
      writeValue(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, write, inner, depth - 1);
    });
    write(`\n${indent}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return write('{}');
  write('{');
  entries.forEach(([key, v], i) => {
    write(`${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
    writeValue(v, write, inner, depth - 1);
  });
  write(`\n${indent}}`);
}
