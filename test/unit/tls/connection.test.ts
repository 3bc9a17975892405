import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems';
import { decodeMessage } from '../../../src/core/sccp/decode';
import { MessageFramer, type FramedMessage } from '../../../src/core/sccp/framer';
import { TlsConnection } from '../../../src/core/tls/connection';
import type { TlsConnectionInfo } from '../../../src/core/tls/info';
import {
  CUCM_CERT,
  TLS_RSA_WITH_NULL_SHA,
  certificate,
  clientHello,
  concat,
  handshake,
  nullCipherSession,
  nullShaRecords,
  realSccp,
  record,
  serverHello,
  SERVER_HELLO_DONE,
} from './tls-bytes';

interface Run {
  infos: TlsConnectionInfo[];
  problems: Problem[];
  messages: [FramedMessage[], FramedMessage[]];
  opened: boolean[];
  /** Which direction each frame belonged to (index = frame number). */
  frameDir: number[];
}

type Flight = [0 | 1, Uint8Array];

/**
 * Drives a TlsConnection the way the session does: first the handshake flights in order, then both directions'
 * application data interleaved segment by segment (frame n carries the n-th segment); NULL-cipher plaintext goes
 * into a MessageFramer per direction.
 */
function run(flights: Flight[], app: [Uint8Array, Uint8Array], cut: (n: number) => number, startsAtConnectionStart = true): Run {
  const r: Run = { infos: [], problems: [], messages: [[], []], opened: [], frameDir: [-1] };
  const conn = new TlsConnection(
    {
      info: (i) => r.infos.push(i),
      problem: (p) => r.problems.push(p),
      openPlaintext: (dir, startsAtMessageStart) => {
        r.opened[dir] = startsAtMessageStart;
        return new MessageFramer({ message: (m) => r.messages[dir].push(m), problem: (p) => r.problems.push(p) }, { startsAtConnectionStart: startsAtMessageStart }, `plain ${dir}`);
      },
    },
    { startsAtConnectionStart, describe: 'TCP stream 0', directionNames: ['station -> CallManager', 'CallManager -> station'] },
  );
  const offset = [0, 0];
  let n = 0;
  const send = (dir: 0 | 1, bytes: Uint8Array) => {
    n++;
    conn.data(dir, bytes, offset[dir]!, r.frameDir.length);
    r.frameDir.push(dir);
    offset[dir]! += bytes.length;
  };
  for (const [dir, bytes] of flights) {
    for (let at = 0; at < bytes.length; ) {
      const size = Math.max(1, cut(n));
      send(dir, bytes.subarray(at, at + size));
      at += size;
    }
  }
  const at = [0, 0];
  while (at[0]! < app[0].length || at[1]! < app[1].length) {
    for (const dir of [0, 1] as const) {
      if (at[dir]! >= app[dir].length) continue;
      const size = Math.max(1, cut(n));
      send(dir, app[dir].subarray(at[dir], at[dir]! + size));
      at[dir]! += size;
    }
  }
  const last = r.frameDir.length - 1;
  conn.end(0, last);
  conn.end(1, last);
  return r;
}

/** A session whose flights are all the bytes of each side, client first (for sessions without application data). */
function runWhole(client: Uint8Array, server: Uint8Array, cut: (n: number) => number, startsAtConnectionStart = true): Run {
  return run([], [client, server], cut, startsAtConnectionStart);
}

const codes = (ps: Problem[]) => ps.map((p) => p.code);

test('NULL cipher: the SCCP messages inside decode exactly as the clear bytes do, however records and segments are cut', () => {
  const { sccp } = nullCipherSession({ client: [1], server: [1] });
  const recordCuts = [
    { client: [1], server: [1] },
    { client: [5, 7, 11], server: [13, 2, 40] },
    { client: [100000], server: [100000] },
    { client: [12, 13, 3], server: [24, 6, 300] },
  ];
  for (const sizes of recordCuts) {
    const { flights, clientApp, serverApp } = nullCipherSession(sizes);
    for (const seg of [1, 2, 3, 7, 64, 1460, 100000]) {
      const r = run(flights, [clientApp, serverApp], () => seg);
      const what = `records ${JSON.stringify(sizes)}, segments of ${seg}`;
      assert.deepEqual(
        r.messages[0].map((m) => m.bytes),
        sccp.toCallManager,
        what,
      );
      assert.deepEqual(
        r.messages[1].map((m) => m.bytes),
        sccp.fromCallManager,
        what,
      );
      // Same field output as the clear bytes: decode both and compare whole results.
      r.messages[1].forEach((m, i) => assert.deepEqual(decodeMessage(m.bytes), decodeMessage(sccp.fromCallManager[i]!), what));
      assert.deepEqual(codes(r.problems), ['tls.null-cipher'], what);
      assert.deepEqual(r.opened, [true, true]);
    }
  }
});

