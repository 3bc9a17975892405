/**
 * What the capture editor and its decode worker say to each other. Pure: no vscode, no worker_threads, so that
 * the batching rule and the message shapes are unit-testable.
 */
import type { CallsDocument } from '../../core/analysis/document';
import type { AnalyzerOptions } from '../../core/analysis/options';
import type { Problem } from '../../core/problems';
import type { SccpMessage } from '../../core/sccp/message';
import type { SccpTlsReport } from '../../core/session';
import { summaryOf } from '../lean-message';
import { MessageStore, type MessageBatch } from '../message-store';

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
  /** Without their field trees (lean-message.ts), in columns (message-store.ts). */
  messages: MessageBatch;
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
  private messages = new MessageStore();
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
    // Posted without its field tree (the host decodes the bytes again when it needs one), in the batch's columns.
    this.messages.add(m, summaryOf(m));
  }

  problem(p: Problem): void {
    this.problems.push(p);
  }

  tlsReport(r: SccpTlsReport): void {
    this.tls.push(r);
  }

  get pending(): number {
    return this.messages.size + this.problems.length + this.tls.length;
  }

  /** True when what is waiting should be posted now. */
  due(): boolean {
    const waiting = this.pending;
    if (waiting === 0) return false;
    const elapsed = this.now() - this.last;
    if (this.posted === 0) return this.messages.size >= this.policy.firstCount || elapsed >= this.policy.firstMs;
    return this.messages.size >= this.policy.maxCount || elapsed >= this.policy.intervalMs;
  }

  /** Takes what is waiting as one batch reply. */
  take(packets: number, start?: { sec: number; nsec: number }): BatchReply {
    const reply: BatchReply = { type: 'batch', messages: this.messages.export(), problems: this.problems, tls: this.tls, packets };
    if (start) reply.start = start;
    this.messages = new MessageStore();
    this.problems = [];
    this.tls = [];
    this.posted++;
    this.last = this.now();
    return reply;
  }
}
