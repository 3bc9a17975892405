/** The SCCP decoder (every catalog layout at every header version) and the stream framer. */
import * as fc from 'fast-check';
import { messageToJson } from '../../core/export/message-json';
import { messageToText } from '../../core/export/message-text';
import type { Problem } from '../../core/problems';
import { decodeMessage } from '../../core/sccp/decode';
import { MessageFramer, type FramedMessage } from '../../core/sccp/framer';
import { HEADER_SIZE, KNOWN_HEADER_VERSIONS, MAX_DATA_LENGTH } from '../../core/sccp/header';
import type { DecodedBody, SccpMessage } from '../../core/sccp/message';
import { CATALOG } from '../../core/sccp/catalog';
import { loadCorpus } from '../corpus';
import { checkFields, checkFiniteNumbers, checkProblem, ensure } from '../invariants';
import { mutateBytes } from '../mutate';
import { FuzzRng, fnv1a } from '../rng';
import type { FuzzTarget } from '../target';

const VERSIONS = [...KNOWN_HEADER_VERSIONS];

/** A decoded body dressed as a session message, to run the text and JSON exports over it. */
export function asMessage(body: DecodedBody, bytes: Uint8Array): SccpMessage {
  return { ...body, frame: 1, frames: [1], time: '1970-01-01T00:00:00.000000Z', tsSec: 0, tsNsec: 0, stream: 0, src: '10.0.0.2', srcPort: 50000, dst: '10.0.0.1', dstPort: 2000, direction: 'station-to-callmanager', streamOffset: 0, bytes };
}

/** Decodes one message and checks the result; returns it. */
export function decodeChecked(bytes: Uint8Array, opts: Parameters<typeof decodeMessage>[1], where: string): DecodedBody {
  const body = decodeMessage(bytes, opts);
  checkFields(body.fields, bytes.length, where);
  for (const p of body.problems) checkProblem(p, where, { maxOffset: bytes.length });
  for (const m of body.media) ensure(Number.isInteger(m.port) && m.port >= 0, 'media', () => `${where}: media port ${m.port}`);
  const msg = asMessage(body, bytes);
  messageToText(msg);
  checkFiniteNumbers(JSON.parse(JSON.stringify(messageToJson(msg))), where);
  return body;
}

/** A message of a catalog layout with a random body, or random bytes under a real header (fast-check). */
let messageArb: fc.Arbitrary<Uint8Array> | undefined;
export function messageArbitrary(): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      id: fc.oneof(fc.constantFrom(...CATALOG.map((m) => m.id)), fc.nat(0x1ff), fc.nat()),
      version: fc.oneof(fc.constantFrom(...VERSIONS), fc.nat()),
      body: fc.uint8Array({ maxLength: 600 }),
      length: fc.option(fc.constantFrom(0, 1, 3, 4, 0xffffffff, 0x7fffffff, 0x10001), { nil: undefined }),
    })
    .map(({ id, version, body, length }) => {
      const b = new Uint8Array(HEADER_SIZE + body.length);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, length ?? body.length + 4, true);
      dv.setUint32(4, version >>> 0, true);
      dv.setUint32(8, id >>> 0, true);
      b.set(body, HEADER_SIZE);
      return b;
    });
}

export const sccpDecodeTarget: FuzzTarget = {
  name: 'sccp-decode',
  description: 'one SCCP message (every catalog layout x every header version, mutated) -> decodeMessage, text and JSON export',
  seeds: (c) => c.messages,
  mutate(rng, seed, other) {
    const b = mutateBytes(rng, seed, other);
    // Counts and lengths inside bodies are little-endian words: set one now and then to a huge value.
    if (b.length > 16 && rng.chance(0.3)) new DataView(b.buffer, b.byteOffset).setUint32(12 + 4 * rng.below((b.length - 12) >> 2), rng.pick([0xffffffff, 0x7fffffff, 0x10000, 255, 256]), true);
    return b;
  },
  generate: (seed) => fc.sample((messageArb ??= messageArbitrary()), { seed, numRuns: 1 })[0]!,
  run(input) {
    const h = fnv1a(input);
    const opts = h & 1 ? { useNegotiatedVersion: true, negotiatedVersion: VERSIONS[(h >>> 1) % VERSIONS.length]! } : {};
    decodeChecked(input, opts, 'sccp-decode');
  },
};

/** Feeds a byte stream to a framer in chunks; returns what came out. */
export function frameStream(input: Uint8Array, rng: FuzzRng, fromStart: boolean, gapAt?: number): { messages: FramedMessage[]; problems: Problem[] } {
  const messages: FramedMessage[] = [];
  const problems: Problem[] = [];
  const framer = new MessageFramer({ message: (m) => messages.push(m), problem: (p) => problems.push(p) }, { startsAtConnectionStart: fromStart }, 'fuzz stream');
  let at = 0;
  let frame = 1;
  while (at < input.length) {
    const n = rng.chance(0.1) ? 1 : rng.int(1, 1500);
    const end = Math.min(input.length, at + n);
    if (gapAt !== undefined && at <= gapAt && gapAt < end) {
      if (gapAt > at) framer.data(input.subarray(at, gapAt), at, frame++);
      const skip = Math.min(input.length, gapAt + rng.int(1, 64));
      framer.gap(gapAt, skip, frame);
      at = skip;
      gapAt = undefined;
      continue;
    }
    framer.data(input.subarray(at, end), at, frame++);
    at = end;
  }
  framer.end(frame);
  return { messages, problems };
}

