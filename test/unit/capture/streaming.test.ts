/**
 * The reader streams: any chunking of a file gives the packets of the one-shot read; a file cut at any byte gives the
 * packets before the cut and one problem saying where it ends; gzip is detected by magic and streamed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaptureFile } from '../../../src/core/capture';
import type { CapturedPacket } from '../../../src/core/capture';
import { captureFixtures, fixture, packetKey, readAll, readChunked, streamChunked } from './capture-bytes';

describe('streaming reads', () => {
  for (const name of captureFixtures()) {
    it(`${name}: every chunk size gives the one-shot packets, and fileOffset points at each packet's bytes`, async () => {
      const bytes = fixture(name);
      const whole = readAll(bytes);
      assert.deepEqual(whole.problems, [], 'the fixtures read cleanly');
      assert.ok(whole.packets.length > 0);
      for (const p of whole.packets) assert.deepEqual(bytes.subarray(p.fileOffset, p.fileOffset + p.data.length), p.data, `frame ${p.frame}`);
      const expected = whole.packets.map(packetKey);
      for (const size of bytes.length < 20000 ? [1, 2, 3, 7, 64, 4096] : [7, 4096]) {
        assert.deepEqual(readChunked(bytes, size).packets.map(packetKey), expected, `chunks of ${size}`);
      }
      assert.deepEqual((await streamChunked(bytes, 1000)).packets.map(packetKey), expected, 'stream reader');
      // gzip: detected by magic, same packets (offsets count the uncompressed stream), flagged compressed.
      const gz = gzipSync(bytes);
      const unzipped = readAll(gz);
      assert.equal(unzipped.info?.compressed, true);
      assert.deepEqual(unzipped.packets.map(packetKey), expected);
      assert.deepEqual((await streamChunked(gz, 333)).packets.map(packetKey), expected, 'gzip through the stream reader');
    });
  }

  it('a file cut at every byte position: the packets before the cut, then one problem with the position', () => {
    for (const name of ['skinny-register.pcapng', 'pyskinny-cm2-virtualphone-hold-unhold.pcap']) {
      const bytes = fixture(name);
      const whole = readAll(bytes).packets;
      const ends = whole.map((p) => p.fileOffset + p.data.length);
      for (let cut = 1; cut < bytes.length; cut++) {
        const r = readAll(bytes.subarray(0, cut));
        // Every packet whose block/record lies wholly before the cut is read, unchanged.
        const complete = r.packets.length;
        assert.deepEqual(r.packets.map(packetKey), whole.slice(0, complete).map(packetKey), `${name} cut at ${cut}`);
        assert.ok(ends.slice(0, complete).every((e) => e <= cut));
        const atBoundary = r.problems.length === 0;
        if (!atBoundary) {
          assert.equal(r.problems.length, 1, `${name} cut at ${cut}: ${JSON.stringify(r.problems)}`);
          assert.equal(typeof r.problems[0]!.offset, 'number');
          assert.ok(r.problems[0]!.offset! < cut);
          // Under 4 bytes there is no magic number yet: the problem says the file is not a capture.
          if (cut >= 4) assert.match(r.problems[0]!.message, new RegExp(`\\b${cut}\\b`), 'the problem says where the file ends');
        }
      }
    }
  });

  it('readCaptureFile streams a file from disk (and a gzip one) with the same packets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sccp-read-'));
    const bytes = fixture('sccp_hw_xcode.pcapng');
    const expected = readAll(bytes).packets.map(packetKey);
    for (const [file, content] of [['a.pcapng', bytes], ['a.pcapng.gz', gzipSync(bytes)]] as const) {
      writeFileSync(join(dir, file), content);
      const got: CapturedPacket[] = [];
      const info = await readCaptureFile(join(dir, file), { packet: (p) => got.push(p), problem: (p) => assert.fail(p.message) });
      assert.equal(info?.format, 'pcapng');
      assert.deepEqual(got.map(packetKey), expected, file);
    }
  });

  it('a cut gzip file yields what inflates before the cut and says so', () => {
    const gz = gzipSync(fixture('sccp_hw_xcode.pcapng'));
    const r = readAll(gz.subarray(0, Math.floor(gz.length / 2)));
    assert.ok(r.packets.length > 0);
    assert.ok(r.problems.length >= 1);
    assert.ok(r.problems.every((p) => typeof p.offset === 'number' || /gzip|compress/i.test(p.message)));
  });

  it('bytes that are neither a capture nor a hex dump are one problem, not an exception', () => {
    const r = readAll(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff));
    assert.equal(r.packets.length, 0);
    assert.equal(r.problems.length, 1);
  });
});
