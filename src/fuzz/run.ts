/**
 * Runs fuzz cases in worker threads and watches them: a case that does not return within the hang limit gets its
 * worker terminated, its input rebuilt here from (seed, target, index) and reported; the worker restarts after it.
 * Failures are grouped by signature (target, kind, message shape, first stack frame) so that one bug hit a thousand
 * times is saved once.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, caseInput, type CaseLimits, type FailureKind } from './case';
import { targetByName } from './targets';
import type { GenerateJob, ReplayJob, WorkerMessage } from './worker';

export interface FuzzFailure {
  target: string;
  index: number;
  kind: FailureKind;
  message: string;
  stack?: string;
  input: Uint8Array;
  /** How many cases hit the same signature. */
  hits: number;
  /** Where the input was saved, if it was. */
  saved?: string;
  /** The replayed file, in replay mode. */
  path?: string;
}

export interface TargetStats {
  cases: number;
  ms: number;
  maxMs: number;
}

export interface FuzzSummary {
  cases: number;
  seconds: number;
  perTarget: Record<string, TargetStats>;
  failures: FuzzFailure[];
}

export interface FuzzOptions {
  targets: string[];
  seed: number;
  /** Stop after this many cases ... */
  cases?: number;
  /** ... or after this many seconds (whichever comes first). */
  seconds?: number;
  jobs?: number;
  /** First case index (to continue a run). */
  start?: number;
  limits?: CaseLimits;
  hangMs?: number;
  /** Save each new failure's input here as <target>-<hash>.bin, with a .txt describing it. */
  saveDir?: string;
  log?: (line: string) => void;
}

const WORKER = join(__dirname, 'worker.js');

/** Groups failures: numbers in messages vary from case to case, the place in the code does not. */
export function signature(f: Pick<FuzzFailure, 'target' | 'kind' | 'message' | 'stack'>): string {
  const frame = (f.stack ?? '')
    .split('\n')
    .slice(1)
    .find((l) => l.includes('/src/') && !l.includes('/src/fuzz/'));
  const where = frame ? frame.replace(/^.*\/src\//, 'src/').replace(/:\d+\)?$/, '') : '';
  const shape = f.kind === 'violation' ? f.message.split(':')[0] : f.message.replace(/\d+/g, 'N').slice(0, 120);
  return `${f.target}|${f.kind}|${shape}|${where}`;
}

export function saveFailure(dir: string, f: FuzzFailure): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(f.input).digest('hex').slice(0, 12);
  const base = join(dir, `${f.target}-${hash}`);
  writeFileSync(`${base}.bin`, f.input);
  writeFileSync(`${base}.txt`, `target: ${f.target}\nkind: ${f.kind}\ncase index: ${f.index}\n\n${f.message}\n\n${f.stack ?? ''}\n`);
  return `${base}.bin`;
}

interface Slice {
  job: GenerateJob | ReplayJob;
  /** Rebuilds the input of case `index` (for hangs and crashes, whose input the worker could not send). */
  inputOf(index: number): { target: string; input: Uint8Array; path?: string };
  /** The job that carries on after case `index`. */
  after(index: number): GenerateJob | ReplayJob | undefined;
}

