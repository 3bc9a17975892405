/**
 * The file reader reads every chunk into one buffer and overwrites it with the next (read.ts). These tests push
 * captures the same way, scribbling over the buffer between pushes, and check that nothing downstream kept a view
 * of it: every message (its bytes and fields, read after the whole capture) and the calls document equal those of
 * a one-shot read of the same bytes. Held views would show the scribble.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallAnalyzer } from '../../../src/core/analysis/analyzer';
import { CaptureParser, readCaptureBytes, readCaptureFile, type CaptureSink } from '../../../src/core/capture';
import { messageToJson } from '../../../src/core/export/message-json';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession } from '../../../src/core/session';
import { encodeMessage } from '../../../src/generator/sccp-encode';
import { MSG } from '../../../src/generator/messages';
import { captured, concat, ethernet, ipv4, pcapFile, PROTO_UDP, tcpFrame, udp } from '../../helpers/frames';
import { captureFixtures, fixture } from './capture-bytes';

interface Outcome {
  messages: string[];
  calls: string;
}

/** Runs reader, session and analyzer; `feed` pushes the capture into the sink its way. Read out only at the end. */
async function run(feed: (sink: CaptureSink) => void | Promise<void>): Promise<Outcome> {
  const analyzer = new CallAnalyzer();
  const kept: SccpMessage[] = [];
  const session = new SccpSession({
    message: (m) => {
      kept.push(m);
      analyzer.message(m);
    },
    problem: (p) => analyzer.problem(p),
    connection: (c) => analyzer.connection(c),
    datagram: (d) => analyzer.datagram(d),
  });
  await feed({
    packet: (p) => {
      analyzer.packet(p);
      session.packet(p);
    },
    problem: (p) => analyzer.problem(p),
  });
  session.finish();
  const doc = analyzer.result({ name: 'x', format: 'pcap', compressed: false, size: 0 });
  return {
    messages: kept.map((m) => `${Buffer.from(m.bytes).toString('hex')} ${JSON.stringify(messageToJson(m))}`),
    calls: JSON.stringify(doc),
  };
}

/** Pushes the bytes, cut at `cuts`, through one buffer that is overwritten with garbage after each push. */
function pushThroughOneBuffer(bytes: Uint8Array, cuts: number[], sink: CaptureSink): void {
  const parser = new CaptureParser(sink);
  const ends = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  const buffer = new Uint8Array(bytes.length);
  let from = 0;
  for (const to of ends) {
    buffer.set(bytes.subarray(from, to));
    parser.push(buffer.subarray(0, to - from), true);
    buffer.fill(0xee);
    from = to;
  }
  parser.end();
}

/** Cuts every `size` bytes: records straddle chunks (the reader then copies them whole). */
function everyBytes(bytes: Uint8Array, size: number): number[] {
  const cuts: number[] = [];
  for (let at = size; at < bytes.length; at += size) cuts.push(at);
  return cuts;
}

/**
 * Cuts where each packet's record or block starts, so that each lies whole in its chunk and every packet is a view
 * of the buffer: what a later packet needs of an earlier one must have been copied.
 */
function atRecords(bytes: Uint8Array): number[] {
  const pcapng = bytes[0] === 0x0a && bytes[1] === 0x0d;
  const headerBeforeData = pcapng ? 28 : 16;
  const cuts: number[] = [];
  readCaptureBytes(bytes, { packet: (p) => void cuts.push(p.fileOffset - headerBeforeData), problem: () => {} });
  return cuts;
}

const SERVER = '10.0.0.1';
const PHONE = '10.0.0.20';

/**
 * What is most likely to keep a view: an SCCP message split over two TCP segments that arrive out of order (the
 * reassembler holds the later half), a message left half-framed at the end of a read, and an RTP datagram in two IP
 * fragments (the fragment table holds the first).
 */
function awkwardCapture(): Uint8Array {
  const register = encodeMessage(MSG.RegisterReq, 0, { sid: { DeviceName: 'SEP001122334455', 'reserved.for.future.use': 0, instance: 1 }, stationIpAddr: PHONE, deviceType: 8, protocolVer: 5 });
  const keepAlive = encodeMessage(MSG.KeepAliveReq, 0);
  const both = concat(register, keepAlive);
  const cut = 17;
  const seg = (frame: number, seq: number, payload: Uint8Array, flags = 'PA') =>
    tcpFrame({ frame, src: PHONE, dst: SERVER, srcPort: 51000, dstPort: 2000, seq, ack: 1, flags, payload });
  const rtp = new Uint8Array(172);
  rtp.set([0x80, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0x11, 0x22, 0x33, 0x44]);
  const datagram = udp({ srcPort: 20000, dstPort: 30000, payload: rtp });
  const fragment = (frame: number, offset: number, more: boolean) =>
    captured(ethernet(ipv4({ src: PHONE, dst: '10.0.0.30', protocol: PROTO_UDP, id: 7, moreFragments: more, fragmentOffset: offset, payload: datagram.subarray(offset, more ? offset + 96 : datagram.length) })), { frame });
  return pcapFile([
    tcpFrame({ frame: 1, src: PHONE, dst: SERVER, srcPort: 51000, dstPort: 2000, seq: 0, flags: 'S' }),
    fragment(2, 0, true),
    seg(3, 1 + cut, both.subarray(cut)),
    seg(4, 1, both.subarray(0, cut)),
    fragment(5, 96, false),
    seg(6, 1 + both.length, keepAlive),
  ]);
}

describe('reading through one reused buffer', () => {
  for (const name of [...captureFixtures(), 'awkward (out-of-order halves, IP fragments)']) {
    const bytes = name.startsWith('awkward') ? awkwardCapture() : fixture(name);
    it(`${name}: messages and calls equal a one-shot read, whatever was written over the buffer`, async () => {
      const once = await run((sink) => void readCaptureBytes(bytes, sink));
      assert.ok(once.messages.length > 0, 'the capture has SCCP messages');
      for (const [how, cuts] of [['a record a chunk', atRecords(bytes)], ['chunks of 97 bytes', everyBytes(bytes, 97)]] as const) {
        const reused = await run((sink) => pushThroughOneBuffer(bytes, cuts, sink));
        assert.deepEqual(reused.messages, once.messages, `${how}: messages`);
        assert.equal(reused.calls, once.calls, `${how}: calls document`);
      }
    });
  }

  it('the file reader itself (one buffer, read synchronously) gives the one-shot result', async () => {
    const bytes = awkwardCapture();
    const path = join(mkdtempSync(join(tmpdir(), 'sccp-reuse-')), 'awkward.pcap');
    writeFileSync(path, bytes);
    const once = await run((sink) => void readCaptureBytes(bytes, sink));
    const fromFile = await run(async (sink) => void (await readCaptureFile(path, sink)));
    assert.deepEqual(fromFile, once);
  });
});