test('NULL cipher: plaintext offsets count plaintext bytes, frames are those that carried the bytes', () => {
  const { flights, clientApp, serverApp, sccp } = nullCipherSession({ client: [9], server: [9] });
  const r = run(flights, [clientApp, serverApp], () => 50);
  for (const dir of [0, 1] as const) {
    const want = dir === 0 ? sccp.toCallManager : sccp.fromCallManager;
    let offset = 0;
    let lastFrame = 0;
    r.messages[dir].forEach((m, i) => {
      assert.equal(m.streamOffset, offset);
      offset += want[i]!.length;
      // Only frames of this direction, in order; 9-byte records (34 bytes on the wire) in 50-byte segments put most
      // messages over several frames.
      assert.ok(m.frames.every((f) => r.frameDir[f] === dir));
      assert.ok(m.frames[0]! >= lastFrame);
      lastFrame = m.frames[m.frames.length - 1]!;
    });
    assert.ok(r.messages[dir].some((m) => m.frames.length > 2));
  }
});

test('NULL cipher: the connection report names version, suite, server and client certificates, and says it is not encrypted', () => {
  const { flights, clientApp, serverApp } = nullCipherSession({ client: [64], server: [64] });
  const r = run(flights, [clientApp, serverApp], () => 1460);
  assert.equal(r.infos.length, 1);
  const info = r.infos[0]!;
  assert.equal(info.protection, 'not-encrypted');
  assert.equal(info.label, 'SCCP over TLS, NULL cipher: not encrypted');
  assert.equal(info.handshakeSeen, true);
  assert.deepEqual(info.version, { code: 0x0303, name: 'TLS 1.2', source: 'server-hello' });
  assert.equal(info.cipherSuite?.name, 'TLS_RSA_WITH_NULL_SHA');
  assert.equal(info.serverName, 'cucm-pub.lab.example');
  assert.equal(info.serverCertificate?.subject.commonName, 'cucm-pub.lab.example');
  assert.equal(info.serverCertificate?.issuer.commonName, 'Example Lab CA');
  assert.equal(info.clientCertificate?.subject.commonName, 'SEP001122334455');
  assert.equal(info.firstFrame, 1);
  assert.match(info.summary, /^SCCP over TLS, NULL cipher: not encrypted \(TLS 1\.2; TLS_RSA_WITH_NULL_SHA; server name cucm-pub\.lab\.example; certificate O=Example Voice Lab, CN=cucm-pub\.lab\.example, issued by O=Example Voice Lab, CN=Example Lab CA/);
  const finding = r.problems.find((p) => p.code === 'tls.null-cipher')!;
  assert.match(finding.message, /TLS_RSA_WITH_NULL_SHA/);
  assert.match(finding.message, /SRTP keys/);
  assert.equal(finding.frame, 2, 'raised at the ServerHello');
});

test('an encrypting suite: reported as encrypted, the application data is never handed on as SCCP', () => {
  const sccp = realSccp();
  // Same session shape, but TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and application data that is real SCCP bytes:
  // were it decoded, messages would come out.
  const app = (msgs: Uint8Array[]) => msgs.map((m) => record(23, 0x0303, m));
  const flights: Flight[] = [
    [0, record(22, 0x0303, clientHello({ suites: [0xc02f] }))],
    [1, record(22, 0x0303, concat([serverHello({ suite: 0xc02f }), certificate([CUCM_CERT]), SERVER_HELLO_DONE]))],
    [0, record(20, 0x0303, Uint8Array.of(1))],
    [1, record(20, 0x0303, Uint8Array.of(1))],
  ];
  const r = run(flights, [concat(app(sccp.toCallManager)), concat(app(sccp.fromCallManager))], () => 100);
  assert.deepEqual(r.messages, [[], []]);
  assert.deepEqual(r.opened, []);
  assert.deepEqual(codes(r.problems), []);
  const info = r.infos[0]!;
  assert.equal(info.protection, 'encrypted');
  assert.equal(
    info.summary,
    'SCCP over TLS, encrypted (TLS 1.2; TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; certificate O=Example Voice Lab, CN=cucm-pub.lab.example, issued by O=Example Voice Lab, CN=Example Lab CA)',
  );
});

test('a resumed TLS 1.2 session is said to exchange no certificate', () => {
  const flights: Flight[] = [
    [0, record(22, 0x0303, clientHello({ suites: [0x002f] }))],
    [1, concat([record(22, 0x0303, serverHello({ suite: 0x002f, resume: true })), record(20, 0x0303, Uint8Array.of(1)), record(22, 0x0303, new Uint8Array(48))])],
    [0, concat([record(20, 0x0303, Uint8Array.of(1)), record(22, 0x0303, new Uint8Array(48))])],
  ];
  const info = run(flights, [record(23, 0x0303, new Uint8Array(48)), record(23, 0x0303, new Uint8Array(64))], () => 100).infos[0]!;
  assert.equal(info.resumed, true);
  assert.equal(info.summary, 'SCCP over TLS, encrypted (TLS 1.2; TLS_RSA_WITH_AES_128_CBC_SHA; session resumed, no certificate exchanged)');
});

test('TLS 1.3: the version comes from supported_versions and the certificate is said to be hidden', () => {
  const flights: Flight[] = [
    [0, record(22, 0x0301, clientHello({ suites: [0x1301, 0x1302], supportedVersions: [0x0304, 0x0303], serverName: 'cm.example' }))],
    [1, concat([record(22, 0x0303, serverHello({ suite: 0x1302, selectedVersion: 0x0304 })), record(20, 0x0303, Uint8Array.of(1)), record(23, 0x0303, new Uint8Array(900).fill(9))])],
  ];
  const info = run(flights, [record(23, 0x0303, new Uint8Array(60).fill(7)), new Uint8Array(0)], () => 1000).infos[0]!;
  assert.deepEqual(info.version, { code: 0x0304, name: 'TLS 1.3', source: 'supported-versions' });
  assert.deepEqual(info.offeredVersions, [0x0304, 0x0303]);
  assert.equal(info.summary, 'SCCP over TLS, encrypted (TLS 1.3; TLS_AES_256_GCM_SHA384; server name cm.example; certificate not visible (TLS 1.3 encrypts it))');
});

test('TLS 1.3 integrity-only suite (TLS_SHA256_SHA256): inner content type and padding are removed', () => {
  const sccp = realSccp();
  const tag = new Uint8Array(32).fill(0xee);
  const inner = (m: Uint8Array, pad: number) => record(23, 0x0303, concat([m, Uint8Array.of(23), new Uint8Array(pad), tag]));
  const flights: Flight[] = [
    [0, record(22, 0x0301, clientHello({ suites: [0xc0b4], supportedVersions: [0x0304] }))],
    [1, record(22, 0x0303, serverHello({ suite: 0xc0b4, selectedVersion: 0x0304 }))],
    [1, record(23, 0x0303, concat([handshake(8, new Uint8Array(2)), Uint8Array.of(22), tag]))], // EncryptedExtensions: not SCCP
  ];
  const r = run(flights, [new Uint8Array(0), concat(sccp.fromCallManager.map((m, i) => inner(m, i % 3)))], () => 333);
  assert.deepEqual(
    r.messages[1].map((m) => m.bytes),
    sccp.fromCallManager,
  );
  assert.deepEqual(codes(r.problems), ['tls.null-cipher']);
});

test('mid-session start (the real case of srst_secure): a clear problem, version from the record headers, nothing decoded', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const cipher = (n: number) => new Uint8Array(n).map(() => rnd());
  const client = concat([record(23, 0x0301, cipher(32)), record(23, 0x0301, cipher(48))]);
  const server = concat([record(23, 0x0301, cipher(32)), record(23, 0x0301, cipher(48))]);
  const r = runWhole(client, server, () => 90, false);
  assert.deepEqual(codes(r.problems), ['tls.no-handshake']);
  assert.match(r.problems[0]!.message, /starts mid-session; the first application data is at frame 1/);
  assert.match(r.problems[0]!.message, /TLS 1\.0/);
  assert.equal(r.infos.length, 1);
  assert.equal(r.infos[0]!.summary, 'SCCP over TLS, encrypted (TLS 1.0 (from the record headers); cipher suite unknown; no handshake in the capture)');
  assert.deepEqual(r.messages, [[], []]);
});