async function runSlice(slice: Slice, hangMs: number, onFailure: (f: Omit<FuzzFailure, 'hits'>) => void, stats: Record<string, TargetStats>): Promise<number> {
  let job: GenerateJob | ReplayJob | undefined = slice.job;
  let cases = 0;
  while (job) {
    const current: GenerateJob | ReplayJob = job;
    const progress = new Float64Array(current.progress);
    const worker = new Worker(WORKER, { workerData: current, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    job = await new Promise<GenerateJob | ReplayJob | undefined>((resolve) => {
      let settled = false;
      const finish = (next: GenerateJob | ReplayJob | undefined): void => {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        cases += progress[2]!;
        resolve(next);
      };
      const stopAt = (kind: FailureKind, message: string): void => {
        const index = progress[0]!;
        const { target, input, path } = slice.inputOf(index);
        onFailure({ target, index, kind, message, input, ...(path ? { path } : {}) });
        (stats[target] ??= { cases: 0, ms: 0, maxMs: 0 }).cases++;
        void worker.terminate();
        finish(slice.after(index));
      };
      const watch = setInterval(() => {
        const started = progress[1]!;
        if (started > 0 && Date.now() - started > hangMs) stopAt('hang', `the case did not finish within ${hangMs} ms (the worker was terminated)`);
      }, Math.min(250, hangMs / 4));
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'failure') onFailure({ target: m.target, index: m.index, kind: m.outcome.failure!.kind, message: m.outcome.failure!.message, ...(m.outcome.failure!.stack ? { stack: m.outcome.failure!.stack } : {}), input: m.input, ...(m.path ? { path: m.path } : {}) });
        else {
          for (const [name, s] of Object.entries(m.perTarget)) {
            const t = (stats[name] ??= { cases: 0, ms: 0, maxMs: 0 });
            t.cases += s.cases;
            t.ms += s.ms;
            t.maxMs = Math.max(t.maxMs, s.maxMs);
          }
          if (m.type === 'done') finish(undefined);
        }
      });
      worker.on('error', (e: Error & { code?: string }) => stopAt(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', `the worker died: ${e.message}`));
      worker.on('exit', () => finish(undefined));
    });
  }
  return cases;
}

function collector(opts: { saveDir?: string; log?: (line: string) => void }): { failures: FuzzFailure[]; add: (f: Omit<FuzzFailure, 'hits'>) => void } {
  const bySig = new Map<string, FuzzFailure>();
  const failures: FuzzFailure[] = [];
  return {
    failures,
    add(f) {
      const sig = signature(f);
      const known = bySig.get(sig);
      if (known && !f.path) {
        known.hits++;
        return;
      }
      const full: FuzzFailure = { ...f, hits: 1 };
      if (opts.saveDir && !f.path) full.saved = saveFailure(opts.saveDir, full);
      bySig.set(sig, full);
      failures.push(full);
      opts.log?.(`FAIL ${f.target} case ${f.index} (${f.kind}): ${f.message.split('\n')[0]}${full.saved ? ` -> ${full.saved}` : ''}${f.path ? ` [${f.path}]` : ''}`);
    },
  };
}

/** Runs cases of the given targets for a number of cases or seconds. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const targets = opts.targets.map((n) => targetByName(n)!);
  const jobs = Math.max(1, opts.jobs ?? 1);
  const start = opts.start ?? 0;
  const end = opts.cases !== undefined ? start + opts.cases : Number.MAX_SAFE_INTEGER;
  const deadline = opts.seconds !== undefined ? Date.now() + opts.seconds * 1000 : Number.MAX_SAFE_INTEGER;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const hangMs = opts.hangMs ?? 10000;
  const { failures, add } = collector(opts);
  const stats: Record<string, TargetStats> = {};
  const t0 = Date.now();
  const make = (from: number): GenerateJob => ({ mode: 'generate', targets: opts.targets, seed: opts.seed, start: from, stride: jobs, end, deadline, limits, progress: new SharedArrayBuffer(24) });
  const counts = await Promise.all(
    Array.from({ length: jobs }, (_, k) =>
      runSlice(
        {
          job: make(start + k),
          inputOf: (i) => {
            const t = targets[i % targets.length]!;
            return { target: t.name, input: caseInput(t, opts.seed, i) };
          },
          after: (i) => (i + jobs < end && Date.now() < deadline ? make(i + jobs) : undefined),
        },
        hangMs,
        add,
        stats,
      ),
    ),
  );
  return { cases: counts.reduce((a, b) => a + b, 0), seconds: (Date.now() - t0) / 1000, perTarget: stats, failures };
}

/** Replays saved inputs (file name <target>-<hash>.bin) under the same watch. */
export async function replayFiles(files: { target: string; path: string }[], opts: { limits?: CaseLimits; hangMs?: number; log?: (line: string) => void } = {}): Promise<FuzzSummary> {
  const { failures, add } = collector({ ...(opts.log ? { log: opts.log } : {}) });
  const stats: Record<string, TargetStats> = {};
  const t0 = Date.now();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const make = (from: number): ReplayJob | undefined => (from < files.length ? { mode: 'replay', files: files.slice(from), limits, progress: new SharedArrayBuffer(24) } : undefined);
  let offset = 0;
  const cases = await runSlice(
    {
      job: make(0)!,
      inputOf: (i) => {
        const f = files[offset + i]!;
        return { target: f.target, input: new Uint8Array(readFileSync(f.path)), path: f.path };
      },
      after: (i) => {
        offset += i + 1;
        return make(offset);
      },
    },
    opts.hangMs ?? 10000,
    add,
    stats,
  );
  return { cases, seconds: (Date.now() - t0) / 1000, perTarget: stats, failures };
}
