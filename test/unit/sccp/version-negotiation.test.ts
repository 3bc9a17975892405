/**
 * The protocol version negotiated per connection (RegisterReq's protocolVer, RegisterAck's maxProtocolVer, the
 * lower wins), on real registrations; and header versions that disagree with it, made by changing the header
 * version of real messages and running them through the whole pipeline again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { VersionNegotiation, expectedHeaderVersion } from '../../../src/core/sccp/version-negotiation';
import { readCaptureBytes } from '../../../src/core/capture';
import { SccpSession, type SessionOptions } from '../../../src/core/session';
import { loadReferences } from '../../helpers/tshark-reference';
import { connectionsOf, decodeCapture, fixtureBytes, pcapOf, recutConnection, type Connection } from '../pipeline/recut';

const REGISTER_ACK = 0x0081;

test('negotiated version = min(RegisterReq protocolVer, RegisterAck maxProtocolVer), from the Ack on, per connection', () => {
  const refs = new Map(loadReferences().map((c) => [c.capture, c]));
  let connections = 0;
  for (const capture of ['sccp_cme_init.pcapng', 'sccp_fxs_register.pcapng', 'sccp_phone_register.pcapng', 'skinny-register.pcapng', 'pyskinny-cm4-register-softkeys.pcapng']) {
    // What tshark read in the registration messages (its own field values, not ours).
    const tsharkValue = (stream: number, field: string): number => {
      const m = refs.get(capture)!.messages.find((x) => x.stream === stream && x.fields.some((f) => f.name === field))!;
      return Number(m.fields.find((f) => f.name === field)!.show);
    };
    const messages = decodeCapture(fixtureBytes(capture));
    for (const stream of new Set(messages.map((m) => m.stream))) {
      const want = Math.min(tsharkValue(stream, 'protocolVer'), tsharkValue(stream, 'maxProtocolVer'));
      const list = messages.filter((m) => m.stream === stream).sort((a, b) => a.frame - b.frame);
      const ack = list.findIndex((m) => m.id === REGISTER_ACK);
      assert.ok(ack > 0, `${capture} stream ${stream}: RegisterAck`);
      for (const [i, m] of list.entries()) assert.equal(m.negotiatedVersion, i <= ack ? undefined : want, `${capture} frame ${m.frame} ${m.name}`);
      assert.ok(list.every((m) => !m.problems.some((p) => p.code === 'sccp.version-mismatch')), `${capture}: no mismatch in the real capture`);
      connections++;
    }
  }
  assert.equal(connections, 6);
});

test('expected header version for a negotiated protocol version', () => {
  const cases: [number, number][] = [[0, 0], [6, 0], [9, 0], [10, 0x0a], [11, 0x0b], [13, 0x0b], [15, 0x0f], [17, 0x11], [20, 0x14], [22, 0x16], [30, 0x16]];
  for (const [negotiated, header] of cases) assert.equal(expectedHeaderVersion(negotiated), header, `v${negotiated}`);
});

test('a basic RegisterReq (no protocolVer field) offers version 0', () => {
  // RegisterReq of 40 bytes (sid, address, device type, max streams), then a RegisterAck allowing 17.
  const req = new Uint8Array(48);
  new DataView(req.buffer).setUint32(0, 40, true);
  req[8] = 0x01;
  const ack = new Uint8Array(32);
  const v = new DataView(ack.buffer);
  v.setUint32(0, 24, true);
  v.setUint32(8, REGISTER_ACK, true);
  ack[28] = 17; // maxProtocolVer
  const n = new VersionNegotiation();
  n.observe(decodeMessage(req), req, true);
  n.observe(decodeMessage(ack), ack, false);
  assert.equal(n.negotiated, 0);
});

/** The capture's connections with the header version of some messages after the RegisterAck changed. */
function withHeaders(messages: SccpMessage[], change: (m: SccpMessage) => number | undefined): Connection[] {
  const ackAt = new Map<number, number>();
  for (const m of messages) if (m.id === REGISTER_ACK && !ackAt.has(m.stream)) ackAt.set(m.stream, m.frame);
  const changed = messages.map((m) => {
    const h = m.frame > (ackAt.get(m.stream) ?? Infinity) ? change(m) : undefined;
    if (h === undefined) return m;
    const bytes = Uint8Array.from(m.bytes);
    new DataView(bytes.buffer).setUint32(4, h, true);
    return { ...m, bytes };
  });
  return connectionsOf(changed);
}

