import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpStreamTable } from '../../../src/core/net/tcp-streams';
import { ascii } from '../../helpers/frames';
import { Conn, Recorder, joined, run } from './tcp-harness';

const none = new Uint8Array(0);
const phone = { addr: '10.10.10.20', port: 52001 };
const cucm = { addr: '10.10.10.1', port: 2000 };

function counterAt(frame = 0) {
  return { frame, tsSec: 1_700_000_000 };
}

test('streams are numbered in order of first appearance and keyed by both endpoints', () => {
  const counter = counterAt();
  const a = new Conn(phone, cucm, [100, 200], counter);
  const b = new Conn({ addr: '10.10.10.21', port: 52001 }, cucm, [300, 400], counter);
  const c = new Conn({ addr: 'fd00::21', port: 52001 }, { addr: 'fd00::1', port: 2000 }, [500, 600], counter);
  const rec = run([...b.handshake(), ...a.handshake(), b.seg(0, 0, ascii('bb'), 'PA', 0), ...c.handshake(), a.seg(1, 0, ascii('aa'), 'PA', 0)]);
  assert.deepEqual(rec.streams.map((s) => [s.ep.index, s.ep.clientAddr, s.ep.clientPort, s.ep.serverAddr, s.ep.serverPort, s.openFrame]), [
    [0, '10.10.10.21', 52001, '10.10.10.1', 2000, 1],
    [1, '10.10.10.20', 52001, '10.10.10.1', 2000, 4],
    [2, 'fd00::21', 52001, 'fd00::1', 2000, 8],
  ]);
  assert.equal(String.fromCharCode(...joined(rec.streams[0]!.dirs[0])), 'bb');
  assert.equal(String.fromCharCode(...joined(rec.streams[1]!.dirs[1])), 'aa');
  assert.ok(rec.streams.every((s) => s.ep.handshakeSeen));
  assert.deepEqual(rec.problems, []);
});

test('the client is the SYN sender, the SYN-ACK receiver, or else the side with the higher port', () => {
  // SYN from the side with the lower port: still the client.
  let rec = run([new Conn({ addr: '1.1.1.1', port: 80 }, { addr: '2.2.2.2', port: 9000 }, [1, 2], counterAt()).syn()]);
  assert.deepEqual([rec.streams[0]!.ep.clientAddr, rec.streams[0]!.ep.clientPort], ['1.1.1.1', 80]);
  // Capture starts at the SYN-ACK: its receiver is the client, and the client's data starts at the SYN-ACK's ack.
  const conn = new Conn(phone, cucm, [0xfffffff0, 5000], counterAt());
  rec = run([conn.synAck(), conn.seg(0, 0, none, 'A', 0), conn.seg(0, 0, ascii('hello'), 'PA', 0)]);
  assert.deepEqual([rec.streams[0]!.ep.clientAddr, rec.streams[0]!.ep.clientPort], [phone.addr, phone.port]);
  assert.deepEqual(rec.streams[0]!.dirs[0].chunks.map((c) => c.offset), [0]);
  assert.equal(rec.streams[0]!.ep.handshakeSeen, true);
  // Mid-connection, CallManager speaks first: the phone (higher port) is still the client.
  rec = run([new Conn(phone, cucm, [1, 2], counterAt()).seg(1, 40, ascii('keepalive-ack'), 'PA', 17)]);
  assert.deepEqual([rec.streams[0]!.ep.clientPort, rec.streams[0]!.ep.serverPort], [52001, 2000]);
  assert.equal(rec.streams[0]!.dirs[1].chunks[0]!.offset, 0);
});

test('a capture starting mid-connection: offsets count from the first data seen, reported once per stream', () => {
  const conn = new Conn(phone, cucm, [1000, 2000], counterAt());
  const frames = [
    conn.seg(0, 500, none, 'A', 300), // a pure ACK first: it does not fix the start
    conn.seg(0, 499, Uint8Array.of(0), 'A', 300), // a keep-alive probe before any data: ignored
    conn.seg(0, 500, ascii('ABCD'), 'PA', 300),
    conn.seg(0, 496, ascii('wxyzABCD'), 'PA', 300), // resends bytes from before the capture: only the known part is used
    conn.seg(0, 504, ascii('EF'), 'PA', 300),
    conn.seg(1, 300, ascii('xyz'), 'PA', 506),
  ];
  const rec = run(frames);
  const s = rec.streams[0]!;
  assert.equal(s.ep.handshakeSeen, false);
  assert.equal(String.fromCharCode(...joined(s.dirs[0])), 'ABCDEF');
  assert.equal(s.dirs[0].chunks[0]!.offset, 0);
  assert.equal(String.fromCharCode(...joined(s.dirs[1])), 'xyz');
  assert.deepEqual(s.dirs[0].gaps, []);
  assert.deepEqual(rec.problems.map((p) => [p.code, p.frame]), [['tcp.mid-stream', 1]]);
});

