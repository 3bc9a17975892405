/**
 * The fuzzing worker thread: runs cases and reports failures; the main thread watches `progress` (shared memory) to
 * catch a case that never returns. progress[0] = index of the case running, progress[1] = when it started (ms since
 * the epoch; 0 between cases), progress[2] = cases completed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, caseInput, runCase, type CaseLimits, type CaseOutcome } from './case';
import { targetByName } from './targets';
import type { FuzzTarget } from './target';

export interface GenerateJob {
  mode: 'generate';
  targets: string[];
  seed: number;
  /** Case indexes start, start + stride, ... below end. */
  start: number;
  stride: number;
  end: number;
  /** Stop after this time (ms since the epoch). */
  deadline: number;
  limits: CaseLimits;
  progress: SharedArrayBuffer;
}

export interface ReplayJob {
  mode: 'replay';
  files: { target: string; path: string }[];
  limits: CaseLimits;
  progress: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'failure'; index: number; target: string; input: Uint8Array; outcome: CaseOutcome; path?: string }
  | { type: 'stats'; perTarget: Record<string, { cases: number; ms: number; maxMs: number }> }
  | { type: 'done'; cases: number; perTarget: Record<string, { cases: number; ms: number; maxMs: number }> };

function main(job: GenerateJob | ReplayJob): void {
  const progress = new Float64Array(job.progress);
  let perTarget: Record<string, { cases: number; ms: number; maxMs: number }> = {};
  let flushed = Date.now();
  // Statistics go out every few seconds, so that a worker terminated on a hang loses little of them.
  const flush = (): void => {
    parentPort!.postMessage({ type: 'stats', perTarget } satisfies WorkerMessage);
    perTarget = {};
    flushed = Date.now();
  };
  const count = (t: FuzzTarget, o: CaseOutcome): void => {
    const s = (perTarget[t.name] ??= { cases: 0, ms: 0, maxMs: 0 });
    s.cases++;
    s.ms += o.ms;
    s.maxMs = Math.max(s.maxMs, o.ms);
  };
  let cases = 0;
  const limits = job.limits ?? DEFAULT_LIMITS;
  if (job.mode === 'replay') {
    job.files.forEach((f, i) => {
      const target = targetByName(f.target)!;
      const input = new Uint8Array(readFileSync(f.path));
      progress[0] = i;
      progress[1] = Date.now();
      const o = runCase(target, input, limits);
      progress[1] = 0;
      progress[2] = ++cases;
      count(target, o);
      if (o.failure) parentPort!.postMessage({ type: 'failure', index: i, target: target.name, input, outcome: o, path: f.path } satisfies WorkerMessage);
    });
  } else {
    const targets = job.targets.map((n) => targetByName(n)!);
    for (let i = job.start; i < job.end; i += job.stride) {
      if ((cases & 63) === 0) {
        const now = Date.now();
        if (now > job.deadline) break;
        if (now - flushed > 2000) flush();
      }
      const target = targets[i % targets.length]!;
      progress[0] = i;
      progress[1] = Date.now();
      const input = caseInput(target, job.seed, i);
      const o = runCase(target, input, limits);
      progress[1] = 0;
      progress[2] = ++cases;
      count(target, o);
      if (o.failure) parentPort!.postMessage({ type: 'failure', index: i, target: target.name, input, outcome: o } satisfies WorkerMessage);
    }
  }
  parentPort!.postMessage({ type: 'done', cases, perTarget } satisfies WorkerMessage);
}

if (parentPort) main(workerData as GenerateJob | ReplayJob);
