import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TcpStreamTable } from '../../../src/core/net/tcp-streams';
import { prng } from '../../helpers/prng';
import { Conn, Recorder, joined, randomBytes, run } from './tcp-harness';

const TWO_32 = 4294967296;
const L = 2048;
const stream = randomBytes(L, 2024);
const sizes = [...Array.from({ length: 64 }, (_, i) => i + 1), 100, 128, 255, 256, 500, 512, 1000, 1024, 1460, 2047, 2048];

function newConn(isnClient: number, isnServer = 77777) {
  return new Conn({ addr: '10.0.0.5', port: 51000 }, { addr: '10.0.0.1', port: 2000 }, [isnClient, isnServer], { frame: 0, tsSec: 1_700_000_000 });
}

type Range = [number, number];

/** Cuts [0, L) into segments of `size`, then swaps some neighbours, repeats some and adds overlapping resends. */
function perturbedSegments(size: number, seed: number, opts: { dupes: boolean; swaps: boolean }): Range[] {
  const rnd = prng(seed);
  const segs: Range[] = [];
  for (let o = 0; o < L; o += size) segs.push([o, Math.min(L, o + size)]);
  if (opts.swaps) {
    for (let i = 0; i + 1 < segs.length; i++) {
      if (rnd() < 0.3) {
        [segs[i], segs[i + 1]] = [segs[i + 1]!, segs[i]!];
        i++;
      }
    }
  }
  if (!opts.dupes) return segs;
  const out: Range[] = [];
  for (const s of segs) {
    out.push(s);
    const r = rnd();
    if (r < 0.15) out.push(out[Math.floor(rnd() * out.length)]!); // plain duplicate of something already sent
    else if (r < 0.3) {
      // Repacketized resend overlapping earlier data and possibly running ahead.
      const prev = out[Math.max(0, out.length - 1 - Math.floor(rnd() * 3))]!;
      const a = prev[0] + Math.floor(rnd() * (prev[1] - prev[0]));
      const b = Math.min(L, a + 1 + Math.floor(rnd() * 2 * size));
      out.push([a, b]);
    }
  }
  return out;
}

/** Frames for: handshake, client data segments (with the server acking what a receiver would have), FINs. */
function connectionFrames(conn: Conn, segs: Range[], acks: 'receiver' | 'none', seed: number, uncaptured?: Range) {
  const rnd = prng(seed ^ 0x5a5a);
  const frames = conn.handshake();
  const have = new Uint8Array(L);
  // A segment the receiver got but the capture did not see: its acks run past the hole.
  if (uncaptured) have.fill(1, uncaptured[0], uncaptured[1]);
  let prefix = 0;
  for (const [a, b] of segs) {
    frames.push(conn.seg(0, a, stream.subarray(a, b), 'PA', 0));
    have.fill(1, a, b);
    while (prefix < L && have[prefix]) prefix++;
    if (acks !== 'none' && rnd() < 0.5) frames.push(conn.seg(1, 0, new Uint8Array(0), 'A', prefix));
  }
  frames.push(conn.seg(0, L, new Uint8Array(0), 'FA', 0));
  if (acks !== 'none') frames.push(conn.seg(1, 0, new Uint8Array(0), 'FA', prefix === L ? L + 1 : prefix));
  frames.push(conn.seg(0, L + 1, new Uint8Array(0), 'A', 1));
  return frames;
}

test('any segmentation, with duplicates, overlapping resends and swapped neighbours, delivers the stream exactly once', () => {
  for (const isn of [1000, TWO_32 - 700, TWO_32 - 1]) {
    for (const size of sizes) {
      const conn = newConn(isn);
      const segs = perturbedSegments(size, size * 31 + isn, { dupes: true, swaps: true });
      const rec = run(connectionFrames(conn, segs, 'receiver', size));
      assert.equal(rec.streams.length, 1);
      const d = rec.streams[0]!.dirs[0];
      assert.deepEqual(d.gaps, [], `size ${size}, isn ${isn}`);
      assert.ok(Buffer.from(joined(d)).equals(Buffer.from(stream)), `size ${size}, isn ${isn}: delivered bytes differ`);
      assert.equal(d.chunks[0]!.offset, 0);
      assert.equal(d.closed, 'fin');
      assert.equal(rec.streams[0]!.dirs[1].closed, 'fin');
      assert.deepEqual(rec.problems, [], `size ${size}, isn ${isn}`);
    }
  }
});

