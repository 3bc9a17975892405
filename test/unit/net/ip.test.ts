import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIpv6 } from '../../../src/core/net/address';
import { PacketDecoder, decodePacket } from '../../../src/core/net/decoder';
import type { NetPacket } from '../../../src/core/net/types';
import type { Problem } from '../../../src/core/problems';
import { LINK, PROTO_TCP, PROTO_UDP, captured, ethernet, ipv4, ipv6, ipv6Address, ipv6Ext, tcp, udp } from '../../helpers/frames';

function rawFrame(ip: Uint8Array, frame = 1, tsSec = 1_700_000_000) {
  return captured(ip, { linkType: LINK.RAW, frame, tsSec });
}

function randomBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return b;
}

const data = randomBytes(3000, 7);
const seg = tcp({ srcPort: 40000, dstPort: 2000, seq: 123456, ack: 1, flags: 'PA', payload: data });

test('IPv4 options are skipped by the header length', () => {
  for (const optLen of [4, 8, 12, 40]) {
    const options = new Uint8Array(optLen).fill(1); // NOPs
    const pkt = decodePacket(rawFrame(ipv4({ src: '1.2.3.4', dst: '5.6.7.8', protocol: PROTO_TCP, payload: seg, options })))!;
    assert.deepEqual(pkt.problems, []);
    assert.equal(pkt.tcp!.seq, 123456);
    assert.equal(pkt.tcp!.payload.length, data.length);
    assert.equal(pkt.tcp!.payloadOffset, 20 + optLen + 20);
  }
});

test('IPv4 header faults are problems with the frame, not exceptions', () => {
  const ok = { src: '1.2.3.4', dst: '5.6.7.8', protocol: PROTO_TCP, payload: seg };
  const codes = (ip: Uint8Array): string[] => {
    const problems: Problem[] = [];
    const pkt = new PacketDecoder((p) => problems.push(p)).decode(rawFrame(ip, 9));
    const all = [...problems, ...(pkt?.problems ?? [])];
    for (const p of all) assert.equal(p.frame, 9);
    return all.map((p) => p.code);
  };
  assert.deepEqual(codes(ipv4({ ...ok, ihlWords: 4 })), ['ip.bad-header']);
  assert.deepEqual(codes(ipv4({ ...ok, totalLength: 19 })), ['ip.bad-header']);
  assert.deepEqual(codes(ipv4({ ...ok, ihlWords: 15 }).subarray(0, 40)), ['ip.truncated']);
  // Total length 0: a capture taken before segmentation offload; the captured bytes are used.
  const tso = decodePacket(rawFrame(ipv4({ ...ok, totalLength: 0 })))!;
  assert.equal(tso.tcp!.payload.length, data.length);
  assert.deepEqual(tso.problems.map((p) => p.code), ['ip.bad-header']);
});

test('a total length beyond the captured bytes is a cut packet: noted, and what is there is decoded', () => {
  const full = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', protocol: PROTO_TCP, payload: seg });
  const pkt = decodePacket(rawFrame(full.subarray(0, 100)))!;
  assert.deepEqual(pkt.problems.map((p) => p.code), ['ip.truncated']);
  assert.match(pkt.problems[0]!.message, /total length is 3040 but only 100/);
  assert.equal(pkt.tcp!.payload.length, 60);
  assert.deepEqual([...pkt.tcp!.payload], [...data.subarray(0, 60)]);
  assert.equal(pkt.tcp!.wireLength, data.length);
});

test('IPv6 extension headers are walked to the transport', () => {
  const chains = [
    [ipv6Ext.options(0)],
    [ipv6Ext.options(0, 16), ipv6Ext.routing(2), ipv6Ext.options(60)],
    [ipv6Ext.ah(3)],
    [ipv6Ext.options(60), ipv6Ext.ah(5), ipv6Ext.options(60, 24)],
    [ipv6Ext.fragment({ offset: 0, more: false, id: 99 })], // atomic fragment: a whole packet
  ];
  for (const extensions of chains) {
    const ip = ipv6({ src: '2001:db8::10', dst: '2001:db8::20', nextHeader: PROTO_UDP, payload: udp({ srcPort: 5000, dstPort: 16384, payload: data.subarray(0, 50) }), extensions });
    const pkt = decodePacket(rawFrame(ip))!;
    assert.deepEqual(pkt.problems, [], JSON.stringify(extensions.map((e) => e.type)));
    assert.equal(pkt.protocol, PROTO_UDP);
    assert.equal(pkt.fragment, undefined);
    assert.equal(pkt.udp!.dstPort, 16384);
    assert.deepEqual([...pkt.udp!.payload], [...data.subarray(0, 50)]);
  }
});

