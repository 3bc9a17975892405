import { parseArgs } from 'node:util';
import { writeSync } from 'node:fs';
import { readCaptureFile } from '../core/capture';
import { messageToJson } from '../core/export/message-json';
import { messageToText } from '../core/export/message-text';
import type { Problem } from '../core/problems';
import { SccpSession } from '../core/session';
import { Output } from './output';
import { UsageError, sessionOptions } from './options';

type Format = 'ndjson' | 'json' | 'text';

export async function decodeCommand(args: string[]): Promise<number> {
  let values: { format?: string; out?: string; 'sccp-port'?: string[]; 'tls-port'?: string[] };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        'sccp-port': { type: 'string', multiple: true },
        'tls-port': { type: 'string', multiple: true },
      },
    }));
  } catch (e) {
    return usage((e as Error).message);
  }
  const format = (values.format ?? 'ndjson') as Format;
  if (!['ndjson', 'json', 'text'].includes(format)) return usage(`--format takes ndjson, json or text, not '${values.format}'`);
  if (positionals.length !== 1) return usage('decode takes exactly one capture file');
  const file = positionals[0]!;
  let opts;
  try {
    opts = sessionOptions(values);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }

  const out = new Output(values.out);
  let problems = 0;
  let count = 0;
  const reportProblem = (p: Problem) => {
    problems++;
    writeSync(2, `problem: ${p.frame !== undefined ? `frame ${p.frame}: ` : ''}${p.message} [${p.code}]\n`);
  };
  if (format === 'json') out.write('[');
  const session = new SccpSession(
    {
      message: (m) => {
        problems += m.problems.length;
        if (format === 'text') out.write(`${count ? '\n' : ''}${messageToText(m)}\n`);
        else if (format === 'json') out.write(`${count ? ',' : ''}\n${JSON.stringify(messageToJson(m))}`);
        else out.write(`${JSON.stringify(messageToJson(m))}\n`);
        count++;
      },
      problem: reportProblem,
      tls: (r) => {
        // A TLS connection is not a message: the text tree shows it in place, the JSON formats keep their one
        // object per message and say it on stderr (the problem list already names encrypted streams).
        const line = `TLS stream ${r.stream}, from frame ${r.firstFrame}: ${r.summary}`;
        if (format === 'text') out.write(`${count ? '\n' : ''}${line}\n`);
        else writeSync(2, `note: ${line}\n`);
      },
    },
    opts,
  );
  try {
    await readCaptureFile(file, { packet: (p) => session.packet(p), problem: reportProblem });
  } catch (e) {
    out.close();
    writeSync(2, `sccp-dissect: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  session.finish();
  if (format === 'json') out.write(count ? '\n]\n' : ']\n');
  out.close();
  return problems > 0 ? 1 : 0;
}

function usage(msg: string): number {
  writeSync(2, `sccp-dissect decode: ${msg} (try --help)\n`);
  return 2;
}