test('one dropped segment gives exactly one gap with its range, and everything else is delivered', () => {
  for (const size of [1, 7, 64, 100, 500, 1024]) {
    const all = perturbedSegments(size, size, { dupes: false, swaps: true });
    const count = all.length;
    for (const drop of [...new Set([0, 1, Math.floor(count / 2), count - 1])]) {
      // 'none': nothing tells us early, so the gap comes at the end; 'receiver': the receiver got the segment the
      // capture missed and acknowledged it, so the gap is known as soon as such an ack is seen.
      for (const acks of ['none', 'receiver'] as const) {
        const [from, to] = all[drop]!;
        const segs = all.filter((_, i) => i !== drop);
        const rec = run(connectionFrames(newConn(TWO_32 - 3 * size), segs, acks, drop, all[drop]));
        const d = rec.streams[0]!.dirs[0];
        assert.deepEqual(d.gaps, [[from, to]], `size ${size}, drop ${drop}, acks ${acks}`);
        const want = Buffer.concat([stream.subarray(0, from), stream.subarray(to)]);
        assert.ok(Buffer.from(joined(d)).equals(want), `size ${size}, drop ${drop}: data differs`);
        assert.equal(d.closed, 'fin');
        assert.deepEqual(rec.problems, []);
      }
    }
  }
});

test('a gap is declared when the peer acknowledges beyond the hole, before the capture ends', () => {
  const conn = newConn(5);
  const frames = [
    ...conn.handshake(),
    conn.seg(0, 0, stream.subarray(0, 100), 'PA', 0),
    conn.seg(0, 200, stream.subarray(200, 300), 'PA', 0), // 100..200 never captured
    conn.seg(1, 0, new Uint8Array(0), 'A', 100), // duplicate-ack style: no gap yet
    conn.seg(1, 0, new Uint8Array(0), 'A', 300), // the receiver has it all: the capture missed 100..200
  ];
  const rec = run(frames.slice(0, 6), { holeTimeoutSec: 1e9 });
  // Without the final ack, the gap only comes at the end (finish), after the data was buffered.
  assert.deepEqual(rec.streams[0]!.dirs[0].gaps, [[100, 200]]);
  const rec2 = new Recorder();
  const table = new TcpStreamTable(rec2);
  for (const f of frames) table.push(f);
  assert.deepEqual(rec2.streams[0]!.dirs[0].gaps, [[100, 200]], 'gap should be known before finish()');
  assert.equal(rec2.streams[0]!.dirs[0].chunks.at(-1)!.offset, 200);
});

test('sequence numbers wrap around 2^32 transparently, also with out-of-order segments across the wrap', () => {
  const isn = TWO_32 - 150; // data offset 0 is raw seq 2^32-149: the wrap falls inside the second segment
  const conn = newConn(isn);
  const segs: Range[] = [[0, 100], [200, 300], [100, 200], [300, 2048]];
  const rec = run(connectionFrames(conn, segs, 'receiver', 1));
  const d = rec.streams[0]!.dirs[0];
  assert.deepEqual(d.chunks.map((c) => c.offset), [0, 100, 200, 300]);
  assert.ok(Buffer.from(joined(d)).equals(Buffer.from(stream)));
  assert.deepEqual(d.gaps, []);
});

test('out-of-order data is held and delivered in order once the hole fills, with the carrying frames', () => {
  const conn = newConn(42);
  const frames = [...conn.handshake(), conn.seg(0, 10, stream.subarray(10, 20), 'PA', 0), conn.seg(0, 20, stream.subarray(20, 30), 'PA', 0), conn.seg(0, 0, stream.subarray(0, 10), 'PA', 0)];
  const rec = run(frames);
  const d = rec.streams[0]!.dirs[0];
  assert.deepEqual(d.chunks.map((c) => [c.offset, c.bytes.length, c.frame]), [[0, 10, 6], [10, 10, 4], [20, 10, 5]]);
});