test('IPv6 ESP and no-next-header end the walk without a transport', () => {
  for (const nh of [50, 59]) {
    const pkt = decodePacket(rawFrame(ipv6({ src: '::1', dst: '::2', nextHeader: nh, payload: data.subarray(0, 64), extensions: [ipv6Ext.options(0)] })))!;
    assert.equal(pkt.protocol, nh);
    assert.equal(pkt.tcp, undefined);
    assert.equal(pkt.udp, undefined);
    assert.deepEqual(pkt.problems, []);
  }
});

test('IPv4 and IPv6 cut at every length (with options and extension headers) give problems, never exceptions', () => {
  const packets = [
    ipv4({ src: '1.2.3.4', dst: '5.6.7.8', protocol: PROTO_TCP, payload: seg.subarray(0, 60), options: new Uint8Array(8).fill(1) }),
    ipv6({ src: '::1', dst: '::2', nextHeader: PROTO_TCP, payload: seg.subarray(0, 60), extensions: [ipv6Ext.options(0), ipv6Ext.routing(1), ipv6Ext.ah(2)] }),
  ];
  for (const full of packets) {
    for (let n = 0; n < full.length; n++) {
      const problems: Problem[] = [];
      const pkt = new PacketDecoder((p) => problems.push(p)).decode(rawFrame(full.subarray(0, n), 4));
      const all = [...problems, ...(pkt?.problems ?? [])];
      assert.ok(all.length > 0, `cut at ${n} not reported`);
      assert.ok(all.every((p) => p.frame === 4 && /^(ip|tcp)\./.test(p.code)));
    }
  }
});

/** Splits an IP payload into fragments of `size` bytes (a multiple of 8). */
function pieces(payload: Uint8Array, size: number): { offset: number; bytes: Uint8Array; more: boolean }[] {
  const out = [];
  for (let off = 0; off < payload.length; off += size) out.push({ offset: off, bytes: payload.subarray(off, off + size), more: off + size < payload.length });
  return out;
}

const v4Whole = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: PROTO_TCP, payload: seg, id: 0xbeef });
const segWithChecksum = v4Whole.subarray(20);

function v4Fragments(size: number, order: number[] | undefined = undefined): Uint8Array[] {
  const ps = pieces(segWithChecksum, size);
  const frames = ps.map((p) =>
    ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: PROTO_TCP, payload: p.bytes, id: 0xbeef, moreFragments: p.more, fragmentOffset: p.offset }),
  );
  return order ? order.map((i) => frames[i]!) : frames;
}

test('without reassembly every IPv4 fragment is flagged with its frame, not dropped', () => {
  const frags = v4Fragments(1480);
  assert.equal(frags.length, 3);
  frags.forEach((f, i) => {
    const pkt = decodePacket(rawFrame(f, 20 + i))!;
    assert.ok(pkt, 'fragment dropped');
    assert.equal(pkt.tcp, undefined);
    assert.deepEqual(pkt.fragment, { id: 0xbeef, offset: 1480 * i, more: i < 2 });
    assert.deepEqual(pkt.problems.map((p) => [p.code, p.frame]), [['ip.fragment', 20 + i]]);
    assert.match(pkt.problems[0]!.message, /frame \d+: fragment of IPv4 datagram id 0xbeef/);
  });
});

test('IPv4 fragments are reassembled, in any order, with every fragment flagged', () => {
  for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
    const problems: Problem[] = [];
    const d = new PacketDecoder((p) => problems.push(p));
    const frags = v4Fragments(800, order);
    const out = frags.map((f, i) => d.decode(rawFrame(f, 100 + i))!);
    d.finish();
    assert.deepEqual(problems, []);
    for (const pkt of out) assert.deepEqual(pkt.problems.map((p) => [p.code, p.frame]), [['ip.fragment', pkt.frame]]);
    const last = out[out.length - 1]!;
    assert.deepEqual(last.reassembledFrom, [100, 101, 102, 103]);
    assert.equal(last.tcp!.seq, 123456);
    assert.deepEqual([...last.tcp!.payload], [...data]);
    for (const pkt of out.slice(0, -1)) assert.equal(pkt.tcp, undefined);
  }
});

