/**
 * The CI share of fuzzing: a fixed seed and a fixed number of cases per target (about 10 s on one core), in a
 * worker under the hang watch. Reproduce a failure with
 *   node out/src/fuzz/main.js --seed 20261125 --target NAME --start INDEX --cases 1
 * (its input is also saved to the temporary directory named in the message).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runFuzz } from '../../../src/fuzz/run';
import { TARGETS } from '../../../src/fuzz/targets';
import { knownOpen } from './known-open';

export const CI_SEED = 20261125;
const CASES_PER_TARGET = 600;

test(`bounded fuzz run: ${CASES_PER_TARGET} cases per target, seed ${CI_SEED}`, { timeout: 120000 }, async (t) => {
  const saveDir = mkdtempSync(join(tmpdir(), 'sccp-fuzz-'));
  const summary = await runFuzz({
    targets: TARGETS.map((x) => x.name),
    seed: CI_SEED,
    cases: CASES_PER_TARGET * TARGETS.length,
    jobs: 1,
    hangMs: 20000,
    // Generous: CI machines are shared; a real blow-up is orders of magnitude past these.
    limits: { slowMs: 5000, memoryBytes: 192 * 1024 * 1024 },
    saveDir,
  });
  t.diagnostic(`${summary.cases} cases in ${summary.seconds.toFixed(1)} s`);
  if (summary.failures.length === 0) rmSync(saveDir, { recursive: true, force: true });
  assert.ok(summary.cases >= CASES_PER_TARGET * TARGETS.length - summary.failures.filter((f) => f.kind === 'hang' || f.kind === 'crash').length, `${summary.cases} cases ran`);
  for (const target of TARGETS) {
    const failures = summary.failures.filter((f) => f.target === target.name);
    const open = failures.filter((f) => knownOpen(f.target, f.message));
    const real = failures.filter((f) => !knownOpen(f.target, f.message));
    await t.test(target.name, open.length > 0 && real.length === 0 ? { todo: `known open: ${open.map((f) => `${f.message.split('\n')[0].slice(0, 120)} (x${f.hits})`).join('; ')}` } : {}, () => {
      const s = summary.perTarget[target.name];
      assert.ok(s === undefined || s.cases > 0);
      assert.deepEqual(
        [...real, ...open].map((f) => `case ${f.index} ${f.kind} x${f.hits}: ${f.message.split('\n')[0]} [saved ${f.saved}]\n${f.stack ?? ''}`),
        [],
      );
    });
  }
});
