/**
 * What the capture editor and its decode worker say to each other. Pure: no vscode, no worker_threads, so that
 * the batching rule and the message shapes are unit-testable.
 */
import type { CallsDocument } from '../../core/analysis/document';
import type { AnalyzerOptions } from '../../core/analysis/options';
import type { Problem } from '../../core/problems';
import type { SccpMessage } from '../../core/sccp/message';
import type { SccpTlsReport } from '../../core/session';
import { toTransfer, type TransferMessage } from '../lean-message';

/** The worker's workerData: where the capture is, and the settings it is decoded with. */
export interface DecodeJob {
  /** A local file the worker reads itself, or the bytes the host read (virtual file systems), transferred. */
  source: { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };
  /** Base name for the calls document (never a path). */
  name: string;
  sccpPorts: number[];
  tlsPorts: number[];
  analyzer: AnalyzerOptions;
}

export interface BatchReply {
  type: 'batch';
  /** Without their field trees (lean-message.ts). */
  messages: TransferMessage[];
  problems: Problem[];
  tls: SccpTlsReport[];
  /** Packets read so far. */
  packets: number;
  /** Time of the capture's first packet (relative times count from it), once known. */
  start?: { sec: number; nsec: number };
}

export interface DoneReply {
  type: 'done';
  calls: CallsDocument;
  packets: number;
}

export interface FailedReply {
  type: 'failed';
  error: string;
}

export type WorkerReply = BatchReply | DoneReply | FailedReply;

export function isWorkerReply(v: unknown): v is WorkerReply {
  if (typeof v !== 'object' || v === null) return false;
  const t = (v as { type?: unknown }).type;
  return t === 'batch' || t === 'done' || t === 'failed';
}

/** When to post: the first rows as soon as possible, then in batches big enough not to flood the host. */
export interface BatchPolicy {
  /** Post the first batch once it holds this many messages... */
  firstCount: number;
  /** ...or once this many milliseconds have passed since the start with at least one message waiting. */
  firstMs: number;
  /** Later batches: at most this many messages... */
  maxCount: number;
  /** ...and at least every this many milliseconds while messages are waiting. */
  intervalMs: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { firstCount: 500, firstMs: 150, maxCount: 20000, intervalMs: 250 };

/** Collects messages, problems and TLS reports and says when they should be posted. */
export class Batcher {
  private messages: TransferMessage[] = [];
  private problems: Problem[] = [];
  private tls: SccpTlsReport[] = [];
  private posted = 0;
  private last: number;

  constructor(
    private readonly now: () => number,
    private readonly policy: BatchPolicy = DEFAULT_BATCH_POLICY,
  ) {
    this.last = now();
  }

  message(m: SccpMessage): void {
    // Posted without its field tree (the host decodes the bytes again when it needs one), with its bytes copied: they
    // are a view into a read buffer of the capture, and posting the view would copy the whole buffer.
    this.messages.push(toTransfer(m));
  }

  problem(p: Problem): void {
    this.problems.push(p);
  }

  tlsReport(r: SccpTlsReport): void {
    this.tls.push(r);
  }

  get pending(): number {
    return this.messages.length + this.problems.length + this.tls.length;
  }

  /** True when what is waiting should be posted now. */
  due(): boolean {
    const waiting = this.pending;
    if (waiting === 0) return false;
    const elapsed = this.now() - this.last;
    if (this.posted === 0) return this.messages.length >= this.policy.firstCount || elapsed >= this.policy.firstMs;
    return this.messages.length >= this.policy.maxCount || elapsed >= this.policy.intervalMs;
  }

  /** Takes what is waiting as one batch reply. */
  take(packets: number, start?: { sec: number; nsec: number }): BatchReply {
    poolBytes(this.messages);
    const reply: BatchReply = { type: 'batch', messages: this.messages, problems: this.problems, tls: this.tls, packets };
    if (start) reply.start = start;
    this.messages = [];
    this.problems = [];
    this.tls = [];
    this.posted++;
    this.last = this.now();
    return reply;
  }
}

/**
 * Puts the batch's message bytes in one buffer, each message keeping a view of its part: posting copies the buffer
 * once and the views keep sharing it on the host, instead of an ArrayBuffer per message (about 100 bytes each).
 */
function poolBytes(messages: TransferMessage[]): void {
  let total = 0;
  for (const m of messages) total += m.bytes.length;
  const pool = new Uint8Array(total);
  let at = 0;
  for (const m of messages) {
    pool.set(m.bytes, at);
    m.bytes = pool.subarray(at, at + m.bytes.length);
    at += m.bytes.length;
  }
}
