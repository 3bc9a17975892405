/**
 * Classic pcap on bytes built here: both byte orders, µs and ns magic, snap-length-cut records, damaged lengths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PCAP_MAX_RECORD } from '../../../src/core/capture/pcap';
import { pcapFile, readAll, readChunked } from './capture-bytes';

const frameA = Uint8Array.from({ length: 60 }, (_, i) => i);
const frameB = Uint8Array.from({ length: 7 }, (_, i) => 0xf0 + i);

describe('classic pcap', () => {
  for (const le of [true, false]) {
    for (const ns of [false, true]) {
      it(`${le ? 'little' : 'big'}-endian, ${ns ? 'nanosecond' : 'microsecond'} magic`, () => {
        const file = pcapFile({ le, ns, linkType: 113 }, [
          { sec: 1700000000, frac: ns ? 123456789 : 123456, data: frameA },
          { sec: 1700000001, frac: ns ? 999999999 : 999999, data: frameB, orig: 1514 },
        ]);
        const r = readAll(file);
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.info, { format: 'pcap', compressed: false, packets: 2, bytes: file.length });
        const [a, b] = r.packets;
        assert.equal(r.packets.length, 2);
        assert.deepEqual([a!.frame, a!.tsSec, a!.tsNsec, a!.tsDigits, a!.linkType, a!.originalLength, a!.interfaceId], [1, 1700000000, ns ? 123456789 : 123456000, ns ? 9 : 6, 113, 60, 0]);
        assert.deepEqual([b!.frame, b!.tsSec, b!.tsNsec, b!.originalLength], [2, 1700000001, ns ? 999999999 : 999999000, 1514]);
        assert.deepEqual(a!.data, frameA);
        assert.deepEqual(b!.data, frameB);
        // fileOffset: the packet's first captured byte (24-byte file header, 16-byte record header).
        assert.equal(a!.fileOffset, 40);
        assert.equal(b!.fileOffset, 40 + 60 + 16);
      });
    }
  }

  it('snap-length-cut records keep their original length', () => {
    const r = readAll(pcapFile({ le: true, ns: false, snaplen: 7 }, [{ sec: 1, frac: 0, data: frameB, orig: 1500 }]));
    assert.deepEqual(r.problems, []);
    assert.equal(r.packets[0]!.data.length, 7);
    assert.equal(r.packets[0]!.originalLength, 1500);
  });

  it('the FCS bits above the link type are not part of it', () => {
    const r = readAll(pcapFile({ le: false, ns: false, linkType: 0x10000001 }, [{ sec: 1, frac: 0, data: frameB }]));
    assert.equal(r.packets[0]!.linkType, 1);
  });

  it('a fraction of a second or more is carried into the seconds', () => {
    const r = readAll(pcapFile({ le: true, ns: false }, [{ sec: 10, frac: 2500000, data: frameB }]));
    assert.deepEqual([r.packets[0]!.tsSec, r.packets[0]!.tsNsec], [12, 500000000]);
  });

  it('a zero-length record is a packet with no bytes', () => {
    const r = readAll(pcapFile({ le: true, ns: false }, [{ sec: 1, frac: 0, data: new Uint8Array(0) }, { sec: 2, frac: 0, data: frameB }]));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.packets.map((p) => p.data.length), [0, 7]);
  });

  it('an absurd captured length is a problem at its offset, without waiting for (or allocating) the bytes; reading resumes at the next intact record', () => {
    const file = pcapFile({ le: true, ns: false }, [
      { sec: 1, frac: 0, data: frameA },
      { sec: 2, frac: 0, data: frameB, incl: 0xfffffff0 },
      { sec: 3, frac: 0, data: frameA },
    ]);
    for (const r of [readAll(file), readChunked(file, 3), readChunked(file, 1)]) {
      assert.deepEqual(r.packets.map((p) => p.tsSec), [1, 3], 'the record after the damaged one is read');
      assert.deepEqual(r.problems.map((p) => [p.code, p.offset]), [['capture.bad-record', 100], ['capture.resync', 100]]);
      assert.match(r.problems[0]!.message, /offset 100 claims 4294967280 captured bytes/);
      assert.match(r.problems[1]!.message, /skipped 23 damaged byte\(s\) from offset 100; reading resumes with the record at offset 123/);
    }
    // Only the header of the bad record was pushed: the problem comes at once.
    const head = file.subarray(0, 24 + 16 + 60 + 16);
    assert.equal(readChunked(head, 1).problems[0]!.code, 'capture.bad-record');
  });

  it('the bound is 256 KiB unless the snap length allows more (up to 16 MiB)', () => {
    const big = new Uint8Array(PCAP_MAX_RECORD + 1);
    const refused = readAll(pcapFile({ le: true, ns: false, snaplen: 65535 }, [{ sec: 1, frac: 0, data: big }]));
    assert.equal(refused.packets.length, 0);
    assert.equal(refused.problems[0]!.code, 'capture.bad-record');
    const allowed = readAll(pcapFile({ le: true, ns: false, snaplen: 1 << 20 }, [{ sec: 1, frac: 0, data: big }]));
    assert.deepEqual(allowed.problems, []);
    assert.equal(allowed.packets[0]!.data.length, PCAP_MAX_RECORD + 1);
  });

  it('a file that ends inside the record header or the record data says where it ends', () => {
    const file = pcapFile({ le: true, ns: false }, [{ sec: 1, frac: 0, data: frameA }, { sec: 2, frac: 0, data: frameB }]);
    const inHeader = readAll(file.subarray(0, 100 + 5));
    assert.equal(inHeader.packets.length, 1);
    assert.deepEqual(inHeader.problems.map((p) => [p.code, p.offset]), [['capture.truncated', 100]]);
    assert.match(inHeader.problems[0]!.message, /ends at offset 105, inside the header of the record at offset 100/);
    const inData = readAll(file.subarray(0, file.length - 2));
    assert.equal(inData.packets.length, 1);
    assert.match(inData.problems[0]!.message, /ends at offset 121, 2 byte\(s\) short of the end of the record at offset 100/);
    const inFileHeader = readAll(file.subarray(0, 10));
    assert.deepEqual(inFileHeader.problems.map((p) => p.code), ['capture.truncated']);
    assert.match(inFileHeader.problems[0]!.message, /ends at offset 10, inside the 24-byte pcap file header/);
  });
});
