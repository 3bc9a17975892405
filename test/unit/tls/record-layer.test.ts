import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems';
import { MAX_RECORD_LENGTH, TlsDirection, type TlsRecord } from '../../../src/core/tls/record-layer';
import { concat, nullCipherSession, record } from './tls-bytes';

/** Feeds `stream` (whose first byte is at stream offset `origin`) cut by `cut`; frame n carries the n-th piece. */
function feed(stream: Uint8Array, cut: (n: number) => number, startsAtConnectionStart = true, origin = 0) {
  const records: TlsRecord[] = [];
  const problems: Problem[] = [];
  const d = new TlsDirection({ record: (r) => records.push(r), problem: (p) => problems.push(p) }, { startsAtConnectionStart }, 'test');
  let at = 0;
  let n = 0;
  while (at < stream.length) {
    const size = Math.max(1, cut(n++));
    d.data(stream.subarray(at, at + size), origin + at, n);
    at += size;
  }
  d.end(n);
  return { records, problems };
}

/** The records of a real-looking direction: handshake, change_cipher_spec, many application_data records. */
const { client } = nullCipherSession({ client: [7, 30, 1, 100, 12], server: [50] });
const reference = feed(client, () => client.length).records;

function assertSameRecords(got: TlsRecord[], want: TlsRecord[], what: string, shift = 0) {
  assert.equal(got.length, want.length, what);
  got.forEach((r, i) => {
    assert.equal(r.contentType, want[i]!.contentType, what);
    assert.equal(r.streamOffset, want[i]!.streamOffset + shift, what);
    assert.deepEqual(r.payload, want[i]!.payload, `${what}, record ${i}`);
  });
}

test('a whole direction in one piece gives every record, in order', () => {
  assert.ok(reference.length > 8, `${reference.length} records`);
  assert.deepEqual(
    reference.slice(0, 4).map((r) => r.contentType),
    [22, 22, 20, 22],
  );
  assert.ok(reference.slice(4).every((r) => r.contentType === 23 && r.version === 0x0303));
  // Records tile the stream exactly.
  let at = 0;
  for (const r of reference) {
    assert.equal(r.streamOffset, at);
    at += 5 + r.payload.length;
  }
  assert.equal(at, client.length);
});

test('every segment size from 1 byte up gives the same records, and each byte keeps its frame', () => {
  for (let size = 1; size <= 300; size++) {
    const { records, problems } = feed(client, () => size);
    assertSameRecords(records, reference, `segment size ${size}`);
    assert.deepEqual(problems, [], `segment size ${size}`);
    for (const r of records) {
      let at = r.streamOffset;
      for (const s of r.spans) {
        assert.equal(s.streamOffset, at);
        assert.equal(s.frame, Math.floor(s.streamOffset / size) + 1, 'frame n carries bytes [(n-1)*size, n*size)');
        at += s.length;
      }
      assert.equal(at, r.streamOffset + 5 + r.payload.length);
    }
  }
});

test('irregular cuts, inside headers and across several records, give the same records', () => {
  const pattern = [1, 4, 2, 3, 600, 5, 9, 1, 1, 77, 1000, 6];
  const { records, problems } = feed(client, (n) => pattern[n % pattern.length]!);
  assertSameRecords(records, reference, 'pattern');
  assert.deepEqual(problems, []);
});

test('a capture that starts inside a record finds the next record header and says what it skipped', () => {
  for (const start of [1, 3, 5, 17, reference[4]!.streamOffset + 2, reference[10]!.streamOffset]) {
    for (const size of [1, 13, 4096]) {
      const { records, problems } = feed(client.subarray(start), () => size, false, start);
      const want = reference.filter((r) => r.streamOffset >= start);
      assertSameRecords(records, want, `start ${start}, size ${size}`);
      if (start === want[0]!.streamOffset) assert.deepEqual(problems, []);
      else {
        assert.equal(problems.length, 1, `start ${start}, size ${size}`);
        assert.equal(problems[0]!.code, 'tls.bad-record');
        assert.match(problems[0]!.message, new RegExp(`skipped ${want[0]!.streamOffset - start} byte\\(s\\) \\(stream offset ${start}-${want[0]!.streamOffset - 1}\\)`));
      }
    }
  }
});

test('a header that makes no sense is reported, and the records after it are found again', () => {
  const garbage = Uint8Array.of(0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54, 0x54, 0x50); // "GET / HTTP"
  const stream = concat([client.subarray(0, reference[5]!.streamOffset), garbage, client.subarray(reference[5]!.streamOffset)]);
  const { records, problems } = feed(stream, () => 64);
  assert.equal(records.length, reference.length);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['tls.bad-record', 'tls.bad-record'],
  );
  assert.match(problems[0]!.message, /content type 71/);
  assert.match(problems[1]!.message, /skipped 10 byte/);
});

test('a gap drops the record it cuts, reports it, and framing resumes at the next record', () => {
  const records: TlsRecord[] = [];
  const problems: Problem[] = [];
  const d = new TlsDirection({ record: (r) => records.push(r), problem: (p) => problems.push(p) }, { startsAtConnectionStart: true }, 'test');
  const cutFrom = reference[6]!.streamOffset + 3;
  const cutTo = reference[8]!.streamOffset + 10;
  d.data(client.subarray(0, cutFrom), 0, 1);
  d.gap(cutFrom, cutTo, 2);
  d.data(client.subarray(cutTo), cutTo, 2);
  d.end(3);
  assertSameRecords(records, [...reference.slice(0, 6), ...reference.slice(9)], 'gap');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['tls.unfinished-record', 'tcp.gap', 'tls.bad-record'],
  );
});

test('the stream ending inside a record is reported', () => {
  const { records, problems } = feed(client.subarray(0, reference[3]!.streamOffset + 7), () => 10);
  assert.equal(records.length, 3);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['tls.unfinished-record'],
  );
});

test('garbage of every kind returns, buffers at most one record, and reports runs, not bytes', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const noise = new Uint8Array(1 << 20).map(() => rnd());
  const { records, problems } = feed(noise, (n) => 1 + (n % 1500), false);
  // Random bytes may now and then look like a record header; they must never look like many.
  assert.ok(records.length < 5, `${records.length} records in noise`);
  assert.ok(problems.length < 20, `${problems.length} problems`);
  // Maximal plausible lengths: one full-size record after another is fine, one byte over the limit is not.
  const full = record(23, 0x0303, new Uint8Array(MAX_RECORD_LENGTH));
  assert.equal(feed(concat([full, full]), () => 1000).records.length, 2);
  const over = concat([Uint8Array.of(23, 3, 3, (MAX_RECORD_LENGTH + 1) >> 8, (MAX_RECORD_LENGTH + 1) & 0xff), new Uint8Array(MAX_RECORD_LENGTH + 1)]);
  const r = feed(over, () => 1000);
  assert.equal(r.records.length, 0);
  assert.equal(r.problems[0]!.code, 'tls.bad-record');
  assert.match(r.problems[0]!.message, /more than the 18432/);
  // Noise followed by real records: the real ones are all found.
  const mixed = feed(concat([noise.subarray(0, 5000), client]), () => 700, false);
  assert.ok(mixed.records.length >= reference.length);
  assertSameRecords(mixed.records.slice(-reference.length), reference, 'after noise', 5000);
});
