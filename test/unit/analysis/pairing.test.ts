/**
 * Requests and responses pair by the catalog's partner IDs and the identifiers both carry, so concurrent requests
 * answered out of order pair correctly, and requests Wireshark's XOR key confuses (LineStatReq for line 0 and
 * ForwardStatReq for line 2 both give the key 0x000B) stay apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureBuilder } from './capture-builder';
import { A } from './scenario';
import { msg } from './sccp-bytes';

test('pairing: out-of-order answers pair by line number; colliding XOR keys do not mix', () => {
  const b = new CaptureBuilder();
  const s = b.station(A.ip);
  b.fromStation(s, msg.lineStatReq(0)).wait(10); // t = 0
  b.fromStation(s, msg.forwardStatReq(2)).wait(10); // t = 10 (Wireshark: 0x0009 ^ 2 = 0x000B, the key of LineStatReq line 0)
  b.fromStation(s, msg.lineStatReq(1)).wait(10); // t = 20
  b.toStation(s, msg.forwardStatRes(2)).wait(10); // t = 30: answers the ForwardStatReq after 20 ms
  b.toStation(s, msg.lineStatRes(1, '1002')).wait(60); // t = 40: answers line 1 after 20 ms
  b.toStation(s, msg.lineStatRes(0, '1001')); // t = 100: answers line 0 after 100 ms
  const d = b.analyze();
  assert.deepEqual(d.statistics.pairs, { matched: 3, unansweredRequests: 0, unsolicitedResponses: 0 });
  assert.deepEqual(
    d.statistics.responseTimes.map((r) => [r.request, r.response, r.count, r.minMs, r.meanMs, r.maxMs]),
    [
      ['ForwardStatReq', 'ForwardStatRes', 1, 20, 20, 20],
      ['LineStatReq', 'LineStatRes', 2, 20, 60, 100],
    ],
  );
});

test('pairing: a response for another line than the one pending is a response without a request', () => {
  const b = new CaptureBuilder();
  const s = b.station(A.ip);
  b.fromStation(s, msg.lineStatReq(1)).wait(10);
  b.toStation(s, msg.lineStatRes(2, '1002'));
  const d = b.analyze();
  assert.deepEqual(d.diagnostics.unsolicitedResponses.map((u) => [u.message, u.request]), [['LineStatRes', 'LineStatReq']]);
  assert.deepEqual(d.diagnostics.unansweredRequests.map((u) => [u.message, u.expected]), [['LineStatReq', ['LineStatRes', 'LineStatV2Res']]]);
});
