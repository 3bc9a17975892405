import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '../../../..');

describe('benchmark script (smoke run: shape of the results only, no timing asserted)', () => {
  it('builds its input, runs every measurement and reports each target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sccp-bench-smoke-'));
    try {
      const json = join(dir, 'results.json');
      const r = spawnSync(process.execPath, [join(root, 'bench/run.mjs'), '--sizes', '256K', '--runs', '1', '--no-tshark', '--data-dir', dir, '--json', json], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(readFileSync(json, 'utf8'));
      assert.equal(out.results.length, 1);
      const res = out.results[0];
      assert.ok(res.packets > 0 && res.sccpMessages > 0);
      assert.deepEqual(Object.keys(res.medians).sort(), ['calls', 'cat', 'decode', 'pcap-parser', 'reader (ours)']);
      for (const m of Object.values(res.medians) as { seconds: number }[]) assert.equal(typeof m.seconds, 'number');
      const targets = out.checks.map((c: { what: string }) => c.what);
      for (const t of ['decode speed vs cat', 'calls time / decode time', 'reader speed vs pcap-parser']) assert.ok(targets.includes(`256K: ${t}`), t);
      assert.match(r.stdout, /target +wall +cpu/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
