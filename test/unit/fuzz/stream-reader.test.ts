/**
 * The streaming reader (CaptureStreamReader: gzip through zlib's streaming inflate, chunks of any size) against the
 * in-memory one (readCaptureBytes), over fuzz cases of the gzip and capture targets: the same packets, every
 * problem placed, nothing thrown. It is asynchronous, so it runs here rather than in the fuzz workers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureStreamReader, readCaptureBytes, type CapturedPacket } from '../../../src/core/capture';
import type { Problem } from '../../../src/core/problems';
import { caseInput } from '../../../src/fuzz/case';
import { checkProblem } from '../../../src/fuzz/invariants';
import { FuzzRng, fnv1a } from '../../../src/fuzz/rng';
import { captureTarget, gzipTarget } from '../../../src/fuzz/targets/capture';

const SEED = 20261125;

async function streamed(input: Uint8Array): Promise<{ packets: CapturedPacket[]; problems: Problem[] }> {
  const packets: CapturedPacket[] = [];
  const problems: Problem[] = [];
  const reader = new CaptureStreamReader({ packet: (p) => packets.push({ ...p, data: p.data.slice() }), problem: (p) => problems.push(p) });
  const rng = new FuzzRng(fnv1a(input));
  for (let at = 0; at < input.length; ) {
    const n = rng.chance(0.2) ? rng.int(1, 3) : rng.int(1, 5000);
    if (!reader.push(input.subarray(at, at + n))) await reader.ready();
    at += n;
  }
  await reader.end();
  return { packets, problems };
}

test('the streaming reader reads fuzzed captures, plain and gzip, like the in-memory reader', async () => {
  let compared = 0;
  for (const target of [gzipTarget, captureTarget]) {
    for (let i = 0; i < 150; i++) {
      const input = caseInput(target, SEED, i);
      const whole: CapturedPacket[] = [];
      readCaptureBytes(input, { packet: (p) => whole.push(p), problem: () => {} });
      const s = await streamed(input);
      for (const p of s.problems) checkProblem(p, `${target.name} case ${i}`);
      const gzipDamaged = input[0] === 0x1f && input[1] === 0x8b && s.problems.some((p) => p.code === 'capture.gzip');
      // A damaged gzip stream: one-shot and streaming inflate may stop a few bytes apart; what both read agrees.
      const n = gzipDamaged ? Math.min(whole.length, s.packets.length) : whole.length;
      if (!gzipDamaged) assert.equal(s.packets.length, whole.length, `${target.name} case ${i}: packet count`);
      for (let k = 0; k < n; k++) {
        assert.equal(s.packets[k]!.fileOffset, whole[k]!.fileOffset, `${target.name} case ${i} packet ${k + 1}`);
        assert.deepEqual(Buffer.from(s.packets[k]!.data), Buffer.from(whole[k]!.data), `${target.name} case ${i} packet ${k + 1}`);
      }
      compared += n;
    }
  }
  assert.ok(compared > 1000, `${compared} packets compared`);
});
