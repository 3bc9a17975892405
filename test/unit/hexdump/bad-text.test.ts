/**
 * Bad text is reported with its line and column, and the rest still decodes: non-hex characters, odd digit counts,
 * mixed formats, offsets that disagree with the bytes. Random text never throws.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HexDumpStream, looksLikeHexDump, readHexDumpBytes, readHexDumpText } from '../../../src/core/capture/hexdump';
import { formatHexDump } from '../../../src/core/export/hexdump';
import { MAX_PACKET_BYTES } from '../../../src/core/capture/hexdump/packet-bytes';
import { decodePacket } from '../../../src/core/net';
import { FIXTURES, HEX, hexFixture, toHex } from './fixtures';

const ACK = readFileSync(join(HEX, 'open_receive_ack_7961_v22_sanitized.hex'), 'latin1');

function payloadOf(text: string): string {
  return readHexDumpText(text)
    .packets.map((p) => toHex(decodePacket(p)!.tcp!.payload))
    .join('');
}

describe('bad text', () => {
  it('a non-hex word: reported at its line and column, skipped, the rest read', () => {
    // Line 2 is "00 00 00 00 c0 00 02 01 ...": spoil the 5th byte.
    const lines = ACK.split('\n');
    lines[1] = lines[1]!.replace('c0', 'zq');
    const r = readHexDumpText(lines.join('\n'));
    assert.equal(r.problems.length, 1);
    const p = r.problems[0]!;
    assert.equal(p.code, 'hexdump.bad-text');
    assert.match(p.message, /^line 2, column 13: 'z' is not a hex digit/);
    assert.equal(p.offset, lines[0]!.length + 1 + 12);
    // 47 of the 48 bytes remain, in order.
    assert.equal(payloadOf(lines.join('\n')).length, 47 * 2);
    assert.equal(payloadOf(lines.join('\n')), ACK.replace(/\s+/g, '').replace('c0', ''));
  });

  it('an odd digit count: reported, the whole bytes kept', () => {
    const text = ACK.replace('28 00 00 00', '28 00 00 000');
    const r = readHexDumpText(text);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /^line 1, column 10: 3 hex digits do not make whole bytes/);
    assert.equal(payloadOf(text), ACK.replace(/\s+/g, ''));
  });

  it('mixed formats: a plain line inside an xxd dump is reported and its bytes kept', () => {
    const xxd = hexFixture('skinny-register-messages.xxd.txt').split('\n');
    const plainLine = xxd[3]!.slice(10, 49).trim(); // the bytes of line 4, written without offset
    xxd.splice(4, 0, plainLine);
    const r = readHexDumpText(xxd.join('\n'));
    assert.equal(r.format, 'xxd');
    const mixed = r.problems.filter((p) => p.code === 'hexdump.mixed-format');
    assert.equal(mixed.length, 1);
    assert.match(mixed[0]!.message, /^line 5, column 1: this line has no offset/);
    // The next offset then disagrees with the bytes read so far: reported too.
    assert.ok(r.problems.some((p) => p.code === 'hexdump.offset' && p.message.startsWith('line 6,')));
  });

  it('a missing line in an offset dump: the gap is named', () => {
    const lines = hexFixture('skinny-call-rtp-frame30.hexdump-C.txt').split('\n');
    lines.splice(2, 1);
    const r = readHexDumpText(lines.join('\n'));
    const gap = r.problems.filter((p) => p.code === 'hexdump.offset');
    assert.equal(gap.length, 1);
    assert.match(gap[0]!.message, /^line 3, column 1: offset 0x30 where 0x20 was expected: 16 byte\(s\) are missing/);
    assert.equal(r.packets.length, 1);
  });

  it("'*' claiming a huge repeat is bounded", () => {
    const r = readHexDumpText('00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n*\nffffffff0\n');
    const total = r.packets.reduce((n, p) => n + p.data.length, 0);
    assert.ok(total <= MAX_PACKET_BYTES + r.packets.length * 40, `${total} bytes`);
    assert.ok(r.problems.some((p) => p.code === 'hexdump.offset' && p.message.includes(`stops growing at ${MAX_PACKET_BYTES} bytes`)));
  });

  it('random text never throws, and every problem has a line and column', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefxX:|*# \n\t,{}zq.\\\''.split('')), maxLength: 400 }), (text) => {
        const r = readHexDumpText(text);
        for (const p of r.problems) if (p.code !== 'hexdump.unknown-content') assert.match(p.message, /^line \d+, column \d+: /);
      }),
      { numRuns: 500 },
    );
  });

  it('random edits of a real dump never throw', () => {
    const base = hexFixture('skinny-register.tcpdump-XX-tttt.txt');
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(40), fc.string({ maxLength: 20 }), (at, cut, insert) => {
        readHexDumpText(base.slice(0, at) + insert + base.slice(at + cut));
      }),
      { numRuns: 200 },
    );
  });
});

describe('reading from bytes, in chunks', () => {
  it('any chunking gives the same packets and problems as reading the whole text', () => {
    const text = hexFixture('skinny-register.tcpdump-XX-tttt.txt') + 'zz 1\n';
    const whole = readHexDumpText(text);
    const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
    assert.deepEqual(readHexDumpBytes(bytes), whole);
    for (const size of [1, 7, 100, 4096]) {
      const packets: unknown[] = [];
      const problems: unknown[] = [];
      const s = new HexDumpStream({ packet: (p) => packets.push(p), problem: (p) => problems.push(p) });
      for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
      s.end();
      assert.deepEqual(packets, whole.packets, `chunks of ${size}`);
      assert.deepEqual(problems, whole.problems, `chunks of ${size}`);
    }
  });

  it('fileOffset points at the packet in the file', () => {
    const text = hexFixture('skinny-register.tcpdump-xx.txt');
    const r = readHexDumpText(text);
    for (const p of r.packets) assert.match(text.slice(p.fileOffset, p.fileOffset + 16), /^\d\d:\d\d:\d\d\.\d{6} /);
  });
});

describe('sniffing', () => {
  it('every dump fixture looks like a hex dump', () => {
    for (const f of ['skinny-register.tcpdump-xx.txt', 'skinny-register.tshark-x.txt', 'skinny-register-messages.c-array.txt', 'skinny-register-messages.xxd-p.txt', 'skinny-call-rtp-frame30.od.txt']) {
      assert.ok(looksLikeHexDump(new Uint8Array(Buffer.from(hexFixture(f), 'latin1'))), f);
    }
    assert.ok(looksLikeHexDump(new Uint8Array(readFileSync(join(HEX, 'open_receive_channel_v17.hex')))));
  });
  it('a capture file and prose do not', () => {
    assert.equal(looksLikeHexDump(new Uint8Array(readFileSync(join(FIXTURES, 'captures', 'skinny-call-rtp.pcap')))), false);
    assert.equal(looksLikeHexDump(new Uint8Array(readFileSync(join(FIXTURES, 'hex', 'PROVENANCE.md')))), false);
  });
});

describe('export: bytes as a hexdump -C style dump, read back', () => {
  it('round trip of a real frame and of raw messages, with comment lines', () => {
    for (const f of ['skinny-call-rtp-frame30.xxd.txt', 'skinny-register-messages.xxd.txt']) {
      const original = readHexDumpText(hexFixture(f)).packets;
      const bytes = f.includes('frame30') ? original[0]!.data : new Uint8Array(Buffer.from(original.map((p) => toHex(decodePacket(p)!.tcp!.payload)).join(''), 'hex'));
      const text = formatHexDump(bytes, ['a comment', 'another']);
      const back = readHexDumpText(text);
      assert.equal(back.format, 'hexdump-C');
      assert.deepEqual(back.problems, []);
      assert.deepEqual(back.packets.map((p) => toHex(p.data)), original.map((p) => toHex(p.data)));
    }
  });
  it('the layout is hexdump -C', () => {
    // Same bytes as the first two lines of the real hexdump -C fixture.
    const real = hexFixture('skinny-call-rtp-frame30.hexdump-C.txt').split('\n').slice(0, 2).join('\n');
    const frame = readHexDumpText(hexFixture('skinny-call-rtp-frame30.xxd.txt')).packets[0]!.data;
    assert.equal(formatHexDump(frame).split('\n').slice(0, 2).join('\n'), real);
  });
});
