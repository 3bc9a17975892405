#!/usr/bin/env node
// Makes the committed tshark reference for the generator test (test/unit/generator/tshark-counts.json): generates
// the small capture the test generates, runs the reference tshark over it and records how many SCCP messages of each
// ID tshark finds, with the capture's SHA-256 (so the test can tell when the generator changed and this must be re-run).
// usage: npm run build && node bench/make-tshark-ref.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { generateCapture } = require(join(root, 'out/src/generator/generate.js'));
const { TSHARK_REF_OPTIONS } = require(join(root, 'out/test/unit/generator/ref-options.js'));

const dir = mkdtempSync(join(tmpdir(), 'sccp-gen-ref-'));
try {
  const file = join(dir, 'ref.pcap');
  const summary = generateCapture({ ...TSHARK_REF_OPTIONS, out: file });
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const version = execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const out = execFileSync('tshark', ['-n', '-r', file, '-Y', 'skinny', '-T', 'fields', '-e', 'skinny.messageId'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const byId = {};
  let total = 0;
  for (const line of out.split('\n')) {
    if (!line) continue;
    for (const v of line.split(',')) {
      const id = Number(v);
      byId[`0x${id.toString(16).padStart(4, '0')}`] = (byId[`0x${id.toString(16).padStart(4, '0')}`] ?? 0) + 1;
      total++;
    }
  }
  const ref = {
    note: 'Made by bench/make-tshark-ref.mjs: SCCP messages tshark finds in the generator capture of these options.',
    tshark: version,
    command: 'tshark -n -r FILE -Y skinny -T fields -e skinny.messageId',
    options: TSHARK_REF_OPTIONS,
    sha256,
    generatorCount: summary.sccpMessages,
    total,
    byId: Object.fromEntries(Object.entries(byId).sort()),
  };
  const target = join(root, 'test/unit/generator/tshark-counts.json');
  writeFileSync(target, `${JSON.stringify(ref, null, 2)}\n`);
  console.log(`${target}: tshark ${total} messages, generator ${summary.sccpMessages}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
