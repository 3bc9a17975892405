/**
 * The decode worker's work, without the worker: the same pipeline as `sccp-dissect calls` (capture reader, SCCP
 * session, call analyzer), but posting messages in batches as they complete and the calls document at the end.
 * Pure apart from the clock it is given, so that tests can run it in-process.
 */
import { CallAnalyzer } from '../../core/analysis/analyzer';
import { readCaptureBytes, readCaptureFile, type CaptureSink } from '../../core/capture';
import type { CaptureInfo } from '../../core/capture/types';
import { SccpSession } from '../../core/session';
import { Batcher, DEFAULT_BATCH_POLICY, type BatchPolicy, type DecodeJob, type WorkerReply } from './protocol';

type Job = Omit<DecodeJob, 'source'>;

/** Wires reader -> session -> analyzer and the batcher; `sink` is what the capture reader feeds. */
function pipeline(job: Job, post: (r: WorkerReply) => void, now: () => number, policy: BatchPolicy) {
  const analyzer = new CallAnalyzer(job.analyzer);
  const batcher = new Batcher(now, policy);
  let packets = 0;
  let start: { sec: number; nsec: number } | undefined;
  const take = () => batcher.take(packets, start);
  const flushIfDue = () => {
    if (batcher.due()) post(take());
  };
  const session = new SccpSession(
    {
      message: (m) => {
        analyzer.message(m);
        batcher.message(m);
        flushIfDue();
      },
      problem: (p) => {
        analyzer.problem(p);
        batcher.problem(p);
      },
      connection: (c) => analyzer.connection(c),
      datagram: (d) => analyzer.datagram(d),
      tls: (r) => batcher.tlsReport(r),
    },
    { sccpPorts: job.sccpPorts, tlsPorts: job.tlsPorts },
  );
  const sink: CaptureSink = {
    packet: (p) => {
      packets++;
      if (!start) start = { sec: p.tsSec, nsec: p.tsNsec };
      analyzer.packet(p);
      session.packet(p);
      // Problems and TLS reports can wait for a message, but not forever on a capture without SCCP.
      if ((packets & 1023) === 0) flushIfDue();
    },
    problem: (p) => {
      analyzer.problem(p);
      batcher.problem(p);
    },
  };
  const finish = (info: CaptureInfo | undefined, size: number) => {
    session.finish();
    if (batcher.pending > 0) post(take());
    const calls = analyzer.result({ name: job.name, format: info?.format ?? 'unknown', compressed: info?.compressed ?? false, size });
    post({ type: 'done', calls, packets });
  };
  return { sink, finish };
}

/** Decodes a capture held in memory (files from virtual file systems). */
export function runDecode(job: Job, bytes: Uint8Array, post: (r: WorkerReply) => void, now: () => number = Date.now, policy: BatchPolicy = DEFAULT_BATCH_POLICY): void {
  const p = pipeline(job, post, now, policy);
  p.finish(readCaptureBytes(bytes, p.sink), bytes.length);
}

/** Decodes a local file as a stream: the first rows are posted while the rest of the file is still being read. */
export async function runDecodeFile(job: Job, path: string, size: number, post: (r: WorkerReply) => void, now: () => number = Date.now, policy: BatchPolicy = DEFAULT_BATCH_POLICY): Promise<void> {
  const p = pipeline(job, post, now, policy);
  p.finish(await readCaptureFile(path, p.sink), size);
}
