/**
 * Hex dumps made by the real tools (tcpdump, tshark, od; scripts/make-hexdump-fixtures.sh) from the shared captures
 * decode to the same SCCP messages as tshark found in the captures themselves: same frames, IDs and bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexDumpText } from '../../../src/core/capture/hexdump';
import { hexFixture, reference, toHex } from './fixtures';
import { sccpMessages } from './pipeline';

function refList(capture: string, maxFrame = Infinity): string[] {
  return reference(capture)
    .messages.filter((m) => m.frame <= maxFrame)
    .map((m) => `${m.frame} ${m.id} ${m.src}:${m.srcPort}>${m.dst}:${m.dstPort} ${m.bytes}`);
}

function dumpList(file: string): string[] {
  const r = readHexDumpText(hexFixture(file));
  assert.deepEqual(r.problems, [], `${file}: no problems expected`);
  return sccpMessages(r.packets).map((m) => `${m.frame} ${m.id} ${m.src}:${m.srcPort}>${m.dst}:${m.dstPort} ${m.bytes}`);
}

describe('hex dumps of real captures decode like the captures', () => {
  for (const [file, format] of [
    ['skinny-register.tcpdump-xx.txt', 'tcpdump'],
    ['skinny-register.tcpdump-XX-tttt.txt', 'tcpdump'],
    ['skinny-register.tshark-x.txt', 'wireshark'],
    ['skinny-register.tshark-P-x.txt', 'wireshark'],
    ['skinny-register.tshark-V-x.txt', 'wireshark'],
    ['skinny-register.od-per-frame.txt', 'od'],
  ] as const) {
    it(`${file} (${format}): 17 Ethernet frames, the 8 messages tshark found`, () => {
      const r = readHexDumpText(hexFixture(file));
      assert.equal(r.format, format);
      assert.equal(r.packets.length, 17);
      assert.ok(r.packets.every((p) => p.linkType === 1));
      assert.deepEqual(dumpList(file), refList('skinny-register.pcapng'));
    });
  }

  it('all the tools give byte-identical frames', () => {
    const frames = ['skinny-register.tcpdump-xx.txt', 'skinny-register.tcpdump-XX-tttt.txt', 'skinny-register.tshark-x.txt', 'skinny-register.tshark-V-x.txt', 'skinny-register.od-per-frame.txt'].map(
      (f) => readHexDumpText(hexFixture(f)).packets.map((p) => toHex(p.data)),
    );
    for (const f of frames.slice(1)) assert.deepEqual(f, frames[0]);
  });

  it('tcpdump -x of a raw-IP capture (36 packets, epoch timestamps)', () => {
    const r = readHexDumpText(hexFixture('sccp_fxs_register.tcpdump-x-tt.txt'));
    assert.equal(r.packets.length, 36);
    assert.ok(r.packets.every((p) => p.linkType === 101));
    assert.deepEqual(dumpList('sccp_fxs_register.tcpdump-x-tt.txt'), refList('sccp_fxs_register.pcapng'));
  });

  it('tcpdump -x of an Ethernet capture (IP from byte 0, Ethernet padding kept): same 50 messages in the first 40 frames', () => {
    const r = readHexDumpText(hexFixture('skinny-call-rtp-40.tcpdump-x.txt'));
    assert.deepEqual(r.contents, new Array(40).fill('ipv4'));
    assert.deepEqual(dumpList('skinny-call-rtp-40.tcpdump-x.txt'), refList('skinny-call-rtp.pcap', 40));
  });

  it('tcpdump timestamps: -tttt gives the date, the default the time of day', () => {
    const dated = readHexDumpText(hexFixture('skinny-register.tcpdump-XX-tttt.txt')).packets;
    const timeOfDay = readHexDumpText(hexFixture('skinny-register.tcpdump-xx.txt')).packets;
    // tcpdump -tt prints 1557178511.664958 for the first frame of skinny-register.pcapng.
    assert.equal(dated[0]!.tsSec, 1557178511);
    assert.equal(dated[0]!.tsNsec, 664958000);
    assert.equal(dated[0]!.tsDigits, 6);
    for (let i = 0; i < dated.length; i++) {
      assert.equal(timeOfDay[i]!.tsSec, dated[i]!.tsSec % 86400);
      assert.equal(timeOfDay[i]!.tsNsec, dated[i]!.tsNsec);
    }
    // Frames are in capture order.
    for (let i = 1; i < dated.length; i++) assert.ok(dated[i]!.tsSec * 1e9 + dated[i]!.tsNsec >= dated[i - 1]!.tsSec * 1e9 + dated[i - 1]!.tsNsec);
  });

  it('tcpdump -tt epoch timestamps', () => {
    const p = readHexDumpText(hexFixture('sccp_fxs_register.tcpdump-x-tt.txt')).packets;
    const first = hexFixture('sccp_fxs_register.tcpdump-x-tt.txt').split('\n')[0]!;
    const [sec, frac] = first.split(' ')[0]!.split('.');
    assert.equal(p[0]!.tsSec, Number(sec));
    assert.equal(p[0]!.tsNsec, Number(frac) * 1000);
  });
});