test('mid-session NULL cipher: recognised from the data itself, raised as a finding, and decoded from there on', () => {
  const sccp = realSccp();
  // Records of one SCCP message each, so each record is message + MAC; the capture starts after the handshake.
  const oneEach = (msgs: Uint8Array[]) => concat(msgs.flatMap((m, i) => nullShaRecords(m, [m.length], i)));
  const r = runWhole(oneEach(sccp.toCallManager), oneEach(sccp.fromCallManager), () => 200, false);
  assert.deepEqual(codes(r.problems), ['tls.no-handshake', 'tls.null-cipher']);
  assert.match(r.problems[1]!.message, /application data is readable SCCP followed by a 20-byte MAC/);
  assert.equal(r.infos[r.infos.length - 1]!.protection, 'not-encrypted');
  assert.deepEqual(
    r.messages[1].map((m) => m.bytes),
    sccp.fromCallManager,
  );
  assert.deepEqual(
    r.messages[0].map((m) => m.bytes),
    sccp.toCallManager,
  );
});

test('an alert in the clear is reported with its meaning', () => {
  const client = record(22, 0x0301, clientHello({ suites: [TLS_RSA_WITH_NULL_SHA] }));
  const server = concat([record(22, 0x0303, concat([serverHello({ suite: 0x002f }), certificate([CUCM_CERT]), SERVER_HELLO_DONE]))]);
  const alert = record(21, 0x0303, Uint8Array.of(2, 48));
  const r = run([[0, client], [1, server], [0, alert]], [new Uint8Array(0), new Uint8Array(0)], () => 4000);
  assert.deepEqual(codes(r.problems), ['tls.alert']);
  assert.match(r.problems[0]!.message, /station -> CallManager: TLS alert \(fatal\): unknown_ca/);
  assert.equal(r.infos.length, 1, 'reported at the end, although no application data came');
});

