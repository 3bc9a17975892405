/**
 * The editor's filter syntax on messages decoded from a real capture, and the worker's batching rule (first rows
 * fast, then paced batches) with a fake clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureBytes } from '../../../src/core/capture';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';
import { filterIndexes, parseFilter, StationNames } from '../../../src/extension/editor/message-filter';
import { MessageStore } from '../../../src/extension/message-store';
import { Batcher } from '../../../src/extension/worker/protocol';

const CAPTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'captures');

function decode(name: string): SccpMessage[] {
  const out: SccpMessage[] = [];
  const session = new SccpSession({ message: (m) => out.push(m), problem: () => undefined });
  readCaptureBytes(readFileSync(join(CAPTURES, name)), { packet: (p) => session.packet(p), problem: () => undefined });
  session.finish();
  return out;
}

function run(messages: SccpMessage[], filter: string): number[] {
  const stations = new StationNames();
  for (const m of messages) stations.learn(m);
  const parsed = parseFilter(filter);
  if (!parsed.predicate) return messages.map((_, i) => i);
  const out: number[] = [];
  filterIndexes(messages, 0, parsed.predicate, stations, out);
  return out;
}

describe('editor filter on skinny-call-rtp.pcap', () => {
  const ms = decode('skinny-call-rtp.pcap');

  it('the capture has messages of several kinds', () => {
    assert.ok(ms.length > 10);
    assert.ok(new Set(ms.map((m) => m.id)).size > 3);
  });

  it('a hex ID, id:decimal and name: select the same messages as a direct test', () => {
    const target = ms.find((m) => m.media.length > 0) ?? ms[0]!;
    const expected = ms.flatMap((m, i) => (m.id === target.id ? [i] : []));
    assert.deepEqual(run(ms, target.idHex), expected);
    assert.deepEqual(run(ms, `id:${target.id}`), expected);
    const byName = ms.flatMap((m, i) => (m.name.toLowerCase().includes(target.name.toLowerCase()) ? [i] : []));
    assert.deepEqual(run(ms, `name:${target.name.toUpperCase()}`), byName);
  });

  it('negation is the complement; AND narrows', () => {
    const id = ms[0]!.idHex;
    const yes = run(ms, id);
    const no = run(ms, `!${id}`);
    assert.equal(yes.length + no.length, ms.length);
    assert.deepEqual(run(ms, `${id} !${id}`), []);
  });

  it('an address term matches source or destination', () => {
    const ip = ms[0]!.src;
    const expected = ms.flatMap((m, i) => (m.src === ip || m.dst === ip || m.src.includes(ip) || m.dst.includes(ip) ? [i] : []));
    assert.deepEqual(run(ms, ip), expected);
    assert.deepEqual(run(ms, `addr:${ip}`), expected);
  });

  it('an unreadable term is reported and matches nothing', () => {
    const parsed = parseFilter('call:abc');
    assert.deepEqual(parsed.errors, ['call:abc']);
    assert.deepEqual(run(ms, 'call:abc'), []);
    assert.equal(parseFilter('   ').predicate, undefined);
  });
});

describe('station names from RegisterReq', () => {
  const ms = decode('skinny-register.pcapng');
  it('station:NAME finds the messages of the registering station\'s stream', () => {
    const reg = ms.find((m) => m.id === 0x0001);
    assert.ok(reg, 'the capture has a RegisterReq');
    const stations = new StationNames();
    for (const m of ms) stations.learn(m);
    const name = stations.stationName(reg.stream);
    assert.ok(name && name.length > 3);
    const expected = ms.flatMap((m, i) => (m.stream === reg.stream ? [i] : []));
    assert.deepEqual(run(ms, `station:${name.slice(0, 5).toLowerCase()}`), expected);
  });
});

describe('batching rule', () => {
  const one = decode('skinny-call-rtp.pcap')[0]!;
  it('posts the first message after firstMs, then waits intervalMs, or maxCount', () => {
    let now = 1000;
    const b = new Batcher(() => now, { firstCount: 3, firstMs: 100, maxCount: 5, intervalMs: 500 });
    assert.equal(b.due(), false, 'nothing waiting');
    b.message(one);
    assert.equal(b.due(), false);
    now += 100;
    assert.equal(b.due(), true, 'first batch after firstMs');
    const first = b.take(7);
    assert.equal(first.messages.count, 1);
    assert.equal(first.packets, 7);
    for (let i = 0; i < 4; i++) b.message(one);
    now += 400;
    assert.equal(b.due(), false, 'later batches wait for intervalMs');
    b.message(one);
    assert.equal(b.due(), true, 'or for maxCount messages');
    assert.equal(b.take(9).messages.count, 5);
    assert.equal(b.pending, 0);
  });

  it('the first batch goes at firstCount without waiting', () => {
    const b = new Batcher(() => 0, { firstCount: 2, firstMs: 1e9, maxCount: 10, intervalMs: 1e9 });
    b.message(one);
    assert.equal(b.due(), false);
    b.message(one);
    assert.equal(b.due(), true);
  });

  it('posted bytes are a copy, not a view into the capture buffer', () => {
    const b = new Batcher(() => 0);
    b.message(one);
    const batch = b.take(1).messages;
    assert.equal(batch.bytes.byteLength, batch.bytes.buffer.byteLength);
    assert.notEqual(batch.bytes.buffer, one.bytes.buffer);
    const posted = new MessageStore().append(structuredClone(batch))[0]!;
    assert.deepEqual([...posted.bytes], [...one.bytes]);
  });
});
