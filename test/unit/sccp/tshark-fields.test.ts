/**
 * Differential test, message by message: every SCCP message tshark 4.0 decoded in the capture fixtures is decoded
 * from the same bytes by our catalog, and every field must agree in name, value, offset and length.
 * The references are produced by scripts/make-tshark-refs.mjs and committed, so tshark is not needed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from '../../../src/core/sccp/decode';
import { hexToBytes, loadReferences } from '../../helpers/tshark-reference';
import { compareFields } from './field-compare';
import { isDeliberateDifference, layoutInferred, skipFieldsOf } from './tshark-exceptions';

for (const cap of loadReferences()) {
  if (cap.messages.length === 0) continue;
  test(`fields agree with tshark: ${cap.capture}`, () => {
    const problems: string[] = [];
    for (const ref of cap.messages) {
      const bytes = hexToBytes(ref.bytes);
      // Where we infer a newer layout under a basic header (tshark-exceptions.ts), tshark's view is the basic layout:
      // that is compared here, and layout-inference.test.ts checks the inferred decode against the capture's RTP.
      const decoded = decodeMessage(bytes);
      const ours = layoutInferred(decoded) ? decodeMessage(bytes, { forceLayoutVersion: 0 }) : decoded;
      if (ours.id !== ref.id) problems.push(`frame ${ref.frame}: id ${ours.id} vs tshark ${ref.id}`);
      if (ref.name !== 'Unknown' && ours.name !== ref.name) problems.push(`frame ${ref.frame}: name ${ours.name} vs tshark ${ref.name}`);
      const skip = skipFieldsOf(cap.capture, ref);
      if (skip) continue;
      const diffs = compareFields(ours.fields, ref, (f) => isDeliberateDifference(f, ours));
      for (const d of diffs) problems.push(`frame ${ref.frame} ${ref.name} (0x${ref.id.toString(16)}, v${ours.headerVersion}): ${d.what}`);
    }
    assert.deepEqual(problems, []);
  });
}