test('port reuse: a new SYN after FIN, or a SYN with another ISN, starts a new stream; a resent SYN does not', () => {
  const counter = counterAt();
  const first = new Conn(phone, cucm, [1000, 2000], counter);
  const again = new Conn(phone, cucm, [90000, 80000], counter);
  const third = new Conn(phone, cucm, [7, 8], counter);
  const frames = [
    first.syn(),
    first.syn(), // retransmitted SYN: same stream
    first.synAck(),
    first.seg(0, 0, ascii('one'), 'PA', 0),
    first.seg(0, 3, none, 'FA', 0),
    first.seg(1, 0, none, 'FA', 4),
    first.seg(0, 4, none, 'A', 1),
    ...again.handshake(),
    again.seg(0, 0, ascii('two'), 'PA', 0),
    third.syn(), // no FIN on stream 1, but a different ISN: a new connection
    third.synAck(),
    third.seg(0, 0, ascii('three'), 'PA', 0),
  ];
  const rec = run(frames);
  assert.deepEqual(rec.streams.map((s) => s.ep.index), [0, 1, 2]);
  assert.deepEqual(rec.streams.map((s) => String.fromCharCode(...joined(s.dirs[0]))), ['one', 'two', 'three']);
  assert.deepEqual(rec.streams.map((s) => s.openFrame), [1, 8, 12]);
  assert.deepEqual([rec.streams[0]!.dirs[0].closed, rec.streams[0]!.dirs[1].closed], ['fin', 'fin']);
  assert.deepEqual(rec.problems, []);
});

test('a SYN from the other side reusing the ports also starts a new stream', () => {
  const counter = counterAt();
  const ab = new Conn(phone, cucm, [10, 20], counter);
  const ba = new Conn(cucm, phone, [30, 40], counter);
  const rec = run([...ab.handshake(), ab.seg(0, 0, ascii('x'), 'PA', 0), ab.seg(0, 1, none, 'RA', 0), ...ba.handshake(), ba.seg(0, 0, ascii('y'), 'PA', 0)]);
  assert.equal(rec.streams.length, 2);
  assert.deepEqual([rec.streams[1]!.ep.clientAddr, rec.streams[1]!.ep.clientPort], [cucm.addr, cucm.port]);
  assert.equal(String.fromCharCode(...joined(rec.streams[1]!.dirs[0])), 'y');
});

test('FIN closes a direction only once all bytes before it are delivered', () => {
  const conn = new Conn(phone, cucm, [5, 6], counterAt());
  const rec = new Recorder();
  const table = new TcpStreamTable(rec);
  for (const f of conn.handshake()) table.push(f);
  table.push(conn.seg(0, 4, ascii('EF'), 'FPA', 0));
  assert.equal(rec.streams[0]!.dirs[0].closed, undefined);
  table.push(conn.seg(0, 0, ascii('ABCD'), 'PA', 0));
  assert.equal(rec.streams[0]!.dirs[0].closed, 'fin');
  assert.equal(String.fromCharCode(...joined(rec.streams[0]!.dirs[0])), 'ABCDEF');
  table.finish();
});

test('summaries count retransmissions instead of reporting each one', () => {
  const conn = new Conn(phone, cucm, [5, 6], counterAt());
  const rec = new Recorder();
  const table = new TcpStreamTable(rec);
  for (const f of [...conn.handshake(), conn.seg(0, 0, ascii('ABCD'), 'PA', 0), conn.seg(0, 0, ascii('ABCD'), 'PA', 0), conn.seg(0, 2, ascii('CDEF'), 'PA', 0)]) table.push(f);
  table.finish();
  const [sum] = table.summaries();
  assert.equal(sum!.directions[0].retransmissions, 2);
  assert.equal(sum!.directions[0].delivered, 6);
  assert.equal(sum!.firstFrame, 1);
  assert.equal(sum!.lastFrame, 6);
  assert.deepEqual(rec.problems, []);
});

test('a second SYN-ACK with another ISN before any data moves the server side’s start to it', () => {
  const counter = counterAt();
  const old = new Conn(phone, cucm, [10, 5000], counter);
  const conn = new Conn(phone, cucm, [10, 9000], counter);
  const rec = run([conn.syn(), old.synAck(), conn.synAck(), conn.seg(1, 0, ascii('hi'), 'PA', 0)]);
  assert.equal(rec.streams.length, 1);
  assert.deepEqual(rec.streams[0]!.dirs[1].chunks.map((c) => [c.offset, String.fromCharCode(...c.bytes)]), [[0, 'hi']]);
  assert.deepEqual(rec.streams[0]!.dirs[1].gaps, []);
});
