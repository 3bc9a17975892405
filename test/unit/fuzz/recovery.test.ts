/**
 * After a corruption, what follows still decodes: real captures with one thing broken in the middle.
 * - a pcapng block of an unknown type: every other packet comes out, unchanged;
 * - a record or block whose length field is impossible: the reader should find the next record (open: it stops);
 * - an SCCP message whose header length is impossible: the messages of other streams are unchanged, and those after
 *   it in its own direction still come out at their offsets.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCaptureBytes, type CapturedPacket } from '../../../src/core/capture';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';
import { repoRoot } from '../../../src/fuzz/corpus';
import { captureLayout, setField } from '../../../src/fuzz/structure';

const DIR = join(repoRoot(), 'test', 'fixtures', 'captures');
const CAPTURES = ['skinny-call-rtp.pcap', 'sccp_hw_conf.pcapng', 'pyskinny-cm4-register-softkeys.pcapng', 'sccp_cme_init.pcapng', 'sccp_dtmf_oob.pcapng'];

function read(bytes: Uint8Array): CapturedPacket[] {
  const out: CapturedPacket[] = [];
  readCaptureBytes(bytes, { packet: (p) => out.push({ ...p, data: p.data.slice() }), problem: () => {} });
  return out;
}

function decode(packets: readonly CapturedPacket[]): SccpMessage[] {
  const out: SccpMessage[] = [];
  const s = new SccpSession({ message: (m) => out.push(m), problem: () => {} });
  for (const p of packets) s.packet(p);
  s.finish();
  return out;
}

const key = (m: SccpMessage): string => `${m.stream}/${m.srcPort}>${m.dstPort}@${m.streamOffset}:${m.idHex}:${m.length}`;

describe('recovery after a corruption', () => {
  it('a pcapng block of an unknown type in the middle: all other packets still come out', () => {
    for (const name of CAPTURES.filter((n) => n.endsWith('.pcapng'))) {
      const b = new Uint8Array(readFileSync(join(DIR, name)));
      const layout = captureLayout(b);
      const mid = layout.blocks[Math.floor(layout.blocks.length / 2)]!;
      const before = read(b);
      const c = b.slice();
      setField(c, { offset: mid.offset, size: 4, littleEndian: true, what: 'type' }, 0x0bad0bad);
      const after = read(c);
      assert.equal(after.length, before.length - 1, name);
      const dropped = before.findIndex((p) => p.fileOffset >= mid.offset && p.fileOffset < mid.offset + mid.length);
      assert.ok(dropped >= 0, `${name}: the block at ${mid.offset} holds a packet`);
      const expected = before.filter((_, i) => i !== dropped);
      after.forEach((p, i) => assert.deepEqual(Buffer.from(p.data), Buffer.from(expected[i]!.data), `${name} packet ${i + 1}`));
    }
  });

  it('an impossible record length in the middle: the packets after it still come out', () => {
    for (const name of CAPTURES) {
      const b = new Uint8Array(readFileSync(join(DIR, name)));
      const layout = captureLayout(b);
      const mid = layout.blocks[Math.floor(layout.blocks.length / 2)]!;
      const field = layout.lengths.find((l) => l.offset >= mid.offset && l.offset < mid.offset + 12 && /included length|total length/.test(l.what))!;
      const c = b.slice();
      setField(c, field, 0xffffffff);
      const after = read(c);
      // The damaged record's own packet is lost (its length is what was destroyed); every one after it must come out.
      const later = read(b).filter((p) => p.fileOffset > mid.offset).slice(1);
      assert.ok(later.every((p) => after.some((q) => q.fileOffset === p.fileOffset)), `${name}: packets after offset ${mid.offset} are lost (${after.length} read)`);
    }
  });

  it('an SCCP header with an impossible length in the middle: the messages after it still come out', () => {
    let tried = 0;
    for (const name of CAPTURES) {
      const packets = read(new Uint8Array(readFileSync(join(DIR, name))));
      const before = decode(packets);
      // A message in the middle that one frame carries whole, followed by more in its direction.
      const sameDir = (a: SccpMessage, b: SccpMessage): boolean => a.stream === b.stream && a.srcPort === b.srcPort && a.src === b.src;
      const target = before.slice(Math.floor(before.length / 2)).find((m) => m.frames.length === 1 && before.filter((x) => sameDir(x, m) && x.streamOffset > m.streamOffset).length >= 2);
      if (!target) continue;
      tried++;
      const pi = packets.findIndex((p) => p.frame === target.frame);
      const data = Buffer.from(packets[pi]!.data);
      const at = data.indexOf(Buffer.from(target.bytes));
      assert.ok(at >= 0, `${name}: message found in frame ${target.frame}`);
      data.writeUInt32LE(0xffffffff, at);
      const corrupted = packets.map((p, i) => (i === pi ? { ...p, data: new Uint8Array(data) } : p));
      const after = new Set(decode(corrupted).map(key));
      const lost = before.filter((m) => m !== target && !after.has(key(m)));
      assert.deepEqual(lost.map(key), [], `${name}: corrupting the message at frame ${target.frame} (${key(target)}) lost others`);
    }
    assert.ok(tried >= 4, `only ${tried} captures had a message to corrupt`);
  });
});
