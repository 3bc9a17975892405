/**
 * `sccp-dissect stats` and `sccp-dissect calls` as users run them. The message counts are checked against tshark's:
 * for every capture, the count of each message ID equals the number of skinny messages of that ID tshark decodes
 * (test/fixtures/reference/<capture>.skinny.json, made by scripts/make-tshark-refs.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURES, captureNames, CLI, REFERENCE } from './fixtures';
import { errorsOf, validateCalls, validateStats } from './schema';

/**
 * Messages we decode and tshark does not: srst_secure's second TLS connection uses a NULL cipher, so the SCCP inside
 * it (two KeepAliveReq and their KeepAliveAck) is readable; tshark shows only TLS application data there.
 */
const ONLY_OURS: Record<string, Record<number, number>> = { 'srst_secure.pcapng': { 0x0000: 2, 0x0100: 2 } };

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface StatsJson {
  statistics: { messages: { total: number; byId: { id: number; count: number }[] }; responseTimes: { request: string; count: number; minMs: number; meanMs: number; maxMs: number }[] };
}

test('stats --format json: per-ID message counts equal tshark\'s on every capture, and validate', () => {
  // Captures made by our own scripts (hostile-names.pcap) have no tshark reference of the messages.
  for (const name of captureNames().filter((n) => existsSync(join(REFERENCE, `${n}.skinny.json`)))) {
    const r = run('stats', '--format', 'json', join(CAPTURES, name));
    assert.ok(r.status === 0 || r.status === 1, `${name}: ${r.stderr}`);
    const doc = JSON.parse(r.stdout) as StatsJson;
    assert.ok(validateStats(doc), `${name}: ${errorsOf(validateStats)}`);
    const ref = JSON.parse(readFileSync(join(REFERENCE, `${name}.skinny.json`), 'utf8')) as { messages: { id: number }[] };
    const theirs = new Map<number, number>();
    for (const m of ref.messages) theirs.set(m.id, (theirs.get(m.id) ?? 0) + 1);
    for (const [id, n] of Object.entries(ONLY_OURS[name] ?? {})) theirs.set(Number(id), (theirs.get(Number(id)) ?? 0) + n);
    const ours = new Map(doc.statistics.messages.byId.map((x) => [x.id, x.count]));
    assert.deepEqual([...ours].sort((a, b) => a[0] - b[0]), [...theirs].sort((a, b) => a[0] - b[0]), name);
    assert.equal(doc.statistics.messages.total, [...theirs.values()].reduce((a, b) => a + b, 0), name);
    for (const t of doc.statistics.responseTimes) assert.ok(t.count > 0 && t.minMs <= t.meanMs && t.meanMs <= t.maxMs, `${name}: ${t.request}`);
  }
});

test('stats (text): the message table and the response-time table', () => {
  const r = run('stats', join(CAPTURES, 'skinny-register.pcapng'));
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^skinny-register\.pcapng: 8 SCCP message\(s\) \(5 from stations, 3 from CallManagers\) in 17 packet\(s\)/);
  assert.ok(lines.some((l) => /^ {2}0x0001 {2}RegisterReq +1 +1 +0$/.test(l)), r.stdout);
  // RegisterReq in frame 4 at .664958, RegisterAck in frame 8 (tshark's times): 0.992 ms.
  assert.ok(lines.some((l) => /^ {2}RegisterReq +RegisterAck +1 +0\.992 +0\.992 +0\.992$/.test(l)), r.stdout);
  assert.match(r.stdout, /Pairs: 3 matched, 0 request\(s\) unanswered, 0 response\(s\) without a request/);
});

test('calls --out writes the document; bad options are usage errors (exit 2)', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'calls-cli-')), 'c.json');
  const r = run('calls', join(CAPTURES, 'skinny-call-rtp.pcap'), '--out', out, '--call-flood', '5');
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.ok(existsSync(out));
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { settings: { callFloodPerMinute: number } };
  assert.ok(validateCalls(doc), errorsOf(validateCalls));
  assert.equal(doc.settings.callFloodPerMinute, 5);
  for (const args of [['calls'], ['calls', 'a', 'b'], ['calls', 'x.pcap', '--call-flood', '0'], ['calls', 'x.pcap', '--inactive-media-timeout', 'soon'], ['stats', 'x.pcap', '--format', 'xml']]) {
    assert.equal(run(...args).status, 2, args.join(' '));
  }
  assert.equal(run('calls', join(CAPTURES, 'no-such-file.pcap')).status, 2);
});
