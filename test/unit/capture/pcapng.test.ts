/**
 * pcapng on bytes built here: either byte order, several sections and interfaces, if_tsresol / if_tsoffset, the
 * three packet block types, unknown blocks and damaged lengths.
 */
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import fc from 'fast-check';
import { pcapngTime } from '../../../src/core/capture/pcapng';
import { block, concat, epb, idb, pb, readAll, readChunked, shb, spb } from './capture-bytes';

const data = Uint8Array.from({ length: 42 }, (_, i) => i + 1);
const small = Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x01]);

describe('pcapng', () => {
  for (const le of [true, false]) {
    it(`${le ? 'little' : 'big'}-endian section: EPB timestamps in the default microseconds`, () => {
      const file = concat(shb(le), idb(le, { linkType: 1 }), epb(le, 0, 1700000000123456n, data, 60));
      const r = readAll(file);
      assert.deepEqual(r.problems, []);
      assert.equal(r.info?.format, 'pcapng');
      assert.equal(r.packets.length, 1);
      const p = r.packets[0]!;
      assert.deepEqual([p.frame, p.tsSec, p.tsNsec, p.tsDigits, p.linkType, p.originalLength, p.interfaceId], [1, 1700000000, 123456000, 6, 1, 60, 0]);
      assert.deepEqual(p.data, data);
      // fileOffset is where the packet's bytes are in the file.
      assert.deepEqual(file.subarray(p.fileOffset, p.fileOffset + data.length), data);
    });
  }

  it('several interfaces, each with its own link type and timestamp resolution', () => {
    const file = concat(
      shb(true),
      idb(true, { linkType: 1 }),
      idb(true, { linkType: 101, tsresol: 9 }), // 10^-9
      idb(true, { linkType: 113, tsresol: 0x80 | 10 }), // 2^-10
      epb(true, 1, 1700000000123456789n, small),
      epb(true, 2, 1700000000n * 1024n + 512n, small),
      epb(true, 0, 5_000_001n, small),
    );
    const r = readAll(file);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec, p.tsDigits]),
      [
        [1, 101, 1700000000, 123456789, 9],
        [2, 113, 1700000000, 500000000, r.packets[1]!.tsDigits],
        [0, 1, 5, 1000, 6],
      ],
    );
  });

  it('if_tsoffset adds whole seconds to every timestamp of its interface', () => {
    const r = readAll(concat(shb(true), idb(true, { linkType: 1, tsoffset: 1000n }), epb(true, 0, 2_500_000n, small)));
    assert.deepEqual(r.problems, []);
    assert.deepEqual([r.packets[0]!.tsSec, r.packets[0]!.tsNsec], [1002, 500000000]);
  });

  it('a second section starts its own interface numbering (and may change byte order)', () => {
    const file = concat(
      shb(true),
      idb(true, { linkType: 1 }),
      epb(true, 0, 1n, small),
      shb(false),
      idb(false, { linkType: 228 }),
      epb(false, 0, 2n, small),
    );
    const r = readAll(file);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.packets.map((p) => [p.frame, p.linkType]), [[1, 1], [2, 228]]);
  });

  it('Simple Packet Blocks (interface 0, no timestamp) and obsolete Packet Blocks', () => {
    const r = readAll(concat(shb(true), idb(true, { linkType: 1, snaplen: 3 }), spb(true, 100, small.subarray(0, 3)), pb(true, 0, 7_000_000n, small)));
    assert.deepEqual(r.problems, []);
    assert.equal(r.packets.length, 2);
    assert.deepEqual([r.packets[0]!.originalLength, r.packets[0]!.data.length, r.packets[0]!.interfaceId], [100, 3, 0]);
    assert.deepEqual([r.packets[1]!.tsSec, r.packets[1]!.data], [7, small]);
  });

  it('unknown block types are skipped by their length', () => {
    const custom = block(true, 0x40000bad, Uint8Array.from({ length: 13 }, () => 0x55));
    const stats = block(true, 5, new Uint8Array(20)); // Interface Statistics Block
    const r = readAll(concat(shb(true), idb(true, { linkType: 1 }), custom, epb(true, 0, 1n, small), stats, epb(true, 0, 2n, small)));
    assert.deepEqual(r.problems, []);
    assert.equal(r.packets.length, 2);
  });

  it('a packet on an interface that was never described is a problem, and reading goes on', () => {
    const r = readAll(concat(shb(true), idb(true, { linkType: 1 }), epb(true, 3, 1n, small), epb(true, 0, 2n, small)));
    assert.equal(r.packets.length >= 1, true);
    assert.equal(r.packets[r.packets.length - 1]!.tsNsec, 2000);
    assert.ok(r.problems.length >= 1 && r.problems.every((p) => p.offset !== undefined));
  });

  it('an absurd block length is a problem at its offset, not an allocation', () => {
    const head = concat(shb(true), idb(true, { linkType: 1 }));
    const bad = block(true, 6, new Uint8Array(8), { length: 0xfffffff0 });
    for (const r of [readAll(concat(head, bad)), readChunked(concat(head, bad), 5)]) {
      assert.equal(r.packets.length, 0);
      assert.deepEqual(r.problems.map((p) => [p.code, p.offset]), [['capture.bad-block', head.length], ['capture.resync', head.length]]);
      assert.match(r.problems[1]!.message, /to the end: no intact block followed/);
    }
  });

  it('after a damaged block, reading resumes at the next intact block', () => {
    const head = concat(shb(true), idb(true, { linkType: 1 }), epb(true, 0, 1n, small));
    const bad = block(true, 6, new Uint8Array(40), { length: 0x7ffffff0 });
    const tail = concat(epb(true, 0, 2n, small), epb(true, 0, 3n, data));
    const file = concat(head, bad, tail);
    for (const r of [readAll(file), readChunked(file, 1), readChunked(file, 7)]) {
      assert.deepEqual(r.packets.map((p) => p.tsNsec), [1000, 2000, 3000], 'the packets after the damage come out');
      assert.deepEqual(r.problems.map((p) => [p.code, p.offset]), [['capture.bad-block', head.length], ['capture.resync', head.length]]);
      assert.match(r.problems[1]!.message, new RegExp(`skipped ${bad.length} damaged byte\\(s\\) from offset ${head.length}; reading resumes with the block at offset ${head.length + bad.length}`));
      const last = r.packets[2]!;
      assert.deepEqual(file.subarray(last.fileOffset, last.fileOffset + data.length), data);
    }
  });

  it('a block whose trailing length disagrees is reported', () => {
    const r = readAll(concat(shb(true), idb(true, { linkType: 1 }), block(true, 6, new Uint8Array(24), { trailer: 12 })));
    assert.ok(r.problems.length >= 1);
    assert.ok(r.problems.every((p) => typeof p.offset === 'number'));
  });
});

test('microsecond timestamps are read without BigInt and give what BigInt arithmetic gives', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0x1fffff }), fc.integer({ min: 0, max: 0xffffffff }), (hi, lo) => {
      const ts = (BigInt(hi) << 32n) | BigInt(lo);
      assert.deepEqual(pcapngTime({ unitsPerSec: 1000000n, offsetSec: 0n }, hi, lo), [Number(ts / 1000000n), Number((ts % 1000000n) * 1000n)]);
    }),
    { numRuns: 5000, seed: 11 },
  );
  // Nanoseconds and offsets take the BigInt way.
  assert.deepEqual(pcapngTime({ unitsPerSec: 1000000000n, offsetSec: 5n }, 0x17a2b3c4, 0x12345678), [Number(((0x17a2b3c4n << 32n) | 0x12345678n) / 1000000000n + 5n), Number(((0x17a2b3c4n << 32n) | 0x12345678n) % 1000000000n)]);
});
