/** The whole pipeline: the session (clear and TLS ports) and the calls export. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { analyzeCaptureBytes, callsJson } from '../../core/export/calls-json';
import { messageToJson } from '../../core/export/message-json';
import { messageToText } from '../../core/export/message-text';
import type { Problem } from '../../core/problems';
import { MAX_DATA_LENGTH } from '../../core/sccp/header';
import type { SccpMessage } from '../../core/sccp/message';
import { SccpSession, type SessionOptions } from '../../core/session';
import { checkFields, checkFiniteNumbers, checkProblem, ensure } from '../invariants';
import { mutateBytes } from '../mutate';
import { repoRoot } from '../corpus';
import { readChecked } from './capture';
import type { FuzzTarget } from '../target';

/** Runs a capture through a session and checks every message and problem; returns the messages. */
export function sessionChecked(input: Uint8Array, opts: SessionOptions, where: string): { messages: SccpMessage[]; problems: Problem[] } {
  const { packets } = readChecked(input, where);
  const messages: SccpMessage[] = [];
  const problems: Problem[] = [];
  const session = new SccpSession(
    {
      message: (m) => messages.push(m),
      problem: (p) => problems.push(p),
      tls: (r) => ensure(Number.isInteger(r.stream) && typeof r.summary === 'string', 'tls-report', () => `${where}: TLS report ${JSON.stringify(r).slice(0, 200)}`),
    },
    opts,
  );
  for (const p of packets) session.packet(p);
  session.finish();
  const maxFrame = packets.length;
  for (const m of messages) {
    const at = `${where} frame ${m.frame} stream ${m.stream} offset ${m.streamOffset}`;
    ensure(m.frame >= 1 && m.frame <= maxFrame, 'message-frame', () => `${at}: frame outside 1..${maxFrame}`);
    ensure(m.frames.length > 0 && m.frames.every((f) => f >= 1 && f <= maxFrame), 'message-frame', () => `${at}: frames ${m.frames.join(',')}`);
    ensure(m.bytes.length <= MAX_DATA_LENGTH + 8, 'message-size', () => `${at}: ${m.bytes.length} bytes`);
    ensure(Number.isInteger(m.streamOffset) && m.streamOffset >= 0, 'message-offset', () => `${at}: bad stream offset`);
    checkFields(m.fields, m.bytes.length, at);
    for (const p of m.problems) checkProblem(p, at, { maxOffset: m.bytes.length, maxFrame });
    messageToText(m);
    checkFiniteNumbers(JSON.parse(JSON.stringify(messageToJson(m))), at);
  }
  for (const p of problems) checkProblem(p, where, { maxFrame });
  return { messages, problems };
}

export const sessionTarget: FuzzTarget = {
  name: 'session',
  description: 'captures -> SccpSession (network layers, reassembly, framing, decoding) and the message exports',
  seeds: (c) => c.captures,
  mutate: mutateBytes,
  run(input) {
    sessionChecked(input, {}, 'session');
  },
};

export const sessionTlsTarget: FuzzTarget = {
  name: 'session-tls',
  description: 'captures with port 2000 (and 2443) read as SCCP over TLS -> SccpSession: TLS records, handshake, NULL-cipher path',
  seeds: (c) => c.captures,
  mutate: mutateBytes,
  run(input) {
    sessionChecked(input, { sccpPorts: [2001], tlsPorts: [2000, 2443] }, 'session-tls');
  },
};

let callsSchema: ValidateFunction | undefined;
function validateCalls(): ValidateFunction {
  if (!callsSchema) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    callsSchema = ajv.compile(JSON.parse(readFileSync(join(repoRoot(), 'schema', 'calls.schema.json'), 'utf8')) as object);
  }
  return callsSchema;
}

export const callsTarget: FuzzTarget = {
  name: 'calls',
  description: 'captures -> analyzeCaptureBytes (session + CallAnalyzer) -> calls JSON: finite numbers, valid against schema/calls.schema.json',
  seeds: (c) => c.captures,
  mutate: mutateBytes,
  run(input) {
    const doc = analyzeCaptureBytes(input, 'fuzz.pcapng');
    const text = callsJson(doc);
    checkFiniteNumbers(doc, 'calls');
    ensure(text.endsWith('\n'), 'calls-json', () => 'no trailing newline');
    const validate = validateCalls();
    ensure(validate(JSON.parse(text)), 'calls-schema', () => `the calls document does not match schema/calls.schema.json: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  },
};
