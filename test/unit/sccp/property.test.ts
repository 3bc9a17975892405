/**
 * No input makes the decoder throw or hang (fast-check, seeded, bounded runs): decodeMessage on random bytes and on
 * real messages mutated (every catalog ID under every header version, lengths, counts and bytes changed), and the
 * framer and the whole session on random byte streams. Decoded fields always lie within the bytes; every problem
 * says where it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMessage } from '../../../src/core/sccp/decode';
import { CATALOG } from '../../../src/core/sccp/catalog';
import { KNOWN_HEADER_VERSIONS } from '../../../src/core/sccp/header';
import { MessageFramer } from '../../../src/core/sccp/framer';
import type { DecodedBody, FieldNode } from '../../../src/core/sccp/message';
import type { Problem } from '../../../src/core/problems';
import { SccpSession } from '../../../src/core/session';
import { tcpFrame } from '../../helpers/frames';
import { hexToBytes, loadReferences } from '../../helpers/tshark-reference';

const SEED = 20240601;
/** A bound for one message that only a hang passes (real ones decode in microseconds; tests share 2 busy cores). */
const MAX_MS_PER_MESSAGE = 1000;

function checkFields(nodes: readonly FieldNode[], size: number, where: string): void {
  for (const n of nodes) {
    assert.ok(Number.isInteger(n.offset) && Number.isInteger(n.length), `${where}: ${n.name} has integer offset and length`);
    assert.ok(n.offset >= 0 && n.length >= 0 && n.offset + n.length <= size, `${where}: ${n.name} at ${n.offset}+${n.length} lies within ${size} bytes`);
    if (n.children) checkFields(n.children, size, where);
  }
}

function checkProblems(problems: readonly Problem[], size: number, where: string): void {
  for (const p of problems) {
    assert.ok(p.message.length > 0, `${where}: ${p.code} has a message`);
    assert.ok(p.offset !== undefined && p.offset >= 0 && p.offset <= size, `${where}: ${p.code} has a position within the message (${p.offset})`);
  }
}

function decodeChecked(bytes: Uint8Array, where: string): DecodedBody {
  const t0 = performance.now();
  const m = decodeMessage(bytes);
  const ms = performance.now() - t0;
  assert.ok(ms < MAX_MS_PER_MESSAGE, `${where}: decoding took ${ms.toFixed(1)} ms`);
  checkFields(m.fields, bytes.length, where);
  checkProblems(m.problems, bytes.length, where);
  for (const ep of m.media) assert.ok(Number.isInteger(ep.port), `${where}: media port is a number`);
  return m;
}

function header(dataLength: number, version: number, id: number): Uint8Array {
  const h = new Uint8Array(12);
  const v = new DataView(h.buffer);
  v.setUint32(0, dataLength >>> 0, true);
  v.setUint32(4, version >>> 0, true);
  v.setUint32(8, id >>> 0, true);
  return h;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const VERSIONS = [...KNOWN_HEADER_VERSIONS, 0x01, 0x17, 0xffffffff];
const IDS = [...CATALOG.map((d) => d.id), 0x0200, 0x7fff, 0xffffffff];

/** Real message bodies (after the header) from the tshark references, one per message ID. */
const REAL_BODIES: Uint8Array[] = (() => {
  const seen = new Map<number, Uint8Array>();
  for (const cap of loadReferences()) for (const m of cap.messages) if (!seen.has(m.id)) seen.set(m.id, hexToBytes(m.bytes).subarray(12));
  return [...seen.values()];
})();

test('decodeMessage on random bytes: never throws, fields within the bytes, problems with positions', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (bytes) => {
      decodeChecked(bytes, 'random bytes');
    }),
    { seed: SEED, numRuns: 20000, includeErrorInReport: true },
  );
});

test('decodeMessage on every catalog ID under every header version, with random bodies and lengths', () => {
  const body = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 1200 }),
    fc.constantFrom(...REAL_BODIES),
    // Mostly zero bodies with a few big values: counts and sizes at their limits.
    fc.tuple(fc.nat(2000), fc.array(fc.tuple(fc.nat(2000), fc.constantFrom(0xff, 0x7f, 0x80, 0x01, 0x10)), { maxLength: 12 })).map(([n, pokes]) => {
      const b = new Uint8Array(n);
      for (const [at, v] of pokes) if (at < n) b[at] = v;
      return b;
    }),
  );
  // Header length: consistent with the body, or anything (shorter, longer, huge).
  const lengthMode = fc.oneof(fc.constant(-1), fc.nat(3000), fc.constant(0xffffffff));
  let runs = 0;
  for (const id of IDS) {
    for (const version of VERSIONS) {
      fc.assert(
        fc.property(body, lengthMode, (b, len) => {
          const bytes = join(header(len === -1 ? b.length + 4 : len, version, id), b);
          const m = decodeChecked(bytes, `id 0x${id.toString(16)} v${version}`);
          assert.equal(m.id, id);
          runs++;
        }),
        { seed: SEED ^ (id * 31 + version), numRuns: 20, includeErrorInReport: true },
      );
    }
  }
  assert.equal(runs, IDS.length * VERSIONS.length * 20);
});

