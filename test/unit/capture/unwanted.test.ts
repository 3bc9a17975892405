/**
 * `decode` lets the session decline frames before the reader makes packets of them (CaptureSink.unwanted: the RTP of
 * a big capture). Declining must change nothing but the work done: on every fixture, the same messages, the same
 * problems and the same packet count as when every frame is handed over.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCaptureBytes, type CaptureSink } from '../../../src/core/capture';
import { messageToJson } from '../../../src/core/export/message-json';
import { SccpSession } from '../../../src/core/session';
import { captureFixtures, fixture } from './capture-bytes';

function decode(bytes: Uint8Array, decline: boolean) {
  const out: string[] = [];
  let declined = 0;
  const session = new SccpSession({ message: (m) => out.push(JSON.stringify(messageToJson(m))), problem: (p) => out.push(`${p.code} ${p.frame} ${p.message}`) });
  const sink: CaptureSink = { packet: (p) => session.packet(p), problem: (p) => out.push(`${p.code} ${p.offset} ${p.message}`) };
  if (decline) {
    sink.unwanted = (frame, linkType, b, start, end) => {
      const no = session.unwanted(frame, linkType, b, start, end);
      if (no) declined++;
      return no;
    };
  }
  const info = readCaptureBytes(bytes, sink);
  session.finish();
  return { out, packets: info?.packets, declined };
}

describe('frames the session declines', () => {
  let declinedAnywhere = 0;
  for (const name of captureFixtures()) {
    it(`${name}: the same messages, problems and packet count`, () => {
      const bytes = fixture(name);
      const all = decode(bytes, false);
      const some = decode(bytes, true);
      declinedAnywhere += some.declined;
      assert.deepEqual(some.out, all.out);
      assert.equal(some.packets, all.packets);
    });
  }
  it('some fixture frames were declined (the test compares something)', () => assert.ok(declinedAnywhere > 100, `${declinedAnywhere}`));
});
