import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems';
import { HandshakeReader, MAX_HANDSHAKE_MESSAGE, parseCertificateMessage, parseClientHello, parseServerHello } from '../../../src/core/tls/handshake';
import { CLIENT_KEY_EXCHANGE, CUCM_CERT, PHONE_CERT, SERVER_HELLO_DONE, certificate, clientHello, concat, handshake, serverHello } from './tls-bytes';

const body = (msg: Uint8Array) => msg.subarray(4);

test('ClientHello: offered suites, SNI, supported_versions without GREASE', () => {
  const h = parseClientHello(body(clientHello({ suites: [0x1301, 0xc02f, 0x0002], serverName: 'cucm-pub.lab.example', supportedVersions: [0x3a3a, 0x0304, 0x0303] })))!;
  assert.equal(h.legacyVersion, 0x0303);
  assert.deepEqual(h.cipherSuites, [0x1301, 0xc02f, 0x0002]);
  assert.equal(h.serverName, 'cucm-pub.lab.example');
  assert.deepEqual(h.supportedVersions, [0x0304, 0x0303]);
  const old = parseClientHello(body(clientHello({ version: 0x0301, suites: [0x002f] })))!;
  assert.equal(old.legacyVersion, 0x0301);
  assert.equal(old.serverName, undefined);
  assert.equal(old.supportedVersions, undefined);
});

test('ServerHello: chosen suite, and the TLS 1.3 version from supported_versions', () => {
  assert.deepEqual(parseServerHello(body(serverHello({ suite: 0x0002 }))), { legacyVersion: 0x0303, sessionId: new Uint8Array(32).fill(0x44), cipherSuite: 0x0002 });
  assert.deepEqual(parseServerHello(body(serverHello({ suite: 0x1301, selectedVersion: 0x0304, resume: true }))), {
    legacyVersion: 0x0303,
    sessionId: new Uint8Array(32).fill(0x22),
    cipherSuite: 0x1301,
    selectedVersion: 0x0304,
  });
});

test('Certificate: the first certificate of the chain is the one named', () => {
  const names = parseCertificateMessage(body(certificate([CUCM_CERT, PHONE_CERT])));
  assert.ok(names && names !== 'empty');
  assert.equal(names.subject.commonName, 'cucm-pub.lab.example');
  assert.equal(parseCertificateMessage(body(certificate([]))), 'empty');
});

test('every cut of a hello or certificate returns (undefined or a value), never throws', () => {
  for (const msg of [clientHello({ suites: [0xc02f], serverName: 'x.example', supportedVersions: [0x0304] }), serverHello({ suite: 2, selectedVersion: 0x0304 }), certificate([CUCM_CERT])]) {
    const b = body(msg);
    for (let n = 0; n < b.length; n++) {
      parseClientHello(b.subarray(0, n));
      parseServerHello(b.subarray(0, n));
      const c = parseCertificateMessage(b.subarray(0, n));
      if (msg[0] === 11) assert.equal(c, undefined, `certificate cut at ${n}`);
    }
    assert.equal(parseServerHello(b.subarray(0, 10)), undefined);
  }
});

function read(chunks: Uint8Array[]) {
  const got: { type: number; length: number }[] = [];
  const problems: Problem[] = [];
  const r = new HandshakeReader({ message: (type, b) => got.push({ type, length: b.length }), problem: (p) => problems.push(p) }, 'test');
  chunks.forEach((c, i) => r.push(c, i + 1));
  return { got, problems, pending: r.pending };
}

test('handshake messages are reassembled across records, several per record, cut at every byte', () => {
  const flight = concat([serverHello({ suite: 2 }), certificate([CUCM_CERT]), SERVER_HELLO_DONE, CLIENT_KEY_EXCHANGE]);
  const whole = read([flight]);
  assert.deepEqual(
    whole.got.map((g) => g.type),
    [2, 11, 14, 16],
  );
  for (let cut = 1; cut < flight.length; cut++) {
    const split = read([flight.subarray(0, cut), flight.subarray(cut)]);
    assert.deepEqual(split.got, whole.got, `cut at ${cut}`);
  }
  const bytewise = read([...flight].map((b) => Uint8Array.of(b)));
  assert.deepEqual(bytewise.got, whole.got);
});

test('an oversized handshake message is skipped without buffering it, and what follows is still read', () => {
  const big = MAX_HANDSHAKE_MESSAGE + 1000;
  const header = Uint8Array.of(11, big >> 16, (big >> 8) & 0xff, big & 0xff);
  const chunks: Uint8Array[] = [header];
  for (let left = big; left > 0; left -= 16384) chunks.push(new Uint8Array(Math.min(16384, left)));
  chunks.push(SERVER_HELLO_DONE);
  const r = read(chunks);
  assert.deepEqual(r.got, [{ type: 14, length: 0 }]);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'tls.bad-handshake');
  assert.equal(r.pending, 0);
  assert.deepEqual(read([handshake(1, new Uint8Array(3))]).got, [{ type: 1, length: 3 }]);
});