export const framerTarget: FuzzTarget = {
  name: 'sccp-framer',
  description: 'an SCCP byte stream cut in random segments, with and without a gap -> MessageFramer, each message decoded',
  seeds(c) {
    // Streams of several messages back to back.
    const out: Uint8Array[] = [];
    const rng = new FuzzRng(7);
    for (let i = 0; i < 200; i++) {
      const parts = Array.from({ length: rng.int(2, 10) }, () => rng.pick(c.messages));
      const n = parts.reduce((s, p) => s + p.length, 0);
      const b = new Uint8Array(n);
      let at = 0;
      for (const p of parts) {
        b.set(p, at);
        at += p.length;
      }
      out.push(b);
    }
    return out;
  },
  mutate: mutateBytes,
  run(input) {
    const rng = new FuzzRng(fnv1a(input));
    const gapAt = rng.chance(0.3) ? rng.below(input.length + 1) : undefined;
    const { messages, problems } = frameStream(input, rng, rng.chance(0.7), gapAt);
    let end = 0;
    for (const m of messages) {
      ensure(m.streamOffset >= end, 'framer-order', () => `message at stream offset ${m.streamOffset} overlaps the previous one (ending at ${end})`);
      ensure(m.bytes.length >= HEADER_SIZE && m.bytes.length <= MAX_DATA_LENGTH + 8, 'framer-size', () => `message of ${m.bytes.length} bytes at ${m.streamOffset}`);
      ensure(m.streamOffset + m.bytes.length <= input.length, 'framer-range', () => `message at ${m.streamOffset}+${m.bytes.length} past the stream's ${input.length} bytes`);
      ensure(m.frames.length > 0, 'framer-frames', () => `message at ${m.streamOffset} has no frames`);
      end = m.streamOffset + m.bytes.length;
      decodeChecked(m.bytes, {}, `sccp-framer message at ${m.streamOffset}`);
    }
    for (const p of problems) checkProblem(p, 'sccp-framer');
  },
};

// --- recovery: a corrupt message in the middle of a stream does not take the following ones with it ----------

/** Corruptions a framer must get past: lengths it cannot trust, a version it does not know, a header of noise. */
const CORRUPTIONS = ['length-0', 'length-1', 'length-3', 'length-ffffffff', 'length-7fffffff', 'length-10001', 'version', 'noise-header', 'noise-message'] as const;

/**
 * Recovery cases are stored as [u32 corruptStart][u32 corruptEnd][stream], where the stream outside
 * [corruptStart, corruptEnd) is whole messages back to back. Every message before the corrupt region, and every
 * message after it, must come out of the framer at its offset.
 */
export function buildRecoveryCase(rng: FuzzRng, pool: readonly Uint8Array[]): Uint8Array {
  const parts = Array.from({ length: rng.int(4, 10) }, () => rng.pick(pool));
  const j = rng.int(1, parts.length - 2);
  const bad = parts[j]!.slice();
  const kind = rng.pick(CORRUPTIONS);
  const dv = new DataView(bad.buffer);
  if (kind.startsWith('length-')) dv.setUint32(0, parseInt(kind.slice(7), 16), true);
  else if (kind === 'version') dv.setUint32(4, rng.pick([1, 2, 9, 0x17, 0xff, 0xffffffff]), true);
  else if (kind === 'noise-header') bad.set(rng.bytes(12));
  else bad.set(rng.bytes(bad.length));
  parts[j] = bad;
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(8 + total);
  const head = new DataView(out.buffer);
  let at = 8;
  parts.forEach((p, i) => {
    if (i === j) head.setUint32(0, at - 8, true);
    out.set(p, at);
    at += p.length;
    if (i === j) head.setUint32(4, at - 8, true);
  });
  return out;
}

/** Offsets of the whole messages in [from, to) of a stream known to hold messages back to back there. */
function boundaries(stream: Uint8Array, from: number, to: number): number[] {
  const out: number[] = [];
  const dv = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  for (let at = from; at + HEADER_SIZE <= to; ) {
    out.push(at);
    at += dv.getUint32(at, true) + 8;
  }
  return out;
}

export const recoveryTarget: FuzzTarget = {
  name: 'sccp-recovery',
  description: 'valid messages around one corrupt message -> MessageFramer: every message before and after it still comes out',
  seeds(c) {
    const rng = new FuzzRng(11);
    const pool = wholeMessages(c.messages);
    return Array.from({ length: 64 }, () => buildRecoveryCase(rng, pool));
  },
  mutate(rng) {
    return buildRecoveryCase(rng, (recoveryPool ??= wholeMessages(loadCorpus().messages)));
  },
  run(input) {
    if (input.length < 8) return;
    const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const stream = input.subarray(8);
    const from = dv.getUint32(0, true);
    const to = dv.getUint32(4, true);
    if (from > to || to > stream.length) return;
    const expected = [...boundaries(stream, 0, from), ...boundaries(stream, to, stream.length)];
    const rng = new FuzzRng(fnv1a(input));
    const { messages, problems } = frameStream(stream, rng, true);
    const got = new Set(messages.map((m) => m.streamOffset));
    const missing = expected.filter((o) => !got.has(o));
    ensure(missing.length === 0, 'recovery', () => `messages at stream offsets ${missing.join(', ')} (outside the corrupt bytes ${from}-${to - 1}) did not come out; got ${[...got].join(', ')}`);
    for (const p of problems) checkProblem(p, 'sccp-recovery');
  },
};

let recoveryPool: Uint8Array[] | undefined;

/** Messages whose length field matches their bytes (the encoded catalog and the whole ones cut from captures). */
function wholeMessages(messages: readonly Uint8Array[]): Uint8Array[] {
  return messages.filter((m) => m.length >= HEADER_SIZE && new DataView(m.buffer, m.byteOffset).getUint32(0, true) + 8 === m.length);
}
