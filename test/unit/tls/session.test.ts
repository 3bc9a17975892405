/**
 * SCCP over TLS through the whole pipeline (SccpSession): frames in, messages, connection reports and problems out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../../../src/core/problems';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession, type SccpConnection, type SessionOptions } from '../../../src/core/session';
import type { TlsConnectionInfo } from '../../../src/core/tls/info';
import { readCaptureBytes } from '../../../src/core/capture';
import type { CapturedPacket } from '../../../src/core/capture/types';
import { FIXTURES, type RefCapture } from '../../helpers/tshark-reference';
import { compareFields } from '../sccp/field-compare';
import { isDeliberateDifference } from '../sccp/tshark-exceptions';
import { TlsDirection } from '../../../src/core/tls/record-layer';
import { nullCipherCapture, STATION } from './null-capture';
import { realSccp } from './tls-bytes';

interface Out {
  messages: SccpMessage[];
  problems: Problem[];
  connections: SccpConnection[];
  tls: (TlsConnectionInfo & { stream: number })[];
}

function runSession(packets: CapturedPacket[], opts: SessionOptions = {}): Out {
  const out: Out = { messages: [], problems: [], connections: [], tls: [] };
  const s = new SccpSession(
    {
      message: (m) => out.messages.push(m),
      problem: (p) => out.problems.push(p),
      connection: (c) => out.connections.push(c),
      tls: (i) => out.tls.push(i),
    },
    opts,
  );
  for (const p of packets) s.packet(p);
  s.finish();
  return out;
}

const codes = (ps: Problem[]) => ps.map((p) => p.code);

test('NULL cipher through the session: every message tshark finds, with the same fields, frames and endpoints', () => {
  const ref = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'tls', 'tls-null-sha-whole-records.skinny.json'), 'utf8')) as RefCapture;
  const out = runSession(nullCipherCapture({ records: 'whole', segments: [3, 70, 200, 11, 1460] }));
  assert.equal(out.messages.length, ref.messages.length);
  // tshark lists messages by frame; within a frame, in stream order. Ours come out in completion order.
  const ours = [...out.messages].sort((a, b) => a.frame - b.frame);
  ours.forEach((m, i) => {
    const r = ref.messages[i]!;
    assert.equal(m.frame, r.frame);
    assert.equal(m.id, r.id);
    assert.equal(m.name, r.name);
    assert.equal(m.src, r.src);
    assert.equal(m.dstPort, r.dstPort);
    assert.equal(m.tls, true);
    assert.deepEqual(compareFields(m.fields, r, (f) => isDeliberateDifference(f, m)), [], `frame ${r.frame} ${r.name}`);
  });
  assert.deepEqual(codes(out.problems), ['tls.null-cipher']);
  assert.equal(out.connections.length, 1);
  assert.equal(out.connections[0]!.tls, true);
  assert.deepEqual(out.connections[0]!.station, STATION);
  assert.equal(out.tls.length, 1);
  assert.equal(out.tls[0]!.stream, 0);
  assert.equal(out.tls[0]!.protection, 'not-encrypted');
  assert.equal(out.tls[0]!.cipherSuite?.name, 'TLS_RSA_WITH_NULL_SHA');
});

test('NULL cipher through the session: SCCP messages cut across records and segments decode as the clear bytes do', () => {
  const sccp = realSccp();
  for (const records of [[1], [5, 7, 11, 100], [13, 2, 40]]) {
    for (const segments of [[1], [3, 70, 200, 11, 1460], [1460]]) {
      const out = runSession(nullCipherCapture({ records, segments }));
      const what = `records ${records}, segments ${segments}`;
      const toCm = out.messages.filter((m) => m.direction === 'station-to-callmanager');
      const fromCm = out.messages.filter((m) => m.direction === 'callmanager-to-station');
      assert.deepEqual(
        toCm.map((m) => m.bytes),
        sccp.toCallManager,
        what,
      );
      assert.deepEqual(
        fromCm.map((m) => m.bytes),
        sccp.fromCallManager,
        what,
      );
      fromCm.forEach((m, i) => assert.deepEqual(m.fields, decodeMessage(sccp.fromCallManager[i]!).fields, what));
      assert.deepEqual(codes(out.problems), ['tls.null-cipher'], what);
    }
  }
});

test('a capture that starts mid-session: a clear problem; a NULL-cipher one is still recognised and decoded', () => {
  const out = runSession(nullCipherCapture({ records: 'whole', segments: [1460], midSession: true }));
  assert.deepEqual(codes(out.problems).slice(0, 3), ['tcp.mid-stream', 'tls.no-handshake', 'tls.null-cipher']);
  assert.equal(out.tls[out.tls.length - 1]!.protection, 'not-encrypted');
  assert.ok(out.messages.length >= 28, `${out.messages.length} messages`);
});

test('the TLS port list is configurable', () => {
  const on5061 = nullCipherCapture({ records: 'whole', segments: [1460], port: 5061 });
  assert.equal(runSession(on5061).messages.length, 0, 'not a TLS port by default');
  const out = runSession(on5061, { tlsPorts: [2443, 5061] });
  assert.equal(out.messages.length, 30);
  assert.equal(out.connections[0]!.tls, true);
  assert.equal(runSession(nullCipherCapture({ records: 'whole', segments: [1460] }), { tlsPorts: [5061] }).tls.length, 0);
});

/**
 * srst_secure.pcapng: two SCCP-over-TLS connections of an SRST router, captured after their handshakes. Facts read
 * by hand from `tshark -r srst_secure.pcapng -d tcp.port==2443,tls -V` (and `-T fields -e tls.app_data`): no SYN and
 * no handshake record in either stream; every record is application_data with record version TLS 1.0 (0x0301).
 * Stream 0 (10.180.110.58:28750 <-> 253.202.240.47:2443) has records of 32 and 48 bytes in frames 3, 4, 11 and 12,
 * ciphertext. Stream 1 (port 52327) has one 32-byte record in each of frames 6, 7, 14 and 15, and these are NOT
 * ciphertext: each is a 12-byte SCCP message in clear (04000000 12000000 00000000 = KeepAliveReq, header version
 * 0x12, from the station; 04000000 00000000 00010000 = KeepAliveAck from the router) followed by 20 bytes of MAC:
 * a NULL cipher with a SHA-1-sized MAC (consistent with Cisco's "authenticated" device security mode). tshark,
 * without the handshake, decodes none of it.
 */