test('garbage handshake and records: bounded problems, no throw', () => {
  let seed = 99;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let round = 0; round < 200; round++) {
    const junk = new Uint8Array(1 + (round * 37) % 3000).map(() => rnd());
    // Plausible record headers around junk payloads, with every content type.
    const client = concat([record(22, 0x0303, junk.subarray(0, Math.min(junk.length, 500))), record(20 + (round % 5), 0x0303, junk), junk]);
    const server = concat([record(22, 0x0303, concat([Uint8Array.of(2, 0, 0, 40), junk.subarray(0, 40)])), record(23, 0x0303, junk)]);
    const r = runWhole(client, server, (n) => 1 + ((n * 7919) % 700), round % 2 === 0);
    assert.ok(r.problems.length < 50);
  }
});

test('NULL cipher with bytes missing from the capture: the records and messages after the gap are found again', () => {
  const { flights, serverApp, sccp } = nullCipherSession({ client: [64], server: [40] });
  const r: Run = { infos: [], problems: [], messages: [[], []], opened: [], frameDir: [] };
  const conn = new TlsConnection(
    {
      info: (i) => r.infos.push(i),
      problem: (p) => r.problems.push(p),
      openPlaintext: (dir, starts) =>
        new MessageFramer({ message: (m) => r.messages[dir].push(m), problem: (p) => r.problems.push(p) }, { startsAtConnectionStart: starts }, `plain ${dir}`),
    },
    { startsAtConnectionStart: true, describe: 'TCP stream 0' },
  );
  const offset = [0, 0];
  let frame = 0;
  for (const [dir, bytes] of flights) {
    conn.data(dir, bytes, offset[dir]!, ++frame);
    offset[dir]! += bytes.length;
  }
  // Lose 300 bytes of the server's application data, starting inside a record.
  const base = offset[1]!;
  const lostFrom = 333;
  const lostTo = 633;
  conn.data(1, serverApp.subarray(0, lostFrom), base, ++frame);
  conn.gap(1, base + lostFrom, base + lostTo, ++frame);
  conn.data(1, serverApp.subarray(lostTo), base + lostTo, ++frame);
  conn.end(0, frame);
  conn.end(1, frame);
  const got = r.messages[1].map((m) => m.bytes);
  const want = sccp.fromCallManager;
  // Messages wholly before the gap, then the messages after the first record boundary past the gap (the framer
  // resynchronises on the next plausible header): whatever comes out is a real message, in order, and the tail is whole.
  assert.ok(got.length >= 2 && got.length < want.length, `${got.length} of ${want.length}`);
  let i = 0;
  for (const g of got) {
    while (i < want.length && Buffer.compare(Buffer.from(want[i]!), Buffer.from(g)) !== 0) i++;
    assert.ok(i < want.length, 'every message decoded is one of the real ones, in order');
    i++;
  }
  assert.deepEqual(got[got.length - 1], want[want.length - 1]);
  assert.ok(codes(r.problems).includes('tcp.gap'));
  assert.ok(codes(r.problems).includes('tls.unfinished-record'));
});
