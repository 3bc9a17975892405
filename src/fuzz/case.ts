/**
 * One case: build its input (deterministically from the run seed, the target and the case index) and run it with
 * its time and memory measured. A hang cannot be stopped from inside; the runner's watchdog does that.
 */
import { getHeapStatistics } from 'node:v8';
import { loadCorpus } from './corpus';
import { Violation } from './invariants';
import { FuzzRng, caseSeed } from './rng';
import type { FuzzTarget } from './target';

export interface CaseLimits {
  /** A case slower than this is a failure ('slow'). */
  slowMs: number;
  /** Growth of heap + external memory, or of the process's peak RSS, during one case above this is a failure. */
  memoryBytes: number;
}

export const DEFAULT_LIMITS: CaseLimits = { slowMs: 2000, memoryBytes: 128 * 1024 * 1024 };

export type FailureKind = 'exception' | 'violation' | 'slow' | 'memory' | 'hang' | 'crash';

export interface CaseOutcome {
  failure?: { kind: FailureKind; message: string; stack?: string };
  ms: number;
}

const seedCache = new Map<string, readonly Uint8Array[]>();

function seedsOf(target: FuzzTarget): readonly Uint8Array[] {
  let s = seedCache.get(target.name);
  if (!s) {
    s = target.seeds(loadCorpus());
    seedCache.set(target.name, s);
  }
  return s;
}

/** The input of case `index` of a run with `seed`: a mutated seed, a property-based one, or (rarely) a seed as is. */
export function caseInput(target: FuzzTarget, seed: number, index: number): Uint8Array {
  const rng = new FuzzRng(caseSeed(seed, target.name, index));
  const seeds = seedsOf(target);
  if (target.generate && rng.chance(0.15)) return target.generate(rng.u32() | 0);
  const base = seeds.length > 0 ? rng.pick(seeds) : new Uint8Array(0);
  if (rng.chance(0.01)) return base.slice();
  const other = seeds.length > 0 ? rng.pick(seeds) : base;
  return target.mutate(rng, base, other);
}

function memoryNow(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

export function runCase(target: FuzzTarget, input: Uint8Array, limits: CaseLimits = DEFAULT_LIMITS): CaseOutcome {
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const memBefore = memoryNow();
  const t0 = performance.now();
  let failure: CaseOutcome['failure'];
  try {
    target.run(input);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    failure = { kind: e instanceof Violation ? 'violation' : 'exception', message: err.message, stack: err.stack ?? '' };
  }
  const ms = performance.now() - t0;
  if (!failure) {
    const grew = Math.max(memoryNow() - memBefore, process.resourceUsage().maxRSS * 1024 - rssBefore);
    if (grew > limits.memoryBytes) failure = { kind: 'memory', message: `memory grew by ${Math.round(grew / 1048576)} MiB during one case of ${input.length} bytes` };
    else if (ms > limits.slowMs) failure = { kind: 'slow', message: `the case took ${Math.round(ms)} ms (limit ${limits.slowMs} ms) for ${input.length} bytes` };
  }
  return failure ? { failure, ms } : { ms };
}
