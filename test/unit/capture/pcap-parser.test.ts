/**
 * Cross-check against the `pcap-parser` package (a dev dependency only: it reads classic pcap in microseconds and
 * nothing else, and has not changed since 2013, so it is not our runtime reader). On every classic pcap fixture, and
 * on built files in both byte orders, both readers must give the same packets and timestamps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { captureFixtures, fixture, pcapFile, readAll } from './capture-bytes';

// No type declarations ship with pcap-parser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pcapp = require('pcap-parser') as { parse(input: NodeJS.ReadableStream | string): NodeJS.EventEmitter };

interface TheirPacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}

function readWithPcapParser(bytes: Uint8Array): Promise<TheirPacket[]> {
  return new Promise((resolve, reject) => {
    const out: TheirPacket[] = [];
    const parser = pcapp.parse(Readable.from([Buffer.from(bytes)]));
    parser.on('packet', (p: TheirPacket) => out.push({ header: { ...p.header }, data: Buffer.from(p.data) }));
    parser.on('end', () => resolve(out));
    parser.on('error', reject);
  });
}

async function assertSame(bytes: Uint8Array, what: string): Promise<void> {
  const ours = readAll(bytes);
  const theirs = await readWithPcapParser(bytes);
  assert.deepEqual(ours.problems, [], what);
  assert.equal(ours.packets.length, theirs.length, `${what}: packet count`);
  ours.packets.forEach((p, i) => {
    const t = theirs[i]!;
    assert.deepEqual(
      [p.tsSec, p.tsNsec / 1000, p.data.length, p.originalLength],
      [t.header.timestampSeconds, t.header.timestampMicroseconds, t.header.capturedLength, t.header.originalLength],
      `${what} frame ${p.frame}`,
    );
    assert.ok(Buffer.from(p.data).equals(t.data), `${what} frame ${p.frame}: bytes`);
  });
}

describe('our classic pcap reader agrees with pcap-parser', () => {
  const fixtures = captureFixtures('pcap');
  it('there are classic pcap fixtures to compare', () => assert.ok(fixtures.length >= 2, fixtures.join()));
  for (const name of fixtures) it(name, () => assertSame(fixture(name), name));

  for (const le of [true, false]) {
    it(`built ${le ? 'little' : 'big'}-endian file with a snap-length-cut record`, () =>
      assertSame(
        pcapFile({ le, ns: false, snaplen: 10 }, [
          { sec: 1700000000, frac: 1, data: Uint8Array.from({ length: 10 }, (_, i) => i), orig: 1514 },
          { sec: 1700000001, frac: 999999, data: Uint8Array.from([1, 2, 3]) },
        ]),
        `built ${le ? 'LE' : 'BE'}`,
      ));
  }
});