test('random segmentations and reorderings (fast-check) always reproduce the stream', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 0, max: TWO_32 - 1 }),
      fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 0x7fffffff }),
      (len, isn, cuts, seed) => {
        const data = randomBytes(len, seed);
        const rnd = prng(seed);
        const segs: Range[] = [];
        for (let o = 0, k = 0; o < len; k++) {
          const n = cuts[k % cuts.length]!;
          segs.push([o, Math.min(len, o + n)]);
          o += n;
        }
        // Local reordering (a segment moves at most 3 places) and duplicates.
        for (let i = 0; i < segs.length; i++) {
          const j = Math.min(segs.length - 1, i + Math.floor(rnd() * 4));
          [segs[i], segs[j]] = [segs[j]!, segs[i]!];
        }
        const withDupes = segs.flatMap((s) => (rnd() < 0.2 ? [s, s] : [s]));
        const conn = new Conn({ addr: '2001:db8::5', port: 40000 }, { addr: '2001:db8::1', port: 2000 }, [isn, 9], { frame: 0, tsSec: 1 });
        const frames = [...conn.handshake(), ...withDupes.map(([a, b]) => conn.seg(0, a, data.subarray(a, b), 'PA', 0)), conn.seg(0, len, new Uint8Array(0), 'FA', 0)];
        const rec = run(frames);
        const d = rec.streams[0]!.dirs[0];
        return d.gaps.length === 0 && Buffer.from(joined(d)).equals(Buffer.from(data)) && d.closed === 'fin' && rec.problems.length === 0;
      },
    ),
    { numRuns: 300, seed: 4242 },
  );
});

test('passing the buffer bound reports tcp.buffer-limit, declares the hole a gap and resumes delivery', () => {
  const conn = newConn(1);
  const frames = [...conn.handshake(), conn.seg(0, 0, stream.subarray(0, 100), 'PA', 0)];
  // 100..200 lost; then 100-byte segments pile up behind the hole.
  for (let o = 200; o < 1500; o += 100) frames.push(conn.seg(0, o, stream.subarray(o, o + 100), 'PA', 0));
  const rec = run(frames, { maxBufferedBytesPerDirection: 1000 });
  const d = rec.streams[0]!.dirs[0];
  const limit = rec.problems.filter((p) => p.code === 'tcp.buffer-limit');
  assert.equal(limit.length, 1);
  // 200..1200 is 1000 bytes (at the bound); the segment at 1200 (frame 4 + 11 = 15) passes it.
  assert.equal(limit[0]!.frame, 15);
  assert.match(limit[0]!.message, /TCP stream 0, 10\.0\.0\.5:51000 -> 10\.0\.0\.1:2000/);
  assert.deepEqual(d.gaps, [[100, 200]]);
  assert.ok(Buffer.from(joined(d)).equals(Buffer.concat([stream.subarray(0, 100), stream.subarray(200, 1500)])));
  // Data after the bound was passed arrived in order and was delivered straight away.
  assert.equal(d.chunks.at(-1)!.frame, frames.length);
});

test('a hole still open after the hole timeout (capture time) becomes a gap', () => {
  const counter = { frame: 0, tsSec: 1000 };
  const conn = new Conn({ addr: '10.0.0.5', port: 51000 }, { addr: '10.0.0.1', port: 2000 }, [1, 2], counter);
  const frames = [...conn.handshake(), conn.seg(0, 0, stream.subarray(0, 10), 'PA', 0), conn.seg(0, 20, stream.subarray(20, 30), 'PA', 0)];
  counter.tsSec += 59;
  frames.push(conn.seg(1, 0, new Uint8Array(0), 'A', 10));
  counter.tsSec += 2;
  frames.push(conn.seg(1, 0, new Uint8Array(0), 'A', 10));
  const rec = new Recorder();
  const table = new TcpStreamTable(rec);
  for (const f of frames.slice(0, -1)) table.push(f);
  assert.deepEqual(rec.streams[0]!.dirs[0].gaps, []);
  table.push(frames.at(-1)!);
  assert.deepEqual(rec.streams[0]!.dirs[0].gaps, [[10, 20]]);
});

test('keep-alive probes and zero-length segments disturb nothing', () => {
  const conn = newConn(TWO_32 - 5);
  const garbage = Uint8Array.of(0);
  const frames = [
    ...conn.handshake(),
    conn.seg(0, 0, stream.subarray(0, 50), 'PA', 0),
    conn.seg(0, 49, garbage, 'A', 0), // keep-alive: 1 byte at next - 1
    conn.seg(0, 49, new Uint8Array(0), 'A', 0), // zero-length keep-alive
    conn.seg(1, 0, new Uint8Array(0), 'A', 50),
    conn.seg(0, 50, new Uint8Array(0), 'A', 0),
    conn.seg(0, 12345, new Uint8Array(0), 'A', 0), // a pure ACK with an odd seq carries no data to place
    conn.seg(0, 50, stream.subarray(50, 80), 'PA', 0),
  ];
  const rec = run(frames);
  const d = rec.streams[0]!.dirs[0];
  assert.ok(Buffer.from(joined(d)).equals(Buffer.from(stream.subarray(0, 80))));
  assert.deepEqual(d.gaps, []);
  assert.deepEqual(rec.problems, []);
});

