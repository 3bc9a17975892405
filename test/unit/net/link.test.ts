import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketDecoder, decodePacket } from '../../../src/core/net/decoder';
import type { Problem } from '../../../src/core/problems';
import {
  ETHERTYPE,
  LINK,
  PROTO_TCP,
  ascii,
  captured,
  concat,
  ethernet,
  ipv4,
  ipv6,
  loopback,
  sll,
  sll2,
  tcp,
} from '../../helpers/frames';

const payload = ascii('hello skinny');
const seg = tcp({ srcPort: 52000, dstPort: 2000, seq: 1000, ack: 77, flags: 'PA', payload });
const v4 = ipv4({ src: '10.1.2.3', dst: '192.168.0.10', protocol: PROTO_TCP, payload: seg });
const v6 = ipv6({ src: '2001:db8::1', dst: 'fe80::2', nextHeader: PROTO_TCP, payload: seg });

function decodeAll(linkType: number, data: Uint8Array) {
  const problems: Problem[] = [];
  const pkt = new PacketDecoder((p) => problems.push(p)).decode(captured(data, { linkType, frame: 7 }));
  return { pkt, problems };
}

function assertTcp(linkType: number, data: Uint8Array, version: 4 | 6): void {
  const { pkt, problems } = decodeAll(linkType, data);
  assert.deepEqual(problems, [], `link ${linkType}`);
  assert.ok(pkt, `link ${linkType} gave no packet`);
  assert.deepEqual(pkt.problems, []);
  assert.equal(pkt.frame, 7);
  assert.equal(pkt.ipVersion, version);
  assert.equal(pkt.src, version === 4 ? '10.1.2.3' : '2001:db8::1');
  assert.equal(pkt.dst, version === 4 ? '192.168.0.10' : 'fe80::2');
  assert.equal(pkt.tcp?.srcPort, 52000);
  assert.deepEqual([...pkt.tcp!.payload], [...payload]);
}

test('Ethernet carries IPv4 and IPv6', () => {
  assertTcp(LINK.ETHERNET, ethernet(v4), 4);
  assertTcp(LINK.ETHERNET, ethernet(v6), 6);
});

test('802.1Q, 802.1ad and old QinQ tags are followed, stacked, and their VLAN IDs kept', () => {
  for (const tpids of [[0x8100], [0x88a8, 0x8100], [0x9100, 0x8100], [0x88a8, 0x88a8, 0x8100]]) {
    const vlans = tpids.map((tpid, i) => ({ tpid, vid: 100 + i, pcp: 5 }));
    for (const [ip, version] of [[v4, 4], [v6, 6]] as const) {
      const frame = ethernet(ip, { vlans });
      assertTcp(LINK.ETHERNET, frame, version);
      assert.deepEqual(decodePacket(captured(frame))!.vlanIds, vlans.map((v) => v.vid));
    }
  }
  assert.equal(decodePacket(captured(ethernet(v4)))!.vlanIds, undefined);
});

test('Ethernet padding and trailers are not taken for TCP payload', () => {
  const tiny = ipv4({ src: '10.1.2.3', dst: '192.168.0.10', protocol: PROTO_TCP, payload: tcp({ srcPort: 1, dstPort: 2000, seq: 5, flags: 'A' }) });
  const pkt = decodePacket(captured(ethernet(tiny, { padTo: 60, trailer: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) })))!;
  assert.equal(pkt.tcp!.payload.length, 0);
  assert.deepEqual(pkt.problems, []);
});

test('non-IP Ethernet frames (ARP, 802.3 LLC) give no packet and no problem', () => {
  for (const frame of [ethernet(new Uint8Array(28), { etherType: ETHERTYPE.ARP }), ethernet(Uint8Array.of(0x42, 0x42, 0x03, 0, 0, 0), { etherType: 6 })]) {
    const { pkt, problems } = decodeAll(LINK.ETHERNET, frame);
    assert.equal(pkt, undefined);
    assert.deepEqual(problems, []);
  }
});

test('802.3 + LLC/SNAP with an IP Ethertype inside is decoded', () => {
  const snap = concat(Uint8Array.of(0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00), v4);
  assertTcp(LINK.ETHERNET, ethernet(snap, { etherType: snap.length }), 4);
});

test('Linux cooked captures v1 and v2', () => {
  assertTcp(LINK.SLL, sll(v4), 4);
  assertTcp(LINK.SLL, sll(v6), 6);
  assertTcp(LINK.SLL2, sll2(v4), 4);
  assertTcp(LINK.SLL2, sll2(v6), 6);
  assertTcp(LINK.SLL, sll(concat(Uint8Array.of(0x00, 0x0a, 0x08, 0x00), v4), ETHERTYPE.VLAN), 4);
  assert.equal(decodeAll(LINK.SLL, sll(new Uint8Array(28), ETHERTYPE.ARP)).pkt, undefined);
});

