/**
 * The host keeps messages in columns without their field trees, and decodes the bytes again when `fields` is read
 * (src/extension/lean-message.ts, message-store.ts). On every fixture capture, with and without the
 * negotiated-version option, every property the host reads back, the trees it decodes again and the list rows are
 * the worker's.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCaptureBytes } from '../../../src/core/capture';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';
import { messageRow } from '../../../src/extension/editor/rows';
import { summaryOf } from '../../../src/extension/lean-message';
import { MessageStore } from '../../../src/extension/message-store';

const CAPTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'captures');

function decode(bytes: Uint8Array, useNegotiatedVersion: boolean): SccpMessage[] {
  const out: SccpMessage[] = [];
  const session = new SccpSession({ message: (m) => out.push(m), problem: () => {} }, { useNegotiatedVersion });
  readCaptureBytes(bytes, { packet: (p) => session.packet(p), problem: () => {} });
  session.finish();
  return out;
}

test('fields decoded again on the host equal the worker decode, on every fixture capture', () => {
  const files = readdirSync(CAPTURES).filter((f) => /\.(pcap|pcapng)$/.test(f));
  let compared = 0;
  let inferred = 0;
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(join(CAPTURES, file)));
    for (const negotiated of [false, true]) {
      const messages = decode(bytes, negotiated);
      // The worker's batch (a store of its own, exported), cloned as postMessage clones it, appended on the host.
      const batch = new MessageStore();
      for (const m of messages) batch.add(m, summaryOf(m));
      const posted = batch.export();
      assert.ok(!('fields' in posted) && !('fields' in posted.columns), 'the tree is not posted');
      const hosted = new MessageStore().append(structuredClone(posted));
      assert.equal(hosted.length, messages.length);
      messages.forEach((m, i) => {
        const host = hosted[i]!;
        for (const key of Object.keys(m) as (keyof SccpMessage)[]) {
          assert.deepEqual(host[key], m[key], `${file} message ${i} (${m.name}), negotiated ${negotiated}: ${key}`);
        }
        assert.deepEqual(host.summary, summaryOf(m));
        assert.deepEqual(messageRow(host, i, undefined, summaryOf(host)), messageRow(m, i, undefined, summaryOf(m)), `${file} row ${i}`);
        if (m.problems.some((p) => p.code === 'sccp.layout-inferred')) inferred++;
        compared++;
      });
    }
  }
  assert.ok(compared > 1000, `${compared} messages compared`);
  assert.ok(inferred > 0, 'messages whose layout was inferred are among them');
});
