/**
 * Every export validates against the published schemas (schema/calls.schema.json, schema/stats.schema.json): the
 * calls document and the stats JSON of every shared capture and of built captures that exercise every finding. The
 * schemas are strict (no unknown properties), so a field added to the document without the schema fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeCaptureBytes, analyzeCaptureFile } from '../../../src/core/export/calls-json';
import { CallAnalyzer } from '../../../src/core/analysis';
import { statsDocument } from '../../../src/cli/stats';
import type { CallsDocument } from '../../../src/core/analysis';
import { CAPTURES, captureNames } from './fixtures';
import { CaptureBuilder } from './capture-builder';
import { A, abandonedCall, callCapture } from './scenario';
import { msg } from './sccp-bytes';
import { errorsOf, validateCalls, validateStats } from './schema';

function assertValid(doc: CallsDocument, what: string): void {
  // Through JSON, as a reader of the export sees it.
  const calls = JSON.parse(JSON.stringify(doc)) as unknown;
  assert.ok(validateCalls(calls), `${what}: calls document:\n${errorsOf(validateCalls)}`);
  const stats = JSON.parse(JSON.stringify(statsDocument(doc))) as unknown;
  assert.ok(validateStats(stats), `${what}: stats document:\n${errorsOf(validateStats)}`);
}

for (const name of captureNames()) {
  test(`schema: the exports of ${name} validate`, async () => {
    assertValid(await analyzeCaptureFile(join(CAPTURES, name)), name);
  });
}

/** A call flood and a registration flood, unknown and out-of-interval IDs, a response without a request. */
function floods(): CallsDocument {
  const b = new CaptureBuilder();
  const s = b.station(A.ip);
  for (let i = 0; i < 3; i++) b.fromStation(s, msg.registerReq(A.name, A.ip)).wait(10);
  for (let i = 0; i < 3; i++) abandonedCall(b, s, 10 + i);
  b.fromStation(s, msg.unknown(0x7777), msg.startMediaTransmissionAck({ conferenceId: 1, passThroughPartyId: 1, callReference: 1, ip: A.ip, port: 1 }));
  const d = b.analyze({ callFloodPerMinute: 2, registrationFloodPerMinute: 2 });
  assert.deepEqual(d.alg.floods.map((f) => f.kind).sort(), ['calls', 'registrations']);
  return d;
}

test('schema: built captures with every finding validate', () => {
  const key = Array.from({ length: 16 }, (_, i) => i);
  const docs = {
    nat: callCapture({ aEmbeddedIp: '192.168.1.10' }).analyze(),
    outside: callCapture({ rtpBeforeOpen: 2, rtpAfterClose: 2 }).analyze(),
    inactive: callCapture({ pauseMs: 3000, packets: 6 }).analyze({ inactiveMediaTimeoutSeconds: 2 }),
    split: callCapture({ splitAck: true }).analyze(),
    srtp: callCapture({ srtp: { algorithmID: 1, key, salt: key.slice(0, 14) } }).analyze(),
    unanswered: callCapture({ noAckFromA: true }).analyze(),
    floods: floods(),
  };
  for (const [what, doc] of Object.entries(docs)) assertValid(doc, what);
});

test('schema: the schema rejects documents that break it', () => {
  const doc = JSON.parse(JSON.stringify(callCapture().analyze())) as Record<string, unknown> & { calls: Record<string, unknown>[] };
  assert.ok(validateCalls(doc), errorsOf(validateCalls));
  const broken = [
    { ...doc, extra: 1 },
    { ...doc, schemaVersion: 2 },
    { ...doc, calls: [{ ...doc.calls[0], endReason: 'vanished' }] },
    { ...doc, calls: [{ ...doc.calls[0], start: null }] },
  ];
  for (const b of broken) assert.equal(validateCalls(b), false, JSON.stringify(b).slice(0, 80));
});

test('schema: nothing to analyse still gives a valid document', () => {
  assertValid(new CallAnalyzer().result(), 'no events');
  const garbage = analyzeCaptureBytes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 'garbage.bin');
  assertValid(garbage, 'not a capture');
  assert.equal(garbage.source.format, 'unknown');
  assert.ok(garbage.diagnostics.captureProblems.length > 0);
});