test('decodeMessage on mutated real messages: bytes changed, cut short, extended', () => {
  const mutated = fc
    .tuple(
      fc.constantFrom(...REAL_BODIES),
      fc.constantFrom(...IDS),
      fc.constantFrom(...VERSIONS),
      fc.array(fc.tuple(fc.nat(4000), fc.nat(255)), { maxLength: 8 }),
      fc.integer({ min: -64, max: 64 }),
    )
    .map(([real, id, version, flips, delta]) => {
      const b = Uint8Array.from(real);
      for (const [at, v] of flips) if (b.length > 0) b[at % b.length] = v;
      const body = delta < 0 ? b.subarray(0, Math.max(0, b.length + delta)) : join(b, new Uint8Array(delta).fill(delta & 0xff));
      // The header keeps the real length half of the time, so that the message is cut or extended behind its back.
      return join(header((delta & 1) === 0 ? real.length + 4 : body.length + 4, version, id), body);
    });
  fc.assert(
    fc.property(mutated, (bytes) => {
      decodeChecked(bytes, 'mutated real message');
    }),
    { seed: SEED + 1, numRuns: 20000, includeErrorInReport: true },
  );
});

test('the framer on random byte streams in random chunks, with gaps: never throws, messages are whole', () => {
  // A stream of random bytes and plausible headers (which make the framer wait, resynchronise and cut).
  const piece = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 60 }),
    fc.tuple(fc.nat(300), fc.constantFrom(...VERSIONS), fc.constantFrom(...IDS)).map(([len, v, id]) => header(len, v, id)),
    fc.constantFrom(...REAL_BODIES.slice(0, 20)).map((b) => join(header(b.length + 4, 0x11, 0x0100), b)),
  );
  const stream = fc.array(piece, { maxLength: 40 }).map((ps) => ps.reduce((a, b) => join(a, b), new Uint8Array(0)));
  const plan = fc.array(fc.tuple(fc.integer({ min: 1, max: 80 }), fc.nat(9)), { maxLength: 100 });
  fc.assert(
    fc.property(stream, plan, fc.boolean(), (bytes, cuts, fromStart) => {
      const problems: Problem[] = [];
      let messageBytes = 0;
      const f = new MessageFramer(
        {
          message: (m) => {
            const len = new DataView(m.bytes.buffer, m.bytes.byteOffset).getUint32(0, true);
            assert.equal(m.bytes.length, len + 8, 'a framed message is as long as its header says');
            messageBytes += m.bytes.length;
          },
          problem: (p) => problems.push(p),
        },
        { startsAtConnectionStart: fromStart },
      );
      let at = 0;
      let frame = 1;
      for (const [n, action] of cuts) {
        if (at >= bytes.length) break;
        const end = Math.min(bytes.length, at + n);
        if (action === 0) f.gap(at, end, frame); // these bytes are lost
        else f.data(bytes.subarray(at, end), at, frame);
        at = end;
        frame++;
      }
      if (at < bytes.length) f.data(bytes.subarray(at), at, frame);
      f.end(frame + 1);
      assert.ok(messageBytes <= bytes.length);
      for (const p of problems) assert.ok(p.frame !== undefined, `${p.code} names its frame`);
    }),
    { seed: SEED + 2, numRuns: 5000, includeErrorInReport: true },
  );
});

test('the session on random TCP segments to port 2000: never throws', () => {
  const segment = fc.record({
    fromStation: fc.boolean(),
    seqJump: fc.oneof(fc.constant(0), fc.integer({ min: -2000, max: 2000 }), fc.nat(0xffffffff)),
    flags: fc.constantFrom('PA', 'A', 'S', 'SA', 'FA', 'R', 'RA', ''),
    payload: fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom(...REAL_BODIES.slice(0, 30)).map((b) => join(header(b.length + 4, 0, 0x0022), b)),
    ),
  });
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 60 }), (segs) => {
      const messages: DecodedBody[] = [];
      const session = new SccpSession({ message: (m) => messages.push(m), problem: () => {} });
      const seq = [1000, 5000];
      segs.forEach((s, i) => {
        const d = s.fromStation ? 0 : 1;
        seq[d] = (seq[d]! + s.seqJump) >>> 0;
        const ends = s.fromStation ? { src: '10.0.0.2', srcPort: 50000, dst: '10.0.0.1', dstPort: 2000 } : { src: '10.0.0.1', srcPort: 2000, dst: '10.0.0.2', dstPort: 50000 };
        session.packet(tcpFrame({ ...ends, frame: i + 1, seq: seq[d], ack: seq[1 - d], flags: s.flags, payload: s.payload }));
        seq[d] = (seq[d]! + s.payload.length) >>> 0;
      });
      session.finish();
      for (const m of messages) checkFields(m.fields, Infinity, 'session message');
    }),
    { seed: SEED + 3, numRuns: 2000, includeErrorInReport: true },
  );
});

test('found by the properties: a header length below 4 has no body, and says so', () => {
  // ConfigStatV2Res (v21) with length 0: its first field is a NUL-ended string, which once ran past the message end.
  for (const len of [0, 1, 3]) {
    const m = decodeChecked(join(header(len, 0x15, 0x0142), new Uint8Array(8)), `length ${len}`);
    assert.deepEqual(m.fields.map((f) => f.name), ['data_length', 'hdr_version', 'messageId', 'sid']);
    assert.equal(m.problems[0]?.code, 'sccp.bad-length');
  }
});