test('resent bytes that differ from what was delivered are a tcp.overlap-mismatch; the first bytes are kept', () => {
  const conn = newConn(100);
  const forged = Uint8Array.from(stream.subarray(0, 40)).fill(0x55, 10, 20);
  const frames = [
    ...conn.handshake(),
    conn.seg(0, 0, stream.subarray(0, 30), 'PA', 0),
    conn.seg(0, 0, forged, 'PA', 0), // bytes 10..19 differ; 30..39 are new
    conn.seg(0, 60, stream.subarray(60, 70), 'PA', 0),
    conn.seg(0, 55, Uint8Array.from(stream.subarray(55, 70)).fill(0x66, 10, 15), 'PA', 0), // differs from the buffered 60..69
    conn.seg(0, 40, stream.subarray(40, 55), 'PA', 0),
  ];
  const rec = run(frames);
  const d = rec.streams[0]!.dirs[0];
  assert.ok(Buffer.from(joined(d)).equals(Buffer.from(stream.subarray(0, 70))));
  assert.deepEqual(rec.problems.map((p) => [p.code, p.frame]), [['tcp.overlap-mismatch', 5], ['tcp.overlap-mismatch', 7]]);
  assert.match(rec.problems[0]!.message, /stream bytes 0-29 .*first difference at 10/);
});

test('RST delivers what was buffered after a gap, closes both directions and ends the stream', () => {
  const conn = newConn(7);
  const frames = [
    ...conn.handshake(),
    conn.seg(0, 0, stream.subarray(0, 10), 'PA', 0),
    conn.seg(0, 20, stream.subarray(20, 30), 'PA', 0),
    conn.seg(1, 0, stream.subarray(500, 510), 'PA', 10),
    conn.seg(1, 10, new Uint8Array(0), 'R'),
    conn.seg(0, 30, stream.subarray(30, 40), 'PA', 10), // after the reset: ignored
  ];
  const rec = run(frames);
  const [c2s, s2c] = rec.streams[0]!.dirs;
  assert.deepEqual(c2s.gaps, [[10, 20]]);
  assert.deepEqual(c2s.chunks.map((c) => c.offset), [0, 20]);
  assert.equal(c2s.closed, 'rst');
  assert.equal(s2c.closed, 'rst');
  assert.equal(joined(s2c).length, 10);
});

test('a frame cut by the snap length: the missing tail of its segment becomes a gap, the FIN still closes', () => {
  const conn = newConn(3);
  const whole = conn.seg(0, 0, stream.subarray(0, 300), 'PA', 0);
  const cut = { ...whole, tcp: { ...whole.tcp!, payload: whole.tcp!.payload.subarray(0, 120) } };
  const frames = [...conn.handshake(), cut, conn.seg(0, 300, stream.subarray(300, 350), 'FPA', 0)];
  const rec = run(frames);
  const d = rec.streams[0]!.dirs[0];
  assert.deepEqual(d.gaps, [[120, 300]]);
  assert.ok(Buffer.from(joined(d)).equals(Buffer.concat([stream.subarray(0, 120), stream.subarray(300, 350)])));
  assert.equal(d.closed, 'fin');
});

test('garbage TCP traffic never throws and keeps the sink contract (checked by the recorder)', () => {
  const rnd = prng(99);
  for (let round = 0; round < 30; round++) {
    const counter = { frame: 0, tsSec: 1000 };
    const conns = [0, 1, 2].map((i) => new Conn({ addr: '10.0.0.' + (i + 2), port: 3000 + (i % 2) }, { addr: '10.0.0.1', port: 2000 }, [Math.floor(rnd() * TWO_32), Math.floor(rnd() * TWO_32)], counter));
    const frames = [];
    for (let i = 0; i < 300; i++) {
      const conn = conns[Math.floor(rnd() * conns.length)]!;
      const flags = ['S', 'SA', 'A', 'PA', 'FA', 'R', 'RA', 'F', ''][Math.floor(rnd() * 9)]!;
      const near = rnd() < 0.8;
      const offset = near ? Math.floor(rnd() * 3000) - 100 : Math.floor(rnd() * TWO_32);
      const len = rnd() < 0.3 ? 0 : Math.floor(rnd() * 400);
      if (rnd() < 0.05) counter.tsSec += 100;
      frames.push(conn.seg(rnd() < 0.5 ? 0 : 1, offset, randomBytes(len, i), flags, flags.includes('A') ? Math.floor(rnd() * 3000) : undefined));
    }
    run(frames, { maxBufferedBytesPerDirection: 2000 });
  }
});
