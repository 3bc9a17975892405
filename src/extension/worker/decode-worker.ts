/**
 * Entry point of the decode worker (bundled as dist/decode-worker.js): decodes the capture named in workerData off
 * the extension host's thread and posts WorkerReply messages. The host ends it with terminate() to cancel.
 */
import { stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { runDecode, runDecodeFile } from './decode-run';
import type { DecodeJob, WorkerReply } from './protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const post = (r: WorkerReply) => port.postMessage(r);
  try {
    const job = workerData as DecodeJob;
    if (job.source.kind === 'path') {
      await runDecodeFile(job, job.source.path, (await stat(job.source.path)).size, post);
    } else {
      const b = job.source.bytes;
      runDecode(job, new Uint8Array(b.buffer, b.byteOffset, b.byteLength), post);
    }
  } catch (e) {
    post({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
  }
}

void main();
