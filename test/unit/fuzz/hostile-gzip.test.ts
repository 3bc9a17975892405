/**
 * A gzip bomb: a few hundred KB that inflate to far more. Reading it in memory must not hold the whole inflated
 * stream at once (the streaming reader does not; the synchronous readCaptureBytes inflates in one go).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { readCaptureBytes } from '../../../src/core/capture';

/** A pcap header, then `zeros` bytes of zeros: empty records, 16 bytes each. */
function bomb(zeros: number): Uint8Array {
  const b = Buffer.alloc(24 + zeros);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(65535, 16);
  b.writeUInt32LE(1, 20);
  return new Uint8Array(gzipSync(b, { level: 9 }));
}

test('readCaptureBytes on a gzip bomb holds less than the inflated size', { todo: 'open, routed to reader (src/core/capture/read.ts: gunzipSync inflates the whole stream)' }, () => {
  const inflated = 48 * 1024 * 1024;
  const z = bomb(inflated);
  assert.ok(z.length < inflated / 500, `${z.length} compressed bytes`);
  const before = getHeapStatistics().external_memory;
  let peak = 0;
  let packets = 0;
  readCaptureBytes(z, {
    packet: () => {
      if ((packets++ & 0xffff) === 0) peak = Math.max(peak, getHeapStatistics().external_memory - before);
    },
    problem: () => {},
  });
  assert.equal(packets, inflated / 16);
  assert.ok(peak < inflated / 4, `external memory grew by ${Math.round(peak / 1048576)} MiB while reading ${Math.round(inflated / 1048576)} MiB of inflated data`);
});
