/**
 * Every dump format, on real bytes: frame 30 of skinny-call-rtp.pcap (an Ethernet frame with ten SCCP messages)
 * dumped by xxd, xxd -g1, hexdump -C and od; the eight messages of skinny-register back to back dumped by xxd,
 * xxd -p, xxd -i, hexdump -C and od (the last two collapse repeated lines into '*'); the ten shared single-message
 * dumps; and hand-written spellings (0x prefixes, C arrays, no spaces, \x escapes) of the same real bytes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readHexDumpText, splitMessages, type HexDumpFormat } from '../../../src/core/capture/hexdump';
import { decodePacket } from '../../../src/core/net';
import { decodeMessage } from '../../../src/core/sccp/decode';
import { messageById } from '../../../src/core/sccp/catalog';
import { FIXTURES, HEX, hexFixture, reference, toHex } from './fixtures';

/** Frame N of a classic pcap file, read with the pcap-parser package (an independent reader). */
function pcapFrame(file: string, n: number): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pcap = require('pcap-parser') as { parse(path: string): NodeJS.EventEmitter };
  return new Promise((resolve, reject) => {
    let i = 0;
    const p = pcap.parse(file);
    p.on('packet', (pkt: { data: Buffer }) => {
      if (++i === n) resolve(new Uint8Array(pkt.data));
    });
    p.on('error', reject);
    p.on('end', () => reject(new Error(`no frame ${n}`)));
  });
}

/** The SCCP bytes a synthesised packet carries, and which way it goes. */
function synthesisedPayload(data: Uint8Array): { payload: string; toCallManager: boolean } {
  const net = decodePacket({ frame: 1, fileOffset: 0, tsSec: 0, tsNsec: 0, tsDigits: 6, linkType: 101, originalLength: data.length, data, interfaceId: 0 });
  assert.ok(net?.tcp, 'a synthesised packet decodes as IPv4 + TCP');
  assert.deepEqual(net.problems, []);
  return { payload: toHex(net.tcp.payload), toCallManager: net.tcp.dstPort === 2000 };
}

describe('one Ethernet frame in the one-blob formats', () => {
  const files: [string, HexDumpFormat][] = [
    ['skinny-call-rtp-frame30.xxd.txt', 'xxd'],
    ['skinny-call-rtp-frame30.xxd-g1.txt', 'xxd'],
    ['skinny-call-rtp-frame30.hexdump-C.txt', 'hexdump-C'],
    ['skinny-call-rtp-frame30.od.txt', 'od'],
  ];
  for (const [file, format] of files) {
    it(`${file}: ${format}, the frame's bytes exactly, its ten messages`, async () => {
      const r = readHexDumpText(hexFixture(file));
      assert.equal(r.format, format);
      assert.deepEqual(r.problems, []);
      assert.equal(r.packets.length, 1);
      const p = r.packets[0]!;
      assert.equal(p.linkType, 1);
      assert.equal(toHex(p.data), toHex(await pcapFrame(join(FIXTURES, 'captures', 'skinny-call-rtp.pcap'), 30)));
      const net = decodePacket(p)!;
      const payload = net.tcp!.payload;
      const got = splitMessages(payload).map((s) => toHex(payload.subarray(s.start, s.end)));
      const want = reference('skinny-call-rtp.pcap').messages.filter((m) => m.frame === 30).map((m) => m.bytes);
      assert.equal(want.length, 10);
      assert.deepEqual(got, want);
    });
  }
});

describe('raw SCCP messages back to back', () => {
  const want = reference('skinny-register.pcapng').messages;
  const files: [string, HexDumpFormat][] = [
    ['skinny-register-messages.xxd.txt', 'xxd'],
    ['skinny-register-messages.xxd-p.txt', 'plain'],
    ['skinny-register-messages.c-array.txt', 'plain'],
    ['skinny-register-messages.hexdump-C.txt', 'hexdump-C'],
    ['skinny-register-messages.od.txt', 'od'],
  ];
  for (const [file, format] of files) {
    it(`${file}: ${format}; the eight messages, each sent the way the catalog says`, () => {
      const r = readHexDumpText(hexFixture(file));
      assert.equal(r.format, format);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.contents, ['sccp']);
      const parts = r.packets.map((p) => synthesisedPayload(p.data));
      assert.equal(parts.map((x) => x.payload).join(''), want.map((m) => m.bytes).join(''));
      // Runs of one direction: every message in a packet goes the packet's way.
      for (const part of parts) {
        const b = Buffer.from(part.payload, 'hex');
        for (const s of splitMessages(b)) {
          const def = messageById(b.readUInt32LE(s.start + 8));
          if (def && def.direction !== 'either') assert.equal(part.toCallManager, def.direction === 'station-to-callmanager', def.name);
        }
      }
    });
  }
  it("hexdump -C and od really use '*' here (the repeat is filled in, not dropped)", () => {
    assert.match(hexFixture('skinny-register-messages.hexdump-C.txt'), /^\*$/m);
    assert.match(hexFixture('skinny-register-messages.od.txt'), /^\*$/m);
  });
});

