import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket } from '../../../src/core/net/decoder';
import { LINK, PROTO_TCP, PROTO_UDP, ascii, captured, concat, ipv4, ipv6, tcp, udp } from '../../helpers/frames';

const raw = (ip: Uint8Array) => captured(ip, { linkType: LINK.RAW, frame: 12 });
const v4 = (protocol: number, payload: Uint8Array, totalLength?: number) =>
  ipv4({ src: '172.16.0.1', dst: '172.16.0.2', protocol, payload, ...(totalLength === undefined ? {} : { totalLength }) });

test('TCP header fields, flags and options are read; the payload is a view trimmed to the IP length', () => {
  const options = Uint8Array.of(2, 4, 0x05, 0xb4, 1, 1, 4, 2); // MSS, NOP, NOP, SACK permitted
  const payload = ascii('0123456789');
  const frame = concat(v4(PROTO_TCP, tcp({ srcPort: 2000, dstPort: 49152, seq: 0xfffffff0, ack: 0x80000001, flags: 'SA', window: 4096, options, payload })), ascii('junk'));
  const pkt = decodePacket(raw(frame))!;
  const t = pkt.tcp!;
  assert.deepEqual(pkt.problems, []);
  assert.deepEqual(
    [t.srcPort, t.dstPort, t.seq, t.ack, t.flags, t.syn, t.ackFlag, t.fin, t.rst, t.window, t.headerLength],
    [2000, 49152, 0xfffffff0, 0x80000001, 0x12, true, true, false, false, 4096, 28],
  );
  assert.equal(String.fromCharCode(...t.payload), '0123456789');
  assert.equal(t.wireLength, 10);
  assert.equal(t.payloadOffset, 48);
  assert.equal(t.payload.buffer, frame.buffer, 'payload should be a view on the frame');
  const fr = decodePacket(raw(v4(PROTO_TCP, tcp({ srcPort: 1, dstPort: 2, flags: 'FRPU' }))))!.tcp!;
  assert.deepEqual([fr.fin, fr.rst, fr.syn, fr.ackFlag, fr.flags], [true, true, false, false, 0x2d]);
});

test('a TCP data offset below 5 is a bad header; one beyond the data is a truncated header with no payload', () => {
  let pkt = decodePacket(raw(v4(PROTO_TCP, tcp({ srcPort: 1, dstPort: 2, dataOffsetWords: 4, payload: ascii('abcd') }))))!;
  assert.equal(pkt.tcp, undefined);
  assert.deepEqual(pkt.problems.map((p) => [p.code, p.frame]), [['tcp.bad-header', 12]]);
  pkt = decodePacket(raw(v4(PROTO_TCP, tcp({ srcPort: 1, dstPort: 2, seq: 9, flags: 'F', dataOffsetWords: 15, payload: ascii('abcd') }))))!;
  assert.deepEqual(pkt.problems.map((p) => p.code), ['tcp.truncated']);
  assert.equal(pkt.tcp!.seq, 9);
  assert.equal(pkt.tcp!.fin, true);
  assert.equal(pkt.tcp!.payload.length, 0);
});

test('TCP and UDP headers cut at every length give a problem, never an exception', () => {
  const segs: [number, Uint8Array][] = [
    [PROTO_TCP, tcp({ srcPort: 1, dstPort: 2, options: new Uint8Array(12).fill(1), payload: ascii('xy') })],
    [PROTO_UDP, udp({ srcPort: 1, dstPort: 2, payload: ascii('xy') })],
  ];
  for (const [proto, seg] of segs) {
    for (let n = 0; n < seg.length; n++) {
      // The IP length matches the cut, so only the transport layer can notice.
      for (const ip of [v4(proto, seg.subarray(0, n)), ipv6({ src: '::1', dst: '::2', nextHeader: proto, payload: seg.subarray(0, n), transportChecksum: false })]) {
        const pkt = decodePacket(raw(ip))!;
        const codes = pkt.problems.map((p) => p.code);
        assert.ok(codes.length > 0 || (pkt.tcp?.payload.length ?? pkt.udp?.payload.length) !== 2, `${proto} cut at ${n}`);
        if (proto === PROTO_TCP && n < 20) assert.deepEqual(codes, ['tcp.truncated']);
        if (proto === PROTO_TCP && n >= 20 && n < 32) assert.deepEqual(codes, ['tcp.truncated']);
        if (proto === PROTO_UDP && n < 8) assert.deepEqual(codes, ['udp.truncated']);
        if (proto === PROTO_UDP && n >= 8) assert.deepEqual(codes, ['udp.truncated'], `udp cut at ${n}`);
      }
    }
  }
});

test('UDP ports and payload; the payload is trimmed to the UDP length', () => {
  const payload = ascii('rtp-ish payload');
  let pkt = decodePacket(raw(concat(v4(PROTO_UDP, udp({ srcPort: 16384, dstPort: 20000, payload })))))!;
  assert.deepEqual([pkt.udp!.srcPort, pkt.udp!.dstPort, pkt.udp!.length], [16384, 20000, 8 + payload.length]);
  assert.equal(String.fromCharCode(...pkt.udp!.payload), 'rtp-ish payload');
  pkt = decodePacket(raw(v4(PROTO_UDP, udp({ srcPort: 1, dstPort: 2, payload, length: 11 }))))!;
  assert.equal(String.fromCharCode(...pkt.udp!.payload), 'rtp');
  assert.deepEqual(pkt.problems, []);
  pkt = decodePacket(raw(v4(PROTO_UDP, udp({ srcPort: 1, dstPort: 2, payload, length: 7 }))))!;
  assert.equal(pkt.udp, undefined);
  assert.deepEqual(pkt.problems.map((p) => p.code), ['udp.bad-header']);
});

test('other IP protocols give a packet without a transport', () => {
  const pkt = decodePacket(raw(v4(1, Uint8Array.of(8, 0, 0, 0, 0, 1, 0, 1))))!;
  assert.equal(pkt.protocol, 1);
  assert.equal(pkt.tcp, undefined);
  assert.equal(pkt.udp, undefined);
  assert.deepEqual(pkt.problems, []);
});
