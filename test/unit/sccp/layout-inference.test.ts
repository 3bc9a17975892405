/**
 * A basic (version 0) header over a newer body: sccp_hw_conf.pcapng's conference bridge gets OpenReceiveChannel and
 * StartMediaTransmission with the v17+ (IPv4-or-IPv6) layout under a basic header. tshark reads the basic layout and
 * shows address 0.0.0.0 and port 953561614; we decode the only layout that fits, and its port is the one the
 * capture's RTP uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureBytes } from '../../../src/core/capture';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';

const FILE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'captures', 'sccp_hw_conf.pcapng');

function decodeCapture(): { messages: SccpMessage[]; udpPorts: Set<number> } {
  const messages: SccpMessage[] = [];
  const udpPorts = new Set<number>();
  const session = new SccpSession({ message: (m) => messages.push(m), problem: () => {}, datagram: (d) => (udpPorts.add(d.srcPort), udpPorts.add(d.dstPort)) });
  readCaptureBytes(new Uint8Array(readFileSync(FILE)), { packet: (p) => session.packet(p), problem: () => {} });
  session.finish();
  return { messages, udpPorts };
}

test('basic-header StartMediaTransmission with a v17 body: the layout that fits is used, and said so', () => {
  const { messages, udpPorts } = decodeCapture();
  const smt = messages.filter((m) => m.name === 'StartMediaTransmission' && m.headerVersion === 0);
  assert.equal(smt.length, 3);
  for (const m of smt) {
    assert.equal(m.layoutVersion, 0x11);
    assert.deepEqual(m.problems.map((p) => [p.code, p.offset]), [['sccp.layout-inferred', 4]]);
    const ep = m.media[0]!;
    assert.equal(ep.role, 'send-to');
    // The call reference is now the one the bridge's StartMediaTransmissionAck echoes (the basic layout read 184).
    const ack = messages.find((a) => a.name === 'StartMediaTransmissionAck' && a.media[0]?.passThroughPartyId === ep.passThroughPartyId);
    assert.equal(ep.callReference, ack?.media[0]?.callReference);
  }
  assert.deepEqual(smt.map((m) => m.media[0]!.port), [19512, 28656, 28036]);
  // The capture holds the RTP of the first stream only: 10.180.110.58:8084 <-> 192.168.38.108:19512.
  assert.ok(udpPorts.has(19512));
});

test('tshark\'s view is still there: forcing the basic layout gives its 0.0.0.0 and leftover bytes', () => {
  const m = decodeCapture().messages.find((x) => x.name === 'StartMediaTransmission' && x.headerVersion === 0)!;
  const basic = decodeMessage(m.bytes, { forceLayoutVersion: 0 });
  assert.equal(basic.media[0]!.ip, '0.0.0.0');
  assert.equal(basic.media[0]!.port, 953561614);
  assert.ok(basic.problems.some((p) => p.code === 'sccp.trailing-bytes'));
});

test('a basic message that fits the basic layout is left alone, and one no layout fits keeps its problems', () => {
  const { messages } = decodeCapture();
  const keepAlive = messages.find((m) => m.headerVersion === 0 && m.problems.length === 0)!;
  assert.equal(decodeMessage(keepAlive.bytes).layoutVersion, 0);
  // 3 stray bytes after a KeepAliveReq fit no layout: the header's is kept and the bytes are reported.
  const stray = Uint8Array.from([7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
  const d = decodeMessage(stray);
  assert.equal(d.layoutVersion, 0);
  assert.deepEqual(d.problems.map((p) => p.code), ['sccp.trailing-bytes']);
});

test('the connection\'s negotiated version is used first where the header says basic and the basic layout does not fit', () => {
  const m = decodeCapture().messages.find((x) => x.name === 'StartMediaTransmission' && x.headerVersion === 0)!;
  const negotiated = decodeMessage(m.bytes, { negotiatedVersion: 0x14 });
  assert.equal(negotiated.layoutVersion, 0x14);
  assert.match(negotiated.problems[0]!.message, /the version this connection negotiated \(20\)/);
  assert.deepEqual(negotiated.media, decodeMessage(m.bytes).media, 'v17 to v20 share this layout');
  // A negotiated version whose layout does not fit (the basic one) leaves the choice to the length.
  assert.equal(decodeMessage(m.bytes, { negotiatedVersion: 0x0a }).layoutVersion, 0x11);
  // A basic message that fits its basic layout keeps it, whatever was negotiated.
  const keepAlive = Uint8Array.from([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(decodeMessage(keepAlive, { negotiatedVersion: 0x14 }).layoutVersion, 0);
});
