import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captured, pcapFile } from '../../helpers/frames';

/** The CLI as users run it: a child process, its stdout, stderr and exit status. */
const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'out/src/cli/main.js');
const CAPTURES = join(ROOT, 'test/fixtures/captures');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('decode --format ndjson prints one message per line with the documented keys', () => {
  const r = run('decode', join(CAPTURES, 'skinny-register.pcapng'));
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  // tshark shows 8 skinny messages in this capture (test/fixtures/reference/skinny-register.skinny.json).
  assert.equal(lines.length, 8);
  assert.deepEqual(Object.keys(lines[0]).slice(0, 13), ['frame', 'time', 'stream', 'src', 'srcPort', 'dst', 'dstPort', 'direction', 'headerVersion', 'id', 'idHex', 'name', 'length']);
  assert.equal(lines[0].name, 'RegisterReq');
  assert.equal(lines[0].direction, 'station-to-callmanager');
  const device = lines[0].fields.find((f: { name: string }) => f.name === 'sid')?.children?.find((f: { name: string }) => f.name === 'DeviceName');
  assert.ok(device === undefined || typeof device.value === 'string');
});

test('decode --format json is one array equal to the ndjson lines', () => {
  const file = join(CAPTURES, 'sccp_hw_mtp.pcapng');
  const nd = run('decode', file).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  const arr = JSON.parse(run('decode', '--format', 'json', file).stdout);
  assert.deepEqual(arr, nd);
});

test('decode --format text prints a tree per message and TLS connections where they are reported', () => {
  const r = run('decode', '--format', 'text', join(CAPTURES, 'srst_secure.pcapng'));
  assert.equal(r.status, 1, 'the capture has TLS problems (no handshake), so the exit status says so');
  assert.match(r.stdout, /^TLS stream 0, from frame 3: SCCP over TLS, encrypted/m);
  assert.match(r.stdout, /^TLS stream 1, from frame 6: SCCP over TLS, NULL cipher: not encrypted/m);
  assert.match(r.stdout, /KeepAliveReq \(0x0000\)/);
  assert.match(r.stdout, /read through NULL-cipher TLS/);
  assert.match(r.stderr, /\[tls\.no-handshake\]/);
});

test('NULL-cipher TLS messages carry tls: true in JSON, and the TLS summary goes to stderr', () => {
  const r = run('decode', join(CAPTURES, 'srst_secure.pcapng'));
  const msgs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(msgs.length, 4);
  assert.ok(msgs.every((m) => m.tls === true && m.dstPort + m.srcPort > 2443));
  assert.match(r.stderr, /^note: TLS stream 1, from frame 6: SCCP over TLS, NULL cipher/m);
});

test('--out writes the file instead of stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sccp-cli-'));
  const out = join(dir, 'm.ndjson');
  const r = run('decode', '--out', out, join(CAPTURES, 'skinny-register.pcapng'));
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
  assert.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 8);
});

test('a port with no SCCP gives no messages; --sccp-port picks the port', () => {
  const r = run('decode', '--sccp-port', '2001', join(CAPTURES, 'skinny-register.pcapng'));
  assert.equal(r.stdout, '');
});

test('exit status 2 with a one-line error naming the file for a missing or unreadable file', () => {
  const r = run('decode', '/nonexistent/x.pcap');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^sccp-dissect: cannot read \/nonexistent\/x\.pcap: /);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1);
});

test('exit status 2 on bad usage, with a hint', () => {
  for (const args of [['decode'], ['decode', '--format', 'xml', 'a.pcap'], ['frobnicate'], ['decode', '--sccp-port', 'x', 'a.pcap']]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /sccp-dissect/);
  }
});

test('a truncated capture still prints what precedes the cut, and exits 1 with the problem on stderr', () => {
  const bytes = readFileSync(join(CAPTURES, 'skinny-register.pcapng'));
  // 50 bytes short: inside the last block (100 would end exactly on a block boundary, which is not a cut).
  const dir = mkdtempSync(join(tmpdir(), 'sccp-cli-'));
  const cut = join(dir, 'cut.pcapng');
  writeFileSync(cut, bytes.subarray(0, bytes.length - 50));
  const r = run('decode', cut);
  assert.equal(r.status, 1);
  assert.ok(r.stdout.trimEnd().split('\n').length >= 6, 'the messages before the cut are decoded');
  assert.match(r.stderr, /problem: /);
});

test('--help documents every command', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  for (const c of ['decode', 'calls', 'stats', 'catalog']) assert.match(r.stdout, new RegExp(`sccp-dissect ${c} `));
});

test('catalog --format json lists every message with its hex ID', () => {
  const r = run('catalog', '--format', 'json');
  assert.equal(r.status, 0);
  const cat = JSON.parse(r.stdout) as { id: number; idHex: string; name: string }[];
  assert.equal(cat.length, 178);
  assert.ok(cat.some((m) => m.idHex === '0x0022' && m.name === 'OpenReceiveChannelAck'));
});

test('a hex dump of bare SCCP messages decodes with exit status 0: its made-up TCP stream has no handshake to miss', () => {
  const r = run('decode', join(ROOT, 'test/fixtures/hex/open_receive_ack_7961_v22_sanitized.hex'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(JSON.parse(r.stdout.trim()).name, 'OpenReceiveChannelAck');
  // A dump of real TCP segments that start mid-connection still says so, as a capture would.
  const tcp = run('decode', join(ROOT, 'test/fixtures/hex/skinny-call-rtp-40.tcpdump-x.txt'));
  assert.match(tcp.stderr, /tcp\.mid-stream/);
});

test('frames decode cannot read are reported, not skipped in silence: an unsupported link type, a lone IP fragment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sccp-cli-'));
  const file = join(dir, 'usb.pcap');
  // Link type 220 (USB Linux mmapped): two frames, no IP in sight.
  writeFileSync(file, pcapFile([captured(new Uint8Array(64), { linkType: 220 }), captured(new Uint8Array(64), { linkType: 220, frame: 2 })], 220));
  const r = run('decode', file);
  assert.equal(r.status, 1, 'problems make exit status 1');
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^problem: frame 1: link type 220 is not supported \(first seen in frame 1\): its packets are skipped \[link\.unsupported\]$/m);
  // The last fragment of a datagram whose first never came: held, then reported at the end of the capture.
  const lone = join(CAPTURES, 'sccp_phone_register.pcapng');
  assert.match(run('decode', lone).stderr, /fragments in frames 46 \(120 bytes, of 1480\) were never reassembled: the capture ended before it was complete/);
});
