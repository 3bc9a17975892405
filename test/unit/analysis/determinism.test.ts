/**
 * The calls document depends only on the capture's contents: analysed twice, from a file (read in 64 KiB chunks) or
 * from memory, re-chunked at random places, as a gzip-compressed copy, or by the CLI in separate processes, a capture
 * gives the same bytes (only the source's size and compression flag describe the file itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeCaptureBytes, analyzeCaptureChunks, analyzeCaptureFile, callsJson } from '../../../src/core/export/calls-json';
import { CAPTURES, captureNames, CLI } from './fixtures';

/** The capture with the most going on (calls, RTP, RTCP, pinholes) and one with TCP gaps and split messages. */
const SAMPLES = ['russo-mixed-dtmf-relay-mtp-sccp-media-control.pcapng', 'sccp_phone_register.pcapng', 'skinny-call-rtp.pcap'];

test('determinism: every capture analysed twice in one process gives the same bytes', async () => {
  for (const name of captureNames()) {
    const path = join(CAPTURES, name);
    assert.equal(callsJson(await analyzeCaptureFile(path)), callsJson(await analyzeCaptureFile(path)), name);
  }
});

test('determinism: from memory, from the file, and from a gzip-compressed copy, the document is the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calls-'));
  for (const name of SAMPLES) {
    const path = join(CAPTURES, name);
    const bytes = readFileSync(path);
    const fromFile = await analyzeCaptureFile(path);
    assert.equal(callsJson(analyzeCaptureBytes(bytes, name)), callsJson(fromFile), `${name}: memory vs file`);
    const gz = join(dir, name);
    writeFileSync(gz, gzipSync(bytes, { level: 9 }));
    const fromGzip = await analyzeCaptureFile(gz);
    assert.deepEqual([fromGzip.source.compressed, fromGzip.source.size], [true, readFileSync(gz).length]);
    fromGzip.source.compressed = false;
    fromGzip.source.size = bytes.length;
    assert.equal(callsJson(fromGzip), callsJson(fromFile), `${name}: gzip vs plain`);
  }
});

/** The bytes cut into chunks of pseudo-random sizes from 1 to `max` (a fixed seed: the test is repeatable). */
function chunked(bytes: Uint8Array, max: number, seed: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let x = seed;
  for (let at = 0; at < bytes.length; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % max);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

test('determinism: the capture re-chunked at random places gives the same bytes', async () => {
  for (const name of captureNames()) {
    const path = join(CAPTURES, name);
    const bytes = readFileSync(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) continue; // chunks of the compressed stream: covered by the gzip test
    const whole = callsJson(await analyzeCaptureFile(path));
    for (const [max, seed] of [
      [7, 1],
      [1500, 2],
      [70_000, 3],
    ] as const) {
      assert.equal(callsJson(analyzeCaptureChunks(chunked(bytes, max, seed), name)), whole, `${name}: chunks up to ${max} bytes`);
    }
  }
});

test('determinism: two runs of `sccp-dissect calls` print the same bytes, which are the golden', () => {
  for (const name of SAMPLES) {
    const run = () => spawnSync(process.execPath, [CLI, 'calls', join(CAPTURES, name)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const first = run();
    const second = run();
    assert.ok(first.status === 0 || first.status === 1, first.stderr);
    assert.equal(first.stdout, second.stdout, name);
    assert.equal(first.stdout, readFileSync(join(CAPTURES, '../golden', `${name}.calls.json`), 'utf8'), `${name}: CLI vs golden`);
  }
});
