/**
 * IPv6 text forms must be exactly what tshark 4.0.17 prints. The expected strings were produced by tshark itself:
 * each address was put as the source of a raw IPv6 packet (text2pcap -l 101) and printed with
 * `tshark -T fields -e ipv6.src`. The same function formats SCCP's IPv6 fields, so they match tshark's too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIpv6 } from '../../../src/core/net/address';

/** Full eight-group hex form -> what tshark 4.0.17 printed for it. */
const TSHARK: readonly (readonly [string, string])[] = [
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['0:0:0:0:0:0:0:2', '::2'],
  ['0:0:0:0:0:0:1:0', '::0.1.0.0'],
  ['0:0:0:0:0:0:0:102', '::102'],
  ['0:0:0:0:0:0:102:304', '::1.2.3.4'],
  ['0:0:0:0:0:0:ff:ffff', '::0.255.255.255'],
  ['0:0:0:0:0:0:ffff:ffff', '::255.255.255.255'],
  ['0:0:0:0:0:ffff:102:304', '::ffff:1.2.3.4'],
  ['0:0:0:0:0:ffff:0:0', '::ffff:0.0.0.0'],
  ['0:0:0:0:0:ffff:0:1', '::ffff:0.0.0.1'],
  ['0:0:0:0:ffff:0:102:304', '::ffff:0:102:304'],
  ['0:0:0:0:0:1:0:0', '::1:0:0'],
  ['0:0:0:0:0:fffe:102:304', '::fffe:102:304'],
  ['1:0:0:0:0:0:0:0', '1::'],
  ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
  ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
  ['fe80:0:0:0:0:0:0:1', 'fe80::1'],
  ['2001:db8:0:0:0:ff00:42:8329', '2001:db8::ff00:42:8329'],
  ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
  ['64:ff9b:0:0:0:0:102:304', '64:ff9b::102:304'],
  ['0:0:0:0:0:0:0:ffff', '::ffff'],
  ['0:0:0:0:0:0:1:1', '::0.1.0.1'],
  ['0:0:0:0:1:0:0:0', '::1:0:0:0'],
  ['0:0:1:0:0:0:0:0', '0:0:1::'],
  ['0:0:0:0:0:0:a00:1', '::10.0.0.1'],
  ['0:0:0:0:0:0:ac10:fe01', '::172.16.254.1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['abcd:ef01:2345:6789:abcd:ef01:2345:6789', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'],
  ['0:0:0:0:0:0:0:100', '::100'],
  ['1:2:3:4:5:6:0:0', '1:2:3:4:5:6::'],
  ['0:1:0:0:0:0:0:1', '0:1::1'],
];

function bytesOf(full: string): Uint8Array {
  const b = new Uint8Array(16);
  full.split(':').forEach((g, i) => {
    const v = parseInt(g, 16);
    b[2 * i] = v >> 8;
    b[2 * i + 1] = v & 0xff;
  });
  return b;
}

test('formatIpv6 prints what tshark prints (compression, IPv4-compatible and IPv4-mapped forms)', () => {
  for (const [full, want] of TSHARK) assert.equal(formatIpv6(bytesOf(full), 0), want, full);
});

test('formatIpv6 reads at an offset inside a larger buffer', () => {
  const b = new Uint8Array(20);
  b.set(bytesOf('0:0:0:0:0:0:a00:1'), 3);
  b[2] = 0xff;
  b[19] = 0xff;
  assert.equal(formatIpv6(b, 3), '::10.0.0.1');
});