test('raw IP link types choose the version by the version nibble', () => {
  for (const lt of [LINK.RAW, 12, 14]) {
    assertTcp(lt, v4, 4);
    assertTcp(lt, v6, 6);
  }
  assertTcp(LINK.IPV4, v4, 4);
  assertTcp(LINK.IPV6, v6, 6);
  const { pkt, problems } = decodeAll(LINK.RAW, concat(Uint8Array.of(0x50), v4.subarray(1)));
  assert.equal(pkt, undefined);
  assert.equal(problems[0]?.code, 'ip.bad-header');
  // A link type promising IPv4 with an IPv6 packet inside is a bad header, not a guess.
  assert.equal(decodeAll(LINK.IPV4, v6).problems[0]?.code, 'ip.bad-header');
});

test('BSD null and OpenBSD loop accept the address family in either byte order', () => {
  for (const lt of [LINK.NULL, LINK.LOOP]) {
    for (const order of ['little', 'big'] as const) {
      assertTcp(lt, loopback(v4, 2, order), 4);
      for (const af of [24, 28, 30]) assertTcp(lt, loopback(v6, af, order), 6);
    }
    const { pkt, problems } = decodeAll(lt, loopback(v4, 7, 'little'));
    assert.equal(pkt, undefined);
    assert.deepEqual(problems, []);
  }
});

test('an unsupported link type is reported once per link type, not per packet', () => {
  const problems: Problem[] = [];
  const d = new PacketDecoder((p) => problems.push(p));
  for (let frame = 1; frame <= 5; frame++) {
    assert.equal(d.decode(captured(v4, { linkType: 105, frame })), undefined);
    assert.equal(d.decode(captured(v4, { linkType: 9, frame: frame + 10 })), undefined);
  }
  assert.deepEqual(
    problems.map((p) => [p.code, p.frame]),
    [
      ['link.unsupported', 1],
      ['link.unsupported', 11],
    ],
  );
  assert.match(problems[0]!.message, /link type 105/);
  // Supported packets still decode after that.
  assert.ok(d.decode(captured(ethernet(v4))));
});

test('link headers cut at every length give a problem, never an exception', () => {
  const cases: [number, Uint8Array][] = [
    [LINK.ETHERNET, ethernet(v4, { vlans: [{ vid: 1, tpid: 0x88a8 }, { vid: 2 }] })],
    [LINK.SLL, sll(v4)],
    [LINK.SLL2, sll2(v6)],
    [LINK.NULL, loopback(v4, 2, 'little')],
    [LINK.LOOP, loopback(v6, 24, 'big')],
    [LINK.RAW, v4],
    [LINK.IPV6, v6],
  ];
  for (const [lt, full] of cases) {
    for (let n = 0; n < full.length; n++) {
      const problems: Problem[] = [];
      const pkt = new PacketDecoder((p) => problems.push(p)).decode(captured(full.subarray(0, n), { linkType: lt, frame: 3 }));
      const all = [...problems, ...(pkt?.problems ?? [])];
      // Every cut loses bytes that a header or the IP length promised: it must be reported.
      assert.ok(all.length > 0, `link ${lt} cut at ${n}: silently accepted`);
      for (const p of all) {
        assert.match(p.code, /^(link|ip|tcp)\./);
        assert.equal(p.frame, 3);
      }
    }
  }
});

test('random bytes under every link type never throw', () => {
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  const d = new PacketDecoder(() => {});
  for (let i = 0; i < 20000; i++) {
    const lt = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276][i % 10]!;
    const data = new Uint8Array(rnd() % 120);
    for (let k = 0; k < data.length; k++) data[k] = rnd() & 0xff;
    // Bias toward plausible starts so deeper layers are reached.
    if (data.length > 20 && i % 3 === 0) data[lt === 1 ? 14 : lt === 113 ? 16 : lt === 276 ? 20 : lt === 0 || lt === 108 ? 4 : 0] = 0x45;
    d.decode(captured(data, { linkType: lt, frame: i + 1 }));
  }
  d.finish();
});

test('MPLS label stacks and PPPoE sessions inside Ethernet lead to IP', () => {
  const labels = Uint8Array.of(0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40); // two labels, bottom-of-stack on the second
  assertTcp(LINK.ETHERNET, ethernet(concat(labels, v4), { etherType: 0x8847 }), 4);
  assertTcp(LINK.ETHERNET, ethernet(concat(labels, v6), { etherType: 0x8847, vlans: [{ vid: 7 }] }), 6);
  const pppoe = (ppp: number, ip: Uint8Array) => concat(Uint8Array.of(0x11, 0x00, 0x12, 0x34, (ip.length + 2) >> 8, (ip.length + 2) & 0xff, ppp >> 8, ppp & 0xff), ip);
  assertTcp(LINK.ETHERNET, ethernet(pppoe(0x0021, v4), { etherType: 0x8864 }), 4);
  assertTcp(LINK.ETHERNET, ethernet(pppoe(0x0057, v6), { etherType: 0x8864 }), 6);
  assert.equal(decodeAll(LINK.ETHERNET, ethernet(pppoe(0xc021, v4), { etherType: 0x8864 })).pkt, undefined);
});
