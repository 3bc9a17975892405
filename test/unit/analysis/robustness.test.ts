/**
 * Bad input is normal input: a damaged capture never makes the analysis throw, and what it writes still follows the
 * schema. And the analysis does not depend on how TCP cut the SCCP stream: the same messages in other segments give
 * the same calls, with the messages that spanned segments listed as split.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pcapFile } from '../../helpers/frames';
import type { CallsDocument } from '../../../src/core/analysis';
import { analyzeCaptureBytes } from '../../../src/core/export/calls-json';
import { callCapture } from './scenario';
import { errorsOf, validateCalls } from './schema';

const PCAP_HEADER = 24;

test('robustness: random damage to a capture never throws, and the document still validates', () => {
  const clean = pcapFile(callCapture({ srtp: { algorithmID: 1, key: [1, 2, 3], salt: [4] }, rtpAfterClose: 2 }).build());
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: PCAP_HEADER, max: clean.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.integer({ min: PCAP_HEADER, max: clean.length }), (edits, cutAt) => {
      const bytes = clean.slice(0, cutAt);
      for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
      const doc = JSON.parse(JSON.stringify(analyzeCaptureBytes(bytes, 'damaged.pcap'))) as unknown;
      assert.ok(validateCalls(doc), errorsOf(validateCalls));
    }),
    { numRuns: 150, seed: 3 },
  );
});

/** The calls without frame numbers and times (extra segments shift the frames). */
function callsShape(d: CallsDocument): string {
  return JSON.stringify(d.calls, (k, v: unknown) => (k === 'frame' || k === 't' || k === 'time' ? undefined : v));
}

test('robustness: the same messages cut into other TCP segments give the same calls', () => {
  const control = callsShape(callCapture().analyze());
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }), (sizes) => {
      const d = callCapture({}, () => sizes).analyze();
      assert.equal(callsShape(d), control);
      assert.deepEqual(d.diagnostics.decodeProblems, []);
      assert.deepEqual(d.diagnostics.captureProblems, []);
      // A message is split exactly when some cut falls inside it: every message shorter than the first cut is whole.
      for (const s of d.alg.splitMessages) assert.ok(s.frames.length > 1 && s.length > 0);
    }),
    { numRuns: 60, seed: 7 },
  );
  // Every send cut into single bytes: every message of more than one byte is split.
  const bytewise = callCapture({}, (n) => new Array<number>(n).fill(1)).analyze();
  assert.equal(callsShape(bytewise), control);
  assert.equal(bytewise.alg.splitMessages.length, bytewise.statistics.messages.total);
});
