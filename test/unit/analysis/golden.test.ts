/**
 * Golden calls documents: every shared capture's `sccp-dissect calls` export and `stats` text, regenerated and
 * compared byte for byte with test/fixtures/golden/. Each golden was checked by hand against the decoded messages
 * (test/fixtures/golden/README.md says how, capture by capture). After a deliberate change, regenerate them with
 * `UPDATE_GOLDEN=1 npm test` (or `npx tsc -p . && UPDATE_GOLDEN=1 node --test out/test/unit/analysis/golden.test.js`)
 * and review the diff as carefully as the first time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCaptureFile, callsJson } from '../../../src/core/export/calls-json';
import { statsText } from '../../../src/cli/stats';
import { CAPTURES, captureNames, GOLDEN } from './fixtures';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function compare(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${file} has no golden: run with UPDATE_GOLDEN=1 and check it by hand`);
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  // Show the first differing line rather than two whole documents.
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && a[i] === e[i]) i++;
  assert.fail(`${file} differs from its golden at line ${i + 1}:\n  golden: ${e[i]}\n  now:    ${a[i]}\n(UPDATE_GOLDEN=1 regenerates it)`);
}

for (const name of captureNames()) {
  test(`golden: ${name}`, async () => {
    const doc = await analyzeCaptureFile(join(CAPTURES, name));
    compare(`${name}.calls.json`, callsJson(doc));
    compare(`${name}.stats.txt`, statsText(doc));
  });
}
