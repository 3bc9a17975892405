import { parseArgs } from 'node:util';
import { writeSync } from 'node:fs';
import { CATALOG } from '../core/sccp/catalog';
import { catalogMarkdown, directionLabel } from '../core/sccp/catalog-doc';
import { idHex } from '../core/sccp/header';
import { Output } from './output';

/** `sccp-dissect catalog`: the message catalog as a table, JSON, or the Markdown of docs/messages.md. */
export async function catalogCommand(args: string[]): Promise<number> {
  let format: string;
  let outPath: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' } } });
    format = values.format ?? 'text';
    outPath = values.out;
  } catch (e) {
    writeSync(2, `sccp-dissect catalog: ${(e as Error).message} (try --help)\n`);
    return 2;
  }
  const out = new Output(outPath);
  switch (format) {
    case 'md':
      out.write(catalogMarkdown());
      break;
    case 'json':
      out.write(
        JSON.stringify(
          CATALOG.map(({ fields: _f, ...meta }) => ({ ...meta, idHex: idHex(meta.id) })),
          null,
          1,
        ) + '\n',
      );
      break;
    case 'text':
      for (const d of CATALOG) out.write(`${idHex(d.id)}  ${d.name.padEnd(40)} ${directionLabel(d.direction).padEnd(22)} ${d.class.padEnd(8)} ${d.group}\n`);
      break;
    default:
      out.close();
      writeSync(2, `sccp-dissect catalog: --format takes text, json or md, not '${format}'\n`);
      return 2;
  }
  out.close();
  return 0;
}
