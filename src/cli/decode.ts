import { writeSync } from 'node:fs';
import { readCaptureFile } from '../core/capture';
import { messageToJson } from '../core/export/message-json';
import { messageToText } from '../core/export/message-text';
import type { Problem } from '../core/problems';
import { SccpSession } from '../core/session';
import { Output } from './output';
import { cannotRead, captureCommandArgs, usage } from './options';

type Format = 'ndjson' | 'json' | 'text';

export async function decodeCommand(args: string[]): Promise<number> {
  const parsed = captureCommandArgs('decode', args, { format: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { file, values, session: opts } = parsed;
  const format = (values.format ?? 'ndjson') as Format;
  if (!['ndjson', 'json', 'text'].includes(format)) return usage('decode', `--format takes ndjson, json or text, not '${String(values.format)}'`);

  const out = new Output(values.out as string | undefined);
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
    await readCaptureFile(file, {
      packet: (p) => session.packet(p),
      problem: reportProblem,
      unwanted: (frame, linkType, bytes, start, end) => session.unwanted(frame, linkType, bytes, start, end),
    });
  } catch (e) {
    out.close();
    return cannotRead(file, e);
  }
  session.finish();
  if (format === 'json') out.write(count ? '\n]\n' : ']\n');
  out.close();
  return problems > 0 ? 1 : 0;
}
