import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveredWindow } from '../../../src/core/net/delivered-window';

const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('DeliveredWindow (recent delivered bytes for retransmission checks)', () => {
  it('gives back the held part of a range, with its stream offset', () => {
    const w = new DeliveredWindow(64);
    w.append(100, bytes(100, 10));
    w.append(110, bytes(110, 10));
    assert.deepEqual(w.overlap(95, 105), { offset: 100, bytes: bytes(100, 5) });
    assert.deepEqual(w.overlap(108, 130), { offset: 108, bytes: bytes(108, 12) });
    assert.equal(w.overlap(120, 130), undefined);
    assert.equal(w.overlap(0, 100), undefined);
  });

  it('keeps between half and all of its capacity, the newest bytes, when more arrive', () => {
    const w = new DeliveredWindow(64);
    for (let off = 0; off < 1000; off += 7) w.append(off, bytes(off, 7));
    const end = 1001;
    const held = w.overlap(0, end)!;
    assert.equal(held.offset + held.bytes.length, end);
    assert.ok(held.bytes.length >= 32 && held.bytes.length <= 64, `held ${held.bytes.length}`);
    assert.deepEqual(held.bytes, bytes(held.offset, held.bytes.length));
  });

  it('copies what it keeps (the caller may reuse its buffer) and keeps only the tail of a huge delivery', () => {
    const w = new DeliveredWindow(16);
    const b = bytes(0, 40);
    w.append(0, b);
    b.fill(0);
    assert.deepEqual(w.overlap(0, 40), { offset: 24, bytes: bytes(24, 16) });
  });

  it('starts afresh after a jump (a gap) and after clear', () => {
    const w = new DeliveredWindow(64);
    w.append(0, bytes(0, 10));
    w.append(50, bytes(50, 5));
    assert.equal(w.overlap(0, 10), undefined);
    assert.deepEqual(w.overlap(0, 100), { offset: 50, bytes: bytes(50, 5) });
    w.clear();
    assert.equal(w.overlap(0, 100), undefined);
  });
});