function srstSecure(): Out {
  const packets: CapturedPacket[] = [];
  readCaptureBytes(new Uint8Array(readFileSync(join(FIXTURES, 'captures', 'srst_secure.pcapng'))), { packet: (p) => packets.push(p), problem: () => {} });
  assert.equal(packets.length, 18);
  return runSession(packets);
}

test('srst_secure.pcapng: both connections are reported without handshake; stream 0 is encrypted', () => {
  const out = srstSecure();
  assert.deepEqual(
    out.connections.map((c) => [c.stream, c.station.port, c.callManager.ip, c.callManager.port, c.tls]),
    [
      [0, 28750, '253.202.240.47', 2443, true],
      [1, 52327, '253.202.240.47', 2443, true],
    ],
  );
  assert.deepEqual(
    out.tls.map((t) => [t.stream, t.firstFrame, t.protection, t.handshakeSeen, t.version?.name, t.version?.source, t.cipherSuite]),
    [
      [0, 3, 'encrypted', false, 'TLS 1.0', 'record-header', undefined],
      [1, 6, 'not-encrypted', false, 'TLS 1.0', 'record-header', undefined],
    ],
  );
  assert.equal(out.tls[0]!.summary, 'SCCP over TLS, encrypted (TLS 1.0 (from the record headers); cipher suite unknown; no handshake in the capture)');
  assert.deepEqual(codes(out.problems), [
    'tcp.mid-stream',
    'tls.no-handshake',
    'tls.encrypted',
    'tcp.mid-stream',
    'tls.no-handshake',
    'tls.null-cipher',
  ]);
  const noHandshake = out.problems.filter((p) => p.code === 'tls.no-handshake');
  assert.deepEqual(
    noHandshake.map((p) => p.frame),
    [3, 6],
  );
  assert.match(noHandshake[0]!.message, /^TCP stream 0 \(10\.180\.110\.58:28750 -> 253\.202\.240\.47:2443\): the capture holds no TLS handshake/);
  assert.ok(out.messages.every((m) => m.stream === 1), 'nothing of the encrypted stream is decoded');
});

test('srst_secure.pcapng: stream 1 is a NULL-cipher session: the finding, and its keep-alives decoded', () => {
  const out = srstSecure();
  const t = out.tls[1]!;
  assert.equal(t.macLengthFromData, 20);
  assert.equal(t.summary, 'SCCP over TLS, NULL cipher: not encrypted (TLS 1.0 (from the record headers); cipher suite unknown, NULL cipher with a 20-byte MAC recognised from the data; no handshake in the capture)');
  const finding = out.problems.find((p) => p.code === 'tls.null-cipher')!;
  assert.equal(finding.frame, 6);
  assert.match(finding.message, /^TCP stream 1 \(10\.180\.110\.58:52327 -> 253\.202\.240\.47:2443\): .*20-byte MAC.*SRTP keys/);
  assert.deepEqual(
    out.messages.map((m) => [m.frame, m.name, m.direction, m.headerVersion, m.streamOffset, m.tls, m.problems.length]),
    [
      [6, 'KeepAliveReq', 'station-to-callmanager', 0x12, 0, true, 0],
      [7, 'KeepAliveAck', 'callmanager-to-station', 0, 0, true, 0],
      [14, 'KeepAliveReq', 'station-to-callmanager', 0x12, 12, true, 0],
      [15, 'KeepAliveAck', 'callmanager-to-station', 0, 12, true, 0],
    ],
  );
});

test('srst_secure.pcapng: its records are all found, whatever way the TCP bytes are cut', () => {
  // The record layer alone, on the capture's real TCP payloads: stream 0's client direction holds two 32+48 pairs.
  const packets: CapturedPacket[] = [];
  readCaptureBytes(new Uint8Array(readFileSync(join(FIXTURES, 'captures', 'srst_secure.pcapng'))), { packet: (p) => packets.push(p), problem: () => {} });
  const payloads = [3, 11].map((f) => {
    const d = packets[f - 1]!.data;
    return d.subarray(d.length - 90);
  });
  const stream = new Uint8Array(180);
  stream.set(payloads[0]!, 0);
  stream.set(payloads[1]!, 90);
  for (let size = 1; size <= 180; size++) {
    const records: number[] = [];
    const problems: Problem[] = [];
    const d = new TlsDirection({ record: (r) => records.push(r.contentType * 1000 + r.payload.length), problem: (p) => problems.push(p) }, { startsAtConnectionStart: false }, 'srst');
    for (let at = 0; at < 180; at += size) d.data(stream.subarray(at, Math.min(180, at + size)), at, 1 + Math.floor(at / size));
    d.end(999);
    assert.deepEqual(records, [23032, 23048, 23032, 23048], `segments of ${size}`);
    assert.deepEqual(problems, []);
  }
});
