import { concat as concatBytes } from '../../helpers/frames';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageFramer, type FramedMessage } from '../../../src/core/sccp/framer';
import type { Problem } from '../../../src/core/problems';
import { hexToBytes, loadReferences } from '../../helpers/tshark-reference';

/** Real messages, back to back, as one byte stream (from the tshark references of a real capture). */
function realMessages(): Uint8Array[] {
  const cap = loadReferences().find((c) => c.capture === 'skinny-call-rtp.pcap')!;
  return cap.messages.map((m) => hexToBytes(m.bytes));
}

function concat(parts: Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

function frame(stream: Uint8Array, cut: (i: number) => number, startsAtConnectionStart = true, origin = 0) {
  const got: FramedMessage[] = [];
  const problems: Problem[] = [];
  const f = new MessageFramer({ message: (m) => got.push(m), problem: (p) => problems.push(p) }, { startsAtConnectionStart });
  let at = 0;
  let n = 0;
  while (at < stream.length) {
    const size = Math.max(1, cut(n++));
    f.data(stream.subarray(at, at + size), origin + at, n);
    at += size;
  }
  f.end(n);
  return { got, problems };
}

test('every segmentation of a real stream frames the same messages', () => {
  const msgs = realMessages();
  const stream = concat(msgs);
  for (let size = 1; size <= 200; size++) {
    const { got, problems } = frame(stream, () => size);
    assert.equal(got.length, msgs.length, `segment size ${size}`);
    got.forEach((g, i) => assert.deepEqual(g.bytes, msgs[i], `segment size ${size}, message ${i}`));
    assert.deepEqual(problems, [], `segment size ${size}`);
  }
});

test('irregular cuts, including inside the 12-byte header, frame the same messages', () => {
  const msgs = realMessages();
  const stream = concat(msgs);
  const pattern = [1, 3, 7, 2, 11, 5, 13, 4, 1, 1, 64, 9];
  const { got, problems } = frame(stream, (n) => pattern[n % pattern.length]!);
  assert.deepEqual(
    got.map((g) => g.bytes),
    msgs,
  );
  assert.deepEqual(problems, []);
});

test('a message carried by several segments lists every frame, in order', () => {
  const msgs = realMessages();
  const stream = concat(msgs.slice(0, 1));
  const { got } = frame(stream, () => 5);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0]!.frames, Array.from({ length: Math.ceil(stream.length / 5) }, (_, i) => i + 1));
});

test('a capture that starts mid-message resynchronises on the next header and reports the skipped bytes', () => {
  const msgs = realMessages();
  const stream = concat(msgs);
  const skip = msgs[0]!.length + 5; // inside the second message
  const { got, problems } = frame(stream.subarray(skip), () => 100, false, skip);
  const expected = msgs.slice(2);
  assert.deepEqual(
    got.map((g) => g.bytes),
    expected,
  );
  const resync = problems.filter((p) => p.code === 'tcp.resync');
  assert.equal(resync.length, 1);
  assert.match(resync[0]!.message, new RegExp(`skipped ${msgs[1]!.length - 5} byte`));
});

test('a gap drops the unfinished message, reports the missing range, and decoding continues after it', () => {
  const msgs = realMessages();
  const stream = concat(msgs);
  const problems: Problem[] = [];
  const got: FramedMessage[] = [];
  const f = new MessageFramer({ message: (m) => got.push(m), problem: (p) => problems.push(p) }, { startsAtConnectionStart: true });
  // deliver message 0 and half of message 1, lose 10 bytes, then the rest
  const a = msgs[0]!.length + Math.floor(msgs[1]!.length / 2);
  f.data(stream.subarray(0, a), 0, 1);
  f.gap(a, a + 10, 2);
  f.data(stream.subarray(a + 10), a + 10, 3);
  f.end(3);
  assert.deepEqual(got[0]!.bytes, msgs[0]);
  assert.deepEqual(
    got.slice(1).map((g) => g.bytes),
    msgs.slice(2),
  );
  assert.ok(problems.some((p) => p.code === 'tcp.gap' && p.message.includes(`bytes ${a}-${a + 9}`)));
  assert.ok(problems.some((p) => p.code === 'tcp.unfinished-message'));
});

test('garbage never throws and is skipped; a stream ending inside a message is reported', () => {
  const msgs = realMessages();
  const junk = new Uint8Array(300).map((_, i) => (i * 37 + 11) & 0xff);
  const stream = concat([junk, ...msgs.slice(0, 3), msgs[3]!.subarray(0, 7)]);
  const { got, problems } = frame(stream, () => 17, false);
  assert.deepEqual(
    got.map((g) => g.bytes),
    msgs.slice(0, 3),
  );
  assert.ok(problems.some((p) => p.code === 'tcp.resync'));
  assert.ok(problems.some((p) => p.code === 'tcp.unfinished-message'));
});

test('an absurd length in a synced stream is not trusted (no allocation from it) and framing recovers', () => {
  const msgs = realMessages();
  const bad = new Uint8Array(12);
  new DataView(bad.buffer).setUint32(0, 0xffffffff, true);
  const stream = concat([msgs[0]!, bad, ...msgs.slice(1, 4)]);
  const { got, problems } = frame(stream, () => 50);
  assert.deepEqual(
    got.map((g) => g.bytes),
    [msgs[0], ...msgs.slice(1, 4)],
  );
  assert.ok(problems.some((p) => p.code === 'sccp.bad-length'));
});

/** A message of `dataLength` (header length field) with this version and ID; the body is zeros unless given. */
function message(dataLength: number, version: number, id: number, body?: Uint8Array): Uint8Array {
  const b = new Uint8Array(dataLength + 8);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, dataLength, true);
  dv.setUint32(4, version, true);
  dv.setUint32(8, id, true);
  if (body) b.set(body, 12);
  return b;
}

test('resynchronising, a false header in a corrupt body does not swallow the real messages after it', () => {
  // Zero words in the corrupt body read as a KeepAlive (ID 0) whose length runs over the real message that follows;
  // the old framer took the first header confirmed by one more and lost that message.
  const good = [message(8, 0x11, 0x0117), message(4, 0, 0), message(12, 0x12, 0x0111)];
  const corrupt = new Uint8Array(40);
  const dv = new DataView(corrupt.buffer);
  dv.setUint32(0, 3, true); // a length that cannot hold the message ID
  dv.setUint32(4, 0x11, true);
  // At byte 16 of the corrupt bytes a false "KeepAlive" whose length reaches exactly past the next real message.
  dv.setUint32(16, 40 - 16 - 8 + good[1]!.length, true);
  const stream = concat([good[0]!, corrupt, ...good.slice(1), good[0]!]);
  for (const size of [1, 7, 64, 1500]) {
    const { got } = frame(stream, () => size);
    const offsets = got.map((g) => g.streamOffset);
    const real = [0, good[0]!.length + 40, good[0]!.length + 40 + good[1]!.length, good[0]!.length + 40 + good[1]!.length + good[2]!.length];
    for (const o of real) assert.ok(offsets.includes(o), `segments of ${size}: the real message at ${o} came out (got ${offsets.join(', ')})`);
  }
});
