/**
 * The document model: edits re-read only around the edit, and the result is always what reading the whole new
 * text gives; positions map to bytes and back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TextPacket } from '../../../src/core/capture/hexdump';
import { HexDocument, type Range } from '../../../src/server/document-model';
import { hexFixture } from '../hexdump/fixtures';

function snapshot(ps: readonly TextPacket[]): unknown {
  return ps.map((p) => ({ ...p, bytes: Buffer.from(p.bytes).toString('hex'), byteLine: Array.from(p.byteLine), byteCol: Array.from(p.byteCol) }));
}

function offsetToPos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('HexDocument', () => {
  const base = hexFixture('skinny-register.tcpdump-XX-tttt.txt') + hexFixture('skinny-register.tcpdump-xx.txt');

  it('random edits (one or several before reading) give the same packets as a fresh read of the new text', () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat(60), insert: fc.oneof(fc.constantFrom('\n', '\n\n', 'zz ', '0x0000:  4500 ', '12:00:00.000001 IP x > y\n', ' 1c', ''), fc.string({ maxLength: 12 })) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, settleEach) => {
        let text = base;
        const doc = new HexDocument(text);
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          const end = Math.min(text.length, at + e.cut);
          const range: Range = { start: offsetToPos(text, at), end: offsetToPos(text, end) };
          doc.applyChange(range, e.insert);
          text = text.slice(0, at) + e.insert + text.slice(end);
          if (settleEach) doc.settle();
        }
        assert.equal(doc.getText(), text);
        assert.deepEqual(snapshot(doc.packets), snapshot(new HexDocument(text).packets));
      }),
      { numRuns: 300 },
    );
  });

  it('an edit in the middle of a long dump re-reads a few packets, not the dump', () => {
    const long = base.repeat(40); // 1360 packets
    const doc = new HexDocument(long);
    const line = Math.floor(doc.lineCount / 2);
    doc.applyChange({ start: { line, character: 10 }, end: { line, character: 14 } }, 'ffff');
    doc.settle();
    assert.ok(doc.lastReparseLines < 40, `re-read ${doc.lastReparseLines} lines`);
    assert.deepEqual(snapshot(doc.packets), snapshot(new HexDocument(doc.getText()).packets));
  });

  it('positions map to bytes and back', () => {
    const doc = new HexDocument(hexFixture('skinny-register.tcpdump-XX-tttt.txt'));
    // Line 2 is "\t0x0000:  0050 56ea da92 ...": the third byte "56" is at column 15.
    assert.deepEqual(doc.byteAt({ line: 1, character: 15 }), { packet: 0, byte: 2 });
    assert.deepEqual(doc.byteAt({ line: 1, character: 16 }), { packet: 0, byte: 2 });
    assert.equal(doc.byteAt({ line: 1, character: 1 }), undefined); // the offset
    assert.equal(doc.byteAt({ line: 0, character: 3 }), undefined); // the header line
    assert.equal(doc.byteAt({ line: 1, character: 60 }), undefined); // the ASCII gutter
    assert.deepEqual(doc.rangeOfBytes(0, 2, 4), { start: { line: 1, character: 15 }, end: { line: 1, character: 19 } });
    assert.deepEqual(doc.rangeOfBytes(0, 14, 18), { start: { line: 1, character: 45 }, end: { line: 2, character: 14 } });
  });
});
