/**
 * A gzip bomb: a few hundred KB that inflate to far more. Reading it in memory must not hold the whole inflated
 * stream at once (neither the streaming reader nor the synchronous readCaptureBytes, which inflates a slice at a time).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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

/** V8's gc(), without starting node with --expose-gc: what is measured is memory held, not garbage not yet collected. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('readCaptureBytes on a gzip bomb holds less than the inflated size', () => {
  const inflated = 48 * 1024 * 1024;
  const z = bomb(inflated);
  assert.ok(z.length < inflated / 500, `${z.length} compressed bytes`);
  gc();
  const before = process.memoryUsage().arrayBuffers;
  let peak = 0;
  let packets = 0;
  readCaptureBytes(z, {
    packet: () => {
      if ((packets++ & 0xffff) === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
    },
    problem: () => {},
  });
  assert.equal(packets, inflated / 16);
  assert.ok(peak < inflated / 4, `array-buffer memory grew by ${Math.round(peak / 1048576)} MiB while reading ${Math.round(inflated / 1048576)} MiB of inflated data`);
});
