#!/usr/bin/env node
// What the capture editor's extension host keeps per message and per frame, measured in one process:
//   node --expose-gc bench/editor-index.mjs FILE
// The decode worker's code runs here (runDecodeFile with its batcher); every batch goes through structuredClone,
// the algorithm postMessage uses, and its messages are stored as LiveCaptureModel.addBatch stores them. The heap
// and array-buffer memory held after a full collection, less what was held before, is divided by the messages and
// by the frames. The reference in the same run: the SCCP bytes themselves (what the messages could not do without).
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = process.env.BENCH_BUILD ?? join(root, 'out');
const { runDecodeFile } = require(join(build, 'src/extension/worker/decode-run.js'));
const { MessageStore } = require(join(build, 'src/extension/message-store.js'));

const file = process.argv[2];
if (!file || typeof globalThis.gc !== 'function') {
  console.error('usage: node --expose-gc bench/editor-index.mjs FILE');
  process.exit(2);
}

const held = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

// A first decode of a small capture loads and initialises the modules, so that what they hold is not counted.
const job = { name: 'bench', sccpPorts: [2000], tlsPorts: [2443], analyzer: {} };
const warmUp = join(root, 'test/fixtures/captures/skinny-call-rtp.pcap');
await runDecodeFile(job, warmUp, statSync(warmUp).size, (reply) => reply.type === 'batch' && new MessageStore().append(structuredClone(reply).messages));

const messages = [];
const store = new MessageStore();
let packets = 0;
let sccpBytes = 0;
const before = held();
await runDecodeFile(
  job,
  file,
  statSync(file).size,
  (reply) => {
    if (reply.type === 'batch') {
      for (const m of store.append(structuredClone(reply).messages)) {
        sccpBytes += m.bytes.length;
        messages.push(m);
      }
    } else if (reply.type === 'done') packets = reply.packets;
  },
);
const after = held();
const kept = after - before;
const perMessage = kept / messages.length;
const perFrame = kept / packets;
console.log(
  JSON.stringify({
    file,
    packets,
    messages: messages.length,
    keptBytes: kept,
    bytesPerMessage: Math.round(perMessage),
    bytesPerFrame: Number(perFrame.toFixed(1)),
    sccpBytesPerMessage: Math.round(sccpBytes / messages.length),
    ratioToSccpBytes: Number((kept / sccpBytes).toFixed(2)),
    targetBytesPerFrame: 16,
  }),
);
// Keep the messages alive until measured.
if (messages.length < 0) console.log(messages);
