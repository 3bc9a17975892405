/**
 * The decoder's shortcut for clean IPv4 UDP (`onPlainUdp`, which RTP analysis takes) must give what the full path
 * gives, and must leave to the full path every datagram the full path has something to say about. Random damage to
 * the lengths, fragment fields, header length and captured length of UDP frames checks both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPlainUdpFrame, PacketDecoder } from '../../../src/core/net/decoder';
import type { Datagram } from '../../../src/core/net/types';
import type { Problem } from '../../../src/core/problems';
import { LINK, PROTO_UDP, captured, ethernet, ipv4, sll, udp } from '../../helpers/frames';

test('clean IPv4 UDP: the shortcut gives the full decoder datagram, and takes nothing the full decoder complains about', () => {
  let taken = 0;
  let left = 0;
  fc.assert(
    fc.property(
      fc.record({
        payload: fc.uint8Array({ maxLength: 200 }),
        udpLength: fc.option(fc.integer({ min: 0, max: 260 }), { nil: undefined, freq: 2 }),
        totalLength: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined, freq: 2 }),
        moreFragments: fc.constantFrom(false, false, true),
        fragmentOffset: fc.constantFrom(0, 0, 0, 8),
        options: fc.constantFrom(0, 0, 4, 8),
        cut: fc.constantFrom(0, 0, 0, 1, 30),
        ethernetLink: fc.boolean(),
      }),
      (o) => {
        const dgram = udp({ srcPort: 16384, dstPort: 24000, payload: o.payload, length: o.udpLength });
        const ip = ipv4({ src: '192.0.2.7', dst: '198.51.100.9', protocol: PROTO_UDP, payload: dgram, id: 9, moreFragments: o.moreFragments, fragmentOffset: o.fragmentOffset, options: new Uint8Array(o.options), totalLength: o.totalLength, transportChecksum: false });
        const frame = o.ethernetLink ? ethernet(ip) : ip;
        const p = captured(frame.subarray(0, Math.max(0, frame.length - o.cut)), { linkType: o.ethernetLink ? LINK.ETHERNET : LINK.RAW, frame: 3 });

        const fullProblems: Problem[] = [];
        const full = new PacketDecoder((x) => fullProblems.push(x), { reassembleFragments: false }).decode(p);
        const shortcut: Datagram[] = [];
        const rest = new PacketDecoder(() => {}, { reassembleFragments: false, onPlainUdp: (d) => shortcut.push(d) }).decode(p);
        if (shortcut.length === 0) {
          left++;
          return;
        }
        taken++;
        assert.equal(rest, undefined, 'a datagram taken by the shortcut is not returned as well');
        assert.deepEqual([...fullProblems, ...(full?.problems ?? [])], [], 'the full decoder has nothing to report about it');
        const d = shortcut[0]!;
        assert.ok(full?.udp);
        assert.deepEqual(
          { src: d.src, dst: d.dst, srcPort: d.srcPort, dstPort: d.dstPort, payload: [...d.payload], frame: d.frame },
          { src: full.src, dst: full.dst, srcPort: full.udp.srcPort, dstPort: full.udp.dstPort, payload: [...full.udp.payload], frame: full.frame },
        );
      },
    ),
    { numRuns: 3000, seed: 2026 },
  );
  assert.ok(taken > 150 && left > 150, `both paths are exercised (shortcut ${taken}, full ${left})`);
});

test('isPlainUdpFrame, on a frame inside a larger buffer, agrees with what a TCP-only decoder drops', () => {
  let dropped = 0;
  fc.assert(
    fc.property(
      fc.record({
        udp: fc.boolean(),
        totalLength: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined, freq: 2 }),
        moreFragments: fc.constantFrom(false, false, true),
        link: fc.constantFrom('ethernet', 'vlan', 'raw', 'sll'),
        cut: fc.constantFrom(0, 0, 0, 1, 30),
        before: fc.nat({ max: 9 }),
      }),
      (o) => {
        const transport = o.udp ? udp({ srcPort: 16384, dstPort: 24000, payload: new Uint8Array(60) }) : new Uint8Array(80);
        const ip = ipv4({ src: '192.0.2.7', dst: '198.51.100.9', protocol: o.udp ? PROTO_UDP : 6, payload: transport, moreFragments: o.moreFragments, totalLength: o.totalLength, transportChecksum: false });
        const linkType = o.link === 'raw' ? LINK.RAW : o.link === 'sll' ? LINK.SLL : LINK.ETHERNET;
        const whole = o.link === 'raw' ? ip : o.link === 'sll' ? sll(ip) : ethernet(ip, o.link === 'vlan' ? { vlans: [{ vid: 12 }] } : {});
        const frame = whole.subarray(0, Math.max(0, whole.length - o.cut));
        // The frame as the pcap reader sees it: somewhere inside its read buffer, with other bytes around.
        const buffer = new Uint8Array(o.before + frame.length + 7).fill(0x45);
        buffer.set(frame, o.before);
        const quick = isPlainUdpFrame(linkType, buffer, o.before, o.before + frame.length);
        const problems: Problem[] = [];
        const tcpOnly = new PacketDecoder((x) => problems.push(x), { reassembleFragments: false, skipUdp: true });
        const p = captured(frame, { linkType });
        if (quick) {
          dropped++;
          assert.equal(tcpOnly.decode(p), undefined, 'a frame said to be plain UDP is one the TCP-only decoder drops');
          assert.deepEqual(problems, [], 'without a word');
        }
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
  assert.ok(dropped > 200, `frames recognised: ${dropped}`);
});
