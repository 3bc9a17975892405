/**
 * Every message a document names is really there: each `{frame, message}` the calls document gives (call states,
 * call problems, media and pinhole messages, NAT, split messages, unanswered and unsolicited messages, registrations)
 * is a skinny message of that name in that frame as tshark decodes the capture
 * (test/fixtures/reference/<capture>.skinny.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallsDocument } from '../../../src/core/analysis';
import { analyzeCaptureFile } from '../../../src/core/export/calls-json';
import { CAPTURES, captureNames, REFERENCE } from './fixtures';

/** Every (frame, message name) pair the document cites. */
function cited(d: CallsDocument): { what: string; frame: number; message: string }[] {
  const out: { what: string; frame: number; message: string }[] = [];
  const add = (what: string, r: { frame: number | null; message: string | null } | null | undefined) => {
    if (r && r.frame !== null && r.message !== null) out.push({ what, frame: r.frame, message: r.message });
  };
  for (const s of d.stations) {
    for (const r of s.registrations) (add('registration', r.request), add('registration', r.response));
    for (const u of s.unregistrations) (add('unregistration', u.request), add('unregistration', u.response));
  }
  for (const c of d.calls) {
    for (const p of c.problems) if (p.message !== 'RTP' && p.message !== 'RTCP') add(`${c.id} ${p.code}`, p);
    for (const l of c.legs) {
      for (const s of l.states) add(`${c.id} state`, { frame: s.frame, message: 'CallState' });
      for (const m of l.media) for (const r of [m.request, m.endpointMessage, m.acknowledged, m.closed]) add(`${m.id}`, r);
    }
  }
  for (const p of d.alg.pinholes) (add(p.id, p.opened), add(p.id, p.closed));
  for (const n of d.alg.nat) add('nat', n);
  for (const s of d.alg.splitMessages) add('split', s);
  for (const f of d.alg.floods) (add('flood', f.first), add('flood', f.last));
  for (const u of d.diagnostics.unansweredRequests) add('unanswered', u);
  for (const u of d.diagnostics.unsolicitedResponses) add('unsolicited', u);
  for (const s of d.diagnostics.srtpKeysInClear) add('srtp', s);
  return out;
}

for (const name of captureNames().filter((n) => existsSync(join(REFERENCE, `${n}.skinny.json`)))) {
  test(`frames cited: ${name}`, async () => {
    const d = await analyzeCaptureFile(join(CAPTURES, name));
    const ref = JSON.parse(readFileSync(join(REFERENCE, `${name}.skinny.json`), 'utf8')) as { messages: { frame: number; name: string }[] };
    const there = new Set(ref.messages.map((m) => `${m.frame}|${m.name}`));
    for (const c of cited(d)) assert.ok(there.has(`${c.frame}|${c.message}`), `${c.what}: no ${c.message} in frame ${c.frame} in tshark's decode`);
  });
}