function run(connections: Connection[], order: SccpMessage[], opts: SessionOptions = {}): SccpMessage[] {
  const index = new Map<SccpMessage, number>();
  // The re-cut keeps the original order across directions: map each (changed) message to its original position.
  for (const c of connections) for (const d of c.dirs) for (const m of d.messages) index.set(m, order.findIndex((o) => o.frame === m.frame && o.streamOffset === m.streamOffset && o.src === m.src));
  const frames = connections.flatMap((c) => recutConnection(c, { size: 1460 }, { duplicate: 0, swap: 0, seed: 1 }, index).frames);
  const out: SccpMessage[] = [];
  const session = new SccpSession({ message: (m) => out.push(m), problem: () => {} }, opts);
  readCaptureBytes(pcapOf(frames), { packet: (p) => session.packet(p), problem: () => {} });
  session.finish();
  return out;
}

function mismatches(messages: SccpMessage[]): { name: string; direction: string; headerVersion: number; offset?: number; length?: number }[] {
  return messages.flatMap((m) =>
    m.problems.filter((p) => p.code === 'sccp.version-mismatch').map((p) => ({ name: m.name, direction: m.direction, headerVersion: m.headerVersion, offset: p.offset, length: p.length })),
  );
}

test('a station header newer than negotiated is reported once, at the header version field', () => {
  // sccp_phone_register.pcapng negotiates 20 (station 20, CallManager 21); every later station message claims 22.
  const original = decodeCapture(fixtureBytes('sccp_phone_register.pcapng'));
  const got = run(withHeaders(original, (m) => (m.direction === 'station-to-callmanager' ? 0x16 : undefined)), original);
  // The first one read after the RegisterAck (the re-cut may deliver a segment with several messages before it).
  const first = got.filter((m) => m.direction === 'station-to-callmanager' && m.headerVersion === 0x16 && m.negotiatedVersion === 20)[0]!;
  assert.deepEqual(mismatches(got), [{ name: first.name, direction: 'station-to-callmanager', headerVersion: 0x16, offset: 4, length: 4 }]);
});

test('a basic header from the CallManager is reported where it changes the layout (ForwardStatRes), once', () => {
  const original = decodeCapture(fixtureBytes('sccp_phone_register.pcapng'));
  const connections = withHeaders(original, (m) => (m.direction === 'callmanager-to-station' ? 0 : undefined));
  const got = run(connections, original);
  // KeepAliveAck, LineStatRes, ... read the same in both versions: the first one that does not is ForwardStatRes.
  assert.deepEqual(mismatches(got), [{ name: 'ForwardStatRes', direction: 'callmanager-to-station', headerVersion: 0, offset: 4, length: 4 }]);
  const fwd = got.find((m) => m.name === 'ForwardStatRes')!;
  assert.equal(fwd.layoutVersion, 0, 'by default the header version picks the layout, as in Wireshark');
  assert.ok(fwd.problems.some((p) => p.code === 'sccp.trailing-bytes'), 'the basic layout leaves the newer fields over');

  // With useNegotiatedVersion, the basic header is read with the layout of version 20, as the CallManager meant.
  const asNegotiated = run(connections, original, { useNegotiatedVersion: true }).find((m) => m.name === 'ForwardStatRes')!;
  const real = original.find((m) => m.name === 'ForwardStatRes')!;
  assert.equal(asNegotiated.layoutVersion, 20);
  assert.deepEqual(asNegotiated.fields.slice(3), real.fields.slice(3));
});
