/** RTP receiver statistics as RFC 3550 defines them: expected and lost packets (A.1, A.3) and interarrival jitter (6.4.1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMediaDatagram, RtpStreamStats, type RtpHeader } from '../../../src/core/analysis/rtp';
import { rtcp, rtp } from './sccp-bytes';

function header(sequence: number, timestamp: number): RtpHeader {
  const m = parseMediaDatagram(rtp({ sequence, timestamp, ssrc: 1 }));
  assert.ok(m && m.kind === 'rtp');
  return m.rtp;
}

/** Feeds [sequence, timestamp, arrival ms] triples at 8 kHz. */
function stats(packets: [number, number, number][]): RtpStreamStats {
  const s = new RtpStreamStats();
  for (const [seq, ts, ms] of packets) s.add(header(seq, ts), 172, ms, 8000);
  return s;
}

test('jitter: zero for packets on time; J += (|D| - J) / 16 for a late one and the one after it', () => {
  const onTime = stats([0, 1, 2, 3].map((i) => [i, i * 160, i * 20]));
  assert.equal(onTime.jitterMs, 0);
  // The third packet is 10 ms late (D = 10 ms), the fourth on time again (D = -10 ms against the third).
  const late = stats([
    [0, 0, 0],
    [1, 160, 20],
    [2, 320, 50],
    [3, 480, 60],
  ]);
  assert.equal(late.jitterMs, 0.625 + (10 - 0.625) / 16);
  assert.equal(late.maxJitterMs, late.jitterMs);
});

test('loss: expected from the extended highest sequence number, across the 16-bit wrap', () => {
  const gap = stats([1, 2, 4, 5].map((s) => [s, s * 160, s * 20]));
  assert.deepEqual([gap.packets, gap.expected, gap.lost, gap.sequenceJumps], [4, 5, 1, 1]);
  const wrap = stats([65534, 65535, 0, 1].map((s, i) => [s, i * 160, i * 20]));
  assert.deepEqual([wrap.expected, wrap.lost], [4, 0]);
  const lostAtWrap = stats([65534, 0, 1].map((s, i) => [s, i * 160, i * 20]));
  assert.deepEqual([lostAtWrap.expected, lostAtWrap.lost], [4, 1]);
});

test('duplicates make loss negative (as tshark shows it); reordering loses nothing', () => {
  const dup = stats([1, 2, 2, 3].map((s, i) => [s, s * 160, i * 20]));
  assert.deepEqual([dup.packets, dup.expected, dup.lost, dup.duplicates], [4, 3, -1, 1]);
  const reordered = stats([1, 3, 2, 4].map((s, i) => [s, s * 160, i * 20]));
  assert.deepEqual([reordered.expected, reordered.lost, reordered.lateOrReordered], [4, 0, 1]);
});

test('RTP and RTCP are told apart; other UDP is neither', () => {
  assert.equal(parseMediaDatagram(rtcp(5))?.kind, 'rtcp');
  assert.equal(parseMediaDatagram(rtp({ sequence: 1, timestamp: 1, ssrc: 1 }))?.kind, 'rtp');
  assert.equal(parseMediaDatagram(Uint8Array.from([0x45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined); // version 1
  const badRtcp = rtcp(5);
  badRtcp[3] = 9; // length words no longer cover the datagram
  assert.equal(parseMediaDatagram(badRtcp)?.kind, undefined);
  assert.equal(parseMediaDatagram(new Uint8Array(4)), undefined);
});