test('overlapping IPv4 fragments: the bytes that came first win', () => {
  const d = new PacketDecoder(() => {});
  const forged = Uint8Array.from(segWithChecksum.subarray(800, 1600)).fill(0xee);
  const frames = [
    ...v4Fragments(800, [0, 1]),
    ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: PROTO_TCP, payload: forged, id: 0xbeef, moreFragments: true, fragmentOffset: 800 }),
    ...v4Fragments(800, [2, 3]),
  ];
  const out = frames.map((f, i) => d.decode(rawFrame(f, i + 1))!);
  assert.deepEqual([...out[4]!.tcp!.payload], [...data]);
});

test('unfinished fragments are reported at the end, by timeout, and when the buffer bound is passed', () => {
  let problems: Problem[] = [];
  let d = new PacketDecoder((p) => problems.push(p));
  const frags = v4Fragments(800);
  d.decode(rawFrame(frags[0]!, 1));
  d.decode(rawFrame(frags[2]!, 2));
  assert.equal(problems.length, 0);
  d.finish();
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.code, 'ip.fragment');
  assert.match(problems[0]!.message, /frames 1, 2 \(1600 bytes, total size unknown\) were never reassembled: the capture ended/);

  problems = [];
  d = new PacketDecoder((p) => problems.push(p));
  d.decode(rawFrame(frags[0]!, 1, 1000));
  d.decode(rawFrame(frags[1]!, 2, 1100));
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /frames 1 .*within 60 s/);

  problems = [];
  d = new PacketDecoder((p) => problems.push(p), { fragmentLimits: { maxBufferedBytes: 1000 } });
  d.decode(rawFrame(frags[0]!, 1));
  d.decode(rawFrame(frags[1]!, 2));
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /buffer was full/);
  assert.equal(problems[0]!.frame, 2);
});

test('IPv6 fragments are flagged and reassembled, also with headers after the fragment header', () => {
  const inner = ipv6({ src: '2001:db8::a', dst: '2001:db8::b', nextHeader: PROTO_TCP, payload: seg, extensions: [ipv6Ext.options(60)] });
  // The fragmentable part: destination options + TCP (checksum already filled).
  const fragmentable = inner.subarray(40);
  const ps = pieces(fragmentable, 1232);
  const problems: Problem[] = [];
  const d = new PacketDecoder((p) => problems.push(p));
  const out = ps.map((p, i) => {
    const ip = ipv6({
      src: '2001:db8::a',
      dst: '2001:db8::b',
      nextHeader: 60,
      payload: p.bytes,
      extensions: [ipv6Ext.options(0), ipv6Ext.fragment({ offset: p.offset, more: p.more, id: 0xdeadbeef })],
    });
    return d.decode(captured(ethernet(ip), { frame: 50 + i }))!;
  });
  assert.deepEqual(problems, []);
  assert.equal(out.length, 3);
  for (const pkt of out) assert.deepEqual(pkt.problems.map((p) => p.code), ['ip.fragment']);
  assert.deepEqual(out[0]!.fragment, { id: 0xdeadbeef, offset: 0, more: true });
  const last = out[2]!;
  assert.deepEqual(last.reassembledFrom, [50, 51, 52]);
  assert.equal(last.protocol, PROTO_TCP);
  assert.deepEqual([...last.tcp!.payload], [...data]);

  const single = decodePacket(captured(ethernet(ipv6({ src: '::1', dst: '::2', nextHeader: 60, payload: ps[1]!.bytes, extensions: [ipv6Ext.fragment({ offset: ps[1]!.offset, more: true, id: 5 })] }))))!;
  assert.deepEqual(single.problems.map((p) => p.code), ['ip.fragment']);
  assert.equal(single.tcp, undefined);
});

test('IPv6 addresses are shown in RFC 5952 form', () => {
  const cases: [string, string][] = [
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
    ['0:0:0:0:0:ffff:c000:280', '::ffff:192.0.2.128'],
  ];
  for (const [input, want] of cases) assert.equal(formatIpv6(ipv6Address(input), 0), want, input);
  const pkt: NetPacket = decodePacket(rawFrame(ipv6({ src: '2001:db8:0:0:1:0:0:1', dst: '::1', nextHeader: 59, payload: new Uint8Array(0) })))!;
  assert.equal(pkt.src, '2001:db8::1:0:0:1');
  assert.equal(pkt.dst, '::1');
});
