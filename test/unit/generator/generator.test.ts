import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCaptureFile } from '../../../src/core/capture';
import { analyzeCaptureFile } from '../../../src/core/export/calls-json';
import type { Problem } from '../../../src/core/problems';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { FieldNode, SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';
import { generateCapture, type GenerateOptions, type GenerateSummary } from '../../../src/generator/generate';
import { MSG } from '../../../src/generator/messages';
import { encodeMessage } from '../../../src/generator/sccp-encode';
import { parseSize } from '../../../src/generator/cli';
import { TSHARK_REF_OPTIONS } from './ref-options';

const dir = mkdtempSync(join(tmpdir(), 'sccp-gen-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SMALL: Omit<GenerateOptions, 'out'> = { sizeBytes: 300 * 1024, seed: 3, stations: 7, concurrentCalls: 2, meanHoldSeconds: 2, keepAliveSeconds: 4 };

function generate(name: string, opts: Omit<GenerateOptions, 'out'>): GenerateSummary & { path: string } {
  const path = join(dir, name);
  return { ...generateCapture({ ...opts, out: path }), path };
}

async function decodeFile(path: string): Promise<{ messages: SccpMessage[]; problems: Problem[] }> {
  const messages: SccpMessage[] = [];
  const problems: Problem[] = [];
  const session = new SccpSession({ message: (m) => messages.push(m), problem: (p) => problems.push(p) });
  await readCaptureFile(path, { packet: (p) => session.packet(p), problem: (p) => problems.push(p) });
  session.finish();
  for (const m of messages) problems.push(...m.problems);
  return { messages, problems };
}

function field(nodes: readonly FieldNode[], name: string): FieldNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    const hit = n.children && field(n.children, name);
    if (hit) return hit;
  }
  return undefined;
}

function countById(ids: Iterable<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids) {
    const k = `0x${id.toString(16).padStart(4, '0')}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort());
}

describe('SCCP encoder (catalog layouts walked the other way)', () => {
  const versions = [0x00, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16];
  it('encodes every message the generator sends, in every header version, so that it decodes without a problem', () => {
    for (const [name, id] of Object.entries(MSG)) {
      for (const v of versions) {
        const bytes = encodeMessage(id, v, { lineInstance: 1, callReference: 1234, callingParty: '2001', capCount: 1, caps: [{ payloadCapability: 4, maxFramesPerPacket: 40 }] });
        const d = decodeMessage(bytes);
        assert.equal(d.name, name);
        assert.equal(d.headerVersion, v);
        assert.deepEqual(d.problems, [], `${name} v${v}: ${d.problems.map((p) => p.message).join('; ')}`);
        assert.equal(d.length, bytes.length - 8, `${name}: length field`);
      }
    }
  });

  it('puts the values where the decoder finds them (strings, addresses, nested arrays, version-dependent address forms)', () => {
    const v4 = decodeMessage(encodeMessage(MSG.OpenReceiveChannelAck, 0x00, { ipAddr: '10.20.1.7', portNumber: 16390, passThroughPartyId: 99, callReference: 5 }));
    const v17 = decodeMessage(encodeMessage(MSG.OpenReceiveChannelAck, 0x11, { ipAddr: '10.20.1.7', portNumber: 16390, passThroughPartyId: 99, callReference: 5 }));
    for (const d of [v4, v17]) assert.deepEqual(d.media, [{ role: 'receive', ip: '10.20.1.7', port: 16390, passThroughPartyId: 99, callReference: 5 }]);
    assert.equal(v17.length - v4.length, 16, 'from V17 the address is a type word and 16 bytes');
    const info = decodeMessage(encodeMessage(MSG.CallInfoV2, 0x16, { callingParty: '2001', calledPartyName: 'Olga Berger', callReference: 7 }));
    assert.equal(field(info.fields, 'callingParty')?.value, '2001');
    assert.equal(field(info.fields, 'calledPartyName')?.value, 'Olga Berger');
    const caps = decodeMessage(
      encodeMessage(MSG.CapabilitiesRes, 0x11, { capCount: 2, caps: [{ payloadCapability: 4, maxFramesPerPacket: 40 }, { payloadCapability: 11, maxFramesPerPacket: 60 }] }),
    );
    assert.equal(field(caps.fields, 'caps[1]')?.children?.[0]?.value, 11);
  });

  it('writes a RegisterReq only as long as the layout conditions it met allow (no trailing bytes)', () => {
    const d = decodeMessage(encodeMessage(MSG.RegisterReq, 0x14, { sid: { DeviceName: 'SEP0024C4000001' }, protocolVer: 20, firmwareLoadName: 'x' }));
    assert.deepEqual(d.problems, []);
    assert.equal(field(d.fields, 'DeviceName')?.value, 'SEP0024C4000001');
    assert.equal(field(d.fields, 'firmwareLoadName')?.value, 'x');
  });
});

describe('capture generator', () => {
  it('writes a capture our decoder reads without a problem: every message, registration and call it generated', async () => {
    const g = generate('small.pcap', SMALL);
    assert.ok(g.bytes >= SMALL.sizeBytes && g.bytes < SMALL.sizeBytes + 200 * 1024, `size ${g.bytes}`);
    assert.equal(readFileSync(g.path).length, g.bytes);
    const { messages, problems } = await decodeFile(g.path);
    assert.deepEqual(problems, []);
    assert.equal(messages.length, g.sccpMessages);
    const byName: Record<string, number> = {};
    for (const m of messages) byName[m.name] = (byName[m.name] ?? 0) + 1;
    assert.deepEqual(byName, g.messagesByName);
    assert.equal(g.registrations, 7);
    assert.equal(messages.filter((m) => m.name === 'RegisterAck').length, 7);
    assert.deepEqual([...new Set(messages.map((m) => m.headerVersion))].sort((a, b) => a - b), [0x00, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16]);
    assert.ok(g.calls >= 3 && g.answeredCalls >= 2, `calls ${g.calls}, answered ${g.answeredCalls}`);
    assert.ok(messages.some((m) => m.frames.length > 1), 'some messages are split across segments');
    assert.ok(g.rtpPackets > 1000);
  });

  it('gives the calls analysis the calls with their negotiated media and every RTP packet', async () => {
    const g = generate('calls.pcap', SMALL);
    const doc = await analyzeCaptureFile(g.path);
    assert.deepEqual(doc.diagnostics.captureProblems, []);
    assert.deepEqual(doc.diagnostics.decodeProblems, []);
    assert.equal(doc.calls.length, g.calls);
    assert.equal(doc.calls.filter((c) => c.answer !== null).length, g.answeredCalls);
    const withMedia = doc.calls.filter((c) => c.legs.length === 2 && c.legs.every((l) => l.media.length > 0));
    assert.equal(withMedia.length, g.answeredCalls);
    assert.equal(doc.statistics.media.rtpPackets, g.rtpPackets);
    assert.equal(doc.statistics.media.negotiatedRtpStreams, 2 * g.answeredCalls);
    assert.equal(doc.statistics.media.unnegotiatedRtpStreams, 0);
    assert.equal(doc.stations.length, g.stations);
  });

  it('is reproducible: the same seed gives the same bytes, another seed other bytes', () => {
    const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    const a = generate('a.pcap', SMALL);
    const b = generate('b.pcap', SMALL);
    const c = generate('c.pcap', { ...SMALL, seed: 4 });
    assert.equal(hash(a.path), hash(b.path));
    assert.notEqual(hash(a.path), hash(c.path));
  });

  it('writes pcapng with the same content (up to where its larger records reach the size sooner)', async () => {
    const pcap = generate('same.pcap', SMALL);
    const ng = generate('same.pcapng', { ...SMALL, format: 'pcapng' });
    const [x, y] = [await decodeFile(pcap.path), await decodeFile(ng.path)];
    assert.deepEqual(y.problems, []);
    assert.equal(y.messages.length, ng.sccpMessages);
    const head = (ms: SccpMessage[]) => ms.slice(0, 300).map((m) => [m.frame, m.time, m.id, m.stream]);
    assert.deepEqual(head(y.messages), head(x.messages));
  });

  it('agrees with tshark on the message count of a small capture (committed reference, made by bench/make-tshark-ref.mjs)', async () => {
    const ref = JSON.parse(readFileSync(join(__dirname, '../../../../test/unit/generator/tshark-counts.json'), 'utf8')) as {
      options: typeof TSHARK_REF_OPTIONS;
      sha256: string;
      total: number;
      byId: Record<string, number>;
    };
    assert.deepEqual(ref.options, TSHARK_REF_OPTIONS);
    const g = generate('ref.pcap', TSHARK_REF_OPTIONS);
    const sha = createHash('sha256').update(readFileSync(g.path)).digest('hex');
    assert.equal(sha, ref.sha256, 'the generator output changed: re-run `node bench/make-tshark-ref.mjs` to refresh the tshark reference');
    assert.ok(g.retransmissions > 0, 'the reference capture has retransmitted segments');
    const { messages, problems } = await decodeFile(g.path);
    assert.deepEqual(problems, []);
    assert.equal(messages.length, ref.total);
    assert.deepEqual(countById(messages.map((m) => m.id)), ref.byId);
  });

  it('refuses settings that could never produce the size asked for, before creating the file', () => {
    for (const bad of [{ stations: 1 }, { stations: Number.NaN }, { keepAliveSeconds: 0 }, { sizeBytes: 0 }, { concurrentCalls: -1 }]) {
      assert.throws(() => generateCapture({ ...SMALL, ...bad, out: join(dir, 'never.pcap') }), RangeError, JSON.stringify(bad));
    }
    assert.throws(() => readFileSync(join(dir, 'never.pcap')));
  });

  it('reads sizes with units', () => {
    assert.equal(parseSize('100M'), 100 * 1024 * 1024);
    assert.equal(parseSize('1G'), 1024 ** 3);
    assert.equal(parseSize('512k'), 512 * 1024);
    assert.equal(parseSize('1234'), 1234);
    assert.throws(() => parseSize('lots'));
  });
});