describe('the ten shared single-message dumps (plain hex, 16 a line)', () => {
  const files = ['line_status_7961_v22_sanitized', 'open_receive_7961_v22_no_ack_concrete_sanitized', 'open_receive_7961_v22_no_ack_wildcard', 'open_receive_ack_7961_v22_sanitized', 'open_receive_channel_v17', 'start_media_7961_v22_sanitized', 'start_media_ack_7961_v22_sanitized', 'start_media_transmission_ack_v20', 'start_media_transmission_v17', 'update_capabilities_7961_v22_legacy'];
  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(HEX, `${name}.hex`), 'latin1');
      const r = readHexDumpText(text);
      assert.equal(r.format, 'plain');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.contents, ['sccp']);
      assert.equal(r.packets.length, 1);
      const { payload, toCallManager } = synthesisedPayload(r.packets[0]!.data);
      assert.equal(payload, text.replace(/\s+/g, ''));
      const body = decodeMessage(Buffer.from(payload, 'hex'));
      const def = messageById(body.id);
      if (def && def.direction !== 'either') assert.equal(toCallManager, def.direction === 'station-to-callmanager');
    });
  }
});

describe('other spellings of the same real bytes', () => {
  const ack = readFileSync(join(HEX, 'open_receive_ack_7961_v22_sanitized.hex'), 'latin1');
  const bytes = ack.match(/[0-9a-f]{2}/g)!;
  const expect = (text: string, format: HexDumpFormat = 'plain'): void => {
    const r = readHexDumpText(text);
    assert.equal(r.format, format);
    assert.deepEqual(r.problems, [], text.slice(0, 60));
    assert.equal(synthesisedPayload(r.packets[0]!.data).payload, bytes.join(''));
  };
  it('no spaces, one line', () => expect(bytes.join('')));
  it('0x prefixes with commas', () => expect(bytes.map((b) => `0x${b}`).join(', ')));
  it('a C array over several lines', () => expect(`static const unsigned char msg[] = {\n${bytes.map((b) => `0x${b.toUpperCase()}`).join(',\n')}\n};\n`));
  it('\\x escapes (a Python bytes literal)', () => expect(`b'${bytes.map((b) => `\\x${b}`).join('')}'`));
  it('colon-separated', () => expect(bytes.join(':')));
  it('grouped in 4-digit words without offsets', () => expect(bytes.map((b, i) => (i % 2 ? `${b} ` : b)).join('')));
  it('with a comment line and CRLF line ends', () => expect(`# OpenReceiveChannelAck from a 7961\r\n${ack.replace(/\n/g, '\r\n')}`));
});

describe('what the bytes start with is detected', () => {
  const frame = readHexDumpText(hexFixture('skinny-call-rtp-frame30.xxd.txt')).packets[0]!.data;
  const ipAndTcp = frame.subarray(14);
  const tcp = ipAndTcp.subarray((ipAndTcp[0]! & 15) * 4);
  const spaced = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
  it('an IPv4 packet becomes raw IP (101), unchanged', () => {
    const r = readHexDumpText(spaced(ipAndTcp));
    assert.deepEqual(r.contents, ['ipv4']);
    assert.equal(r.packets[0]!.linkType, 101);
    assert.equal(toHex(r.packets[0]!.data), toHex(ipAndTcp));
  });
  it('a bare TCP segment gets an IPv4 header, ports and payload kept', () => {
    const r = readHexDumpText(spaced(tcp));
    assert.deepEqual(r.contents, ['tcp']);
    const net = decodePacket(r.packets[0]!)!;
    const original = decodePacket({ ...r.packets[0]!, linkType: 1, data: frame })!;
    assert.equal(net.tcp!.srcPort, original.tcp!.srcPort);
    assert.equal(net.tcp!.dstPort, original.tcp!.dstPort);
    assert.equal(net.tcp!.seq, original.tcp!.seq);
    assert.equal(toHex(net.tcp!.payload), toHex(original.tcp!.payload));
    // The CallManager side (port 2000) gets the CallManager's documentation address.
    assert.equal(net.tcp!.srcPort === 2000 ? net.src : net.dst, '198.51.100.1');
  });
  it('blocks separated by a blank line are separate packets, each detected on its own', () => {
    const r = readHexDumpText(`${spaced(frame)}\n\n${spaced(ipAndTcp)}\n\n${spaced(tcp)}\n`);
    assert.deepEqual(r.contents, ['ethernet', 'ipv4', 'tcp']);
  });
});
