/**
 * The capture editor's pure parts on a real capture: the worker's pipeline (batches, then the calls document), the
 * list rows, the filter and the ALG marks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCaptureBytes, callsJson } from '../../../src/core/export/calls-json';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { algMarks } from '../../../src/extension/editor/alg-marks';
import { filterIndexes, parseFilter, StationNames } from '../../../src/extension/editor/message-filter';
import { messageRow } from '../../../src/extension/editor/rows';
import { summaryOf } from '../../../src/extension/lean-message';
import { MessageStore } from '../../../src/extension/message-store';
import { runDecode, runDecodeFile } from '../../../src/extension/worker/decode-run';
import type { BatchReply, WorkerReply } from '../../../src/extension/worker/protocol';

const CAPTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'captures');
const FILE = join(CAPTURES, 'skinny-call-rtp.pcap');
const job = { name: 'skinny-call-rtp.pcap', sccpPorts: [2000], tlsPorts: [2443], analyzer: {} };

function decodeAll(): { replies: WorkerReply[]; messages: SccpMessage[] } {
  const replies: WorkerReply[] = [];
  let clock = 0;
  // A clock that moves 10 ms per call: batches are cut by time as well as by count.
  runDecode(job, new Uint8Array(readFileSync(FILE)), (r) => replies.push(r), () => (clock += 10), { firstCount: 5, firstMs: 1e9, maxCount: 20, intervalMs: 1e9 });
  // As the host holds them: cloned across the worker boundary, then stored (fields decoded again when read).
  const store = new MessageStore();
  const messages = replies.filter((r): r is BatchReply => r.type === 'batch').flatMap((r) => store.append(structuredClone(r).messages));
  return { replies, messages };
}

describe('the decode worker pipeline', () => {
  it('posts the first rows early, then batches, then exactly the CLI calls document', () => {
    const { replies, messages } = decodeAll();
    const batches = replies.filter((r): r is BatchReply => r.type === 'batch');
    assert.equal(batches[0]!.messages.count, 5, 'the first batch is small, so the first rows show at once');
    assert.ok(batches.slice(1, -1).every((b) => b.messages.count <= 20));
    assert.equal(messages.length, 62, 'tshark shows 62 skinny messages in this capture');
    assert.deepEqual(batches[0]!.start, { sec: 1317801130, nsec: 501299000 }, 'the first packet time, for relative times');
    const done = replies[replies.length - 1]!;
    assert.equal(done.type, 'done');
    if (done.type !== 'done') return;
    const cli = analyzeCaptureBytes(new Uint8Array(readFileSync(FILE)), FILE);
    assert.equal(callsJson(done.calls), callsJson(cli), 'Export Calls as JSON writes what `sccp-dissect calls` writes');
    // Messages cross the worker boundary by structured clone, which copies whole buffers: a batch's bytes are one
    // buffer holding exactly its messages, not views of the file's read buffer.
    for (const b of batches) {
      const total = b.messages.columns.bytesLength.reduce((n, x) => n + x, 0);
      assert.equal(b.messages.bytes.length, total);
      assert.equal(b.messages.bytes.buffer.byteLength, total);
    }
  });

  it('streams a file from disk to the same messages', async () => {
    const replies: WorkerReply[] = [];
    await runDecodeFile(job, FILE, readFileSync(FILE).length, (r) => replies.push(r));
    const store = new MessageStore();
    const streamed = replies.filter((r): r is BatchReply => r.type === 'batch').flatMap((r) => store.append(r.messages));
    assert.deepEqual(streamed.map((m) => [m.frame, m.id]), decodeAll().messages.map((m) => [m.frame, m.id]));
  });
});

describe('list rows, filter and ALG marks', () => {
  const { messages } = decodeAll();
  const start = { sec: 1317801130, nsec: 501299000 };

  it('a row says what the message is, where it went and its call', () => {
    const i = messages.findIndex((m) => m.name === 'OpenReceiveChannelAck');
    const row = messageRow(messages[i]!, i, start, summaryOf(messages[i]!));
    assert.equal(row.frame, 36);
    assert.equal(row.source, '192.168.195.58:49399');
    assert.equal(row.destination, '192.168.193.12:2000');
    assert.equal(row.call, '19805770');
    assert.equal(row.time, '3.682725');
    assert.equal(row.media, true);
    assert.match(row.info, /192\.168\.195\.58:32144/);
  });

  const count = (text: string) => {
    const f = parseFilter(text);
    if (!f.predicate) return messages.length;
    const out: number[] = [];
    const names = new StationNames();
    for (const m of messages) names.learn(m);
    filterIndexes(messages, 0, f.predicate, names, out);
    return out.length;
  };

  it('filters by name, ID, call reference, address, frame and negation', () => {
    const byName = messages.filter((m) => m.name.toLowerCase().includes('startmediatransmission')).length;
    assert.ok(byName > 0);
    assert.equal(count('StartMediaTransmission'), byName);
    assert.equal(count('name:startmedia'), messages.filter((m) => m.name.startsWith('StartMedia')).length);
    assert.equal(count('0x0022'), 2);
    assert.equal(count('id:34'), 2);
    assert.equal(count('call:19805770'), messages.filter((m) => m.fields.some((f) => f.name === 'callReference' && f.value === 19805770)).length);
    assert.equal(count('addr:192.168.195.50'), messages.filter((m) => m.src === '192.168.195.50' || m.dst === '192.168.195.50').length);
    assert.equal(count('frame:36'), messages.filter((m) => m.frames.includes(36)).length);
    assert.equal(count('!0x0022'), messages.length - 2);
    assert.equal(count(''), messages.length);
    assert.deepEqual(parseFilter('call:abc').errors, ['call:abc']);
  });

  it('ALG marks point at the media address and port fields, with what a firewall opens', () => {
    const m = messages.find((x) => x.name === 'StartMediaTransmission')!;
    const marks = algMarks(m);
    const names = marks.map((k) => {
      let nodes = m.fields;
      let f;
      for (const i of k.path) {
        f = nodes[i]!;
        nodes = f.children ?? [];
      }
      return f!.name;
    });
    assert.deepEqual(names.sort(), ['remoteIpAddr', 'remotePortNumber']);
    assert.match(marks[0]!.tooltip, /pinhole/);
    assert.deepEqual(algMarks(messages.find((x) => x.name === 'KeepAliveReq') ?? messages.find((x) => x.media.length === 0)!), []);
  });
});
