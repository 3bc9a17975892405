#!/usr/bin/env node
// npm run bench [-- options]: builds synthetic captures with the generator, times our CLI, tshark and pcap-parser on
// them (median of several runs, interleaved), measures peak resident memory of each child, and prints the medians
// and the ratios issue 6 sets as targets. See the README, "Benchmarks and synthetic captures".
//
//   --quick            small inputs (4 MB and 16 MB) for a smoke run
//   --sizes 100M,1G    input sizes (default 100M,1G)
//   --runs N           runs per measurement (default 3; the median is reported)
//   --no-tshark        skip tshark even when it is installed
//   --data-dir DIR     where inputs are kept (default bench-data/, gitignored); an input is reused when its
//                      generator summary (same size, seed) is there
//   --json FILE        also write the results as JSON
//   --build DIR        the compiled tree to measure (default out/), e.g. a copy with an experiment applied
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    'no-tshark': { type: 'boolean' },
    'data-dir': { type: 'string' },
    json: { type: 'string' },
    build: { type: 'string' },
  },
});
const sizes = (args.sizes ?? process.env.BENCH_SIZES ?? (args.quick ? '4M,16M' : '100M,1G')).split(',').map((s) => s.trim());
const runs = Math.max(1, Number(args.runs ?? process.env.BENCH_RUNS ?? 3));
const dataDir = resolve(args['data-dir'] ?? join(root, 'bench-data'));
const SEED = 1;
const node = process.execPath;
const build = resolve(args.build ?? join(root, 'out'));
const cli = join(build, 'src/cli/main.js');
const generator = join(root, 'out/src/generator/cli.js');
const readPcap = join(root, 'bench/read-pcap.mjs');
const editorIndex = join(root, 'bench/editor-index.mjs');
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const tshark = args['no-tshark'] ? undefined : which('tshark');

for (const f of [cli, generator]) {
  if (!existsSync(f)) fail(`${f} is missing: run \`npm run build\` first`);
}
mkdirSync(dataDir, { recursive: true });

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Builds (or reuses) the input of this size; returns its path and generator summary. */
function input(size) {
  const file = join(dataDir, `calls-${size}.pcap`);
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta)) {
    const summary = JSON.parse(readFileSync(meta, 'utf8'));
    if (summary.seed === SEED && summary.sizeArg === size && statSync(file).size === summary.bytes) return { file, summary };
  }
  process.stderr.write(`generating ${file} ...\n`);
  const r = spawnSync(node, [generator, '--size', size, '--seed', String(SEED), '--out', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) fail(`generator failed: ${r.stderr}`);
  const summary = { ...JSON.parse(r.stdout), sizeArg: size };
  writeFileSync(meta, `${JSON.stringify(summary, null, 2)}\n`);
  return { file, summary };
}

/**
 * Runs a command once with stdout to /dev/null; returns wall seconds, and from /usr/bin/time (when that tool is
 * there) the child's peak RSS in MB and its CPU seconds (user + system: less disturbed than wall time when other
 * work shares the machine).
 */
function measure(cmd, argv) {
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}`);
  const full = timeBin ? [timeBin, ['-f', '%M %U %S', '-o', rssFile, cmd, ...argv]] : [cmd, argv];
  const devnull = openSync('/dev/null', 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { stdio: ['ignore', devnull, 'pipe'], maxBuffer: 64 << 20, env: { ...process.env, BENCH_BUILD: build } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(devnull);
  // Exit status 1 from our CLI means "problems found", which is still a complete run.
  if (r.status !== 0 && r.status !== 1) fail(`${cmd} ${argv.join(' ')} exited with ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  let rssMb = null;
  let cpuSeconds = null;
  if (timeBin && existsSync(rssFile)) {
    const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    if (Number.isFinite(kb)) rssMb = kb / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
    rmSync(rssFile, { force: true });
  }
  return { seconds, rssMb, cpuSeconds };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const commands = (file) => {
  const list = [
    ['cat', 'cat', [file]],
    ['decode', node, [cli, 'decode', '--format', 'ndjson', file]],
    ['calls', node, [cli, 'calls', file]],
    ['reader (ours)', node, [readPcap, 'ours', file]],
    ['pcap-parser', node, [readPcap, 'pcap-parser', file]],
  ];
  if (tshark) list.push(['tshark', tshark, ['-n', '-r', file, '-Y', 'skinny', '-T', 'fields', '-e', 'skinny.messageId']]);
  return list;
};

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  tshark: tshark ? spawnSync(tshark, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null,
  date: new Date().toISOString(),
  loadAverageBefore: loadavg().map((x) => Number(x.toFixed(2))),
  loadAverageAfter: null,
};
console.log(`machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb} GB, node ${machine.node}${machine.tshark ? `, ${machine.tshark}` : ', no tshark'}`);
console.log(`build measured: ${build}`);
console.log(`runs per measurement: ${runs} (median reported)\n`);

const results = [];
for (const size of sizes) {
  const { file, summary } = input(size);
  const list = commands(file);
  const samples = Object.fromEntries(list.map(([name]) => [name, []]));
  // Interleaved rounds, so that a slow spell of the machine does not fall on one command only.
  for (let round = 0; round < runs; round++) {
    for (const [name, cmd, argv] of list) samples[name].push(measure(cmd, argv));
  }
  const medians = {};
  for (const [name, xs] of Object.entries(samples)) {
    const rss = xs.map((x) => x.rssMb).filter((x) => x !== null);
    const cpu = xs.map((x) => x.cpuSeconds).filter((x) => x !== null);
    medians[name] = {
      seconds: median(xs.map((x) => x.seconds)),
      cpuSeconds: cpu.length ? median(cpu) : null,
      rssMb: rss.length ? Math.max(...rss) : null,
      all: xs.map((x) => x.seconds),
    };
  }
  // The editor's index: what the extension host keeps per frame (one run: it is a count of bytes, not a time).
  const ix = spawnSync(node, ['--expose-gc', editorIndex, file], { encoding: 'utf8', env: { ...process.env, BENCH_BUILD: build } });
  const index = ix.status === 0 ? JSON.parse(ix.stdout) : null;
  results.push({ size, file, bytes: summary.bytes, packets: summary.packets, sccpMessages: summary.sccpMessages, calls: summary.calls, medians, index });
  console.log(`${size}: ${(summary.bytes / 2 ** 20).toFixed(1)} MiB, ${summary.packets} packets, ${summary.sccpMessages} SCCP messages, ${summary.calls} calls`);
  console.log('  command          median s    MB/s   median CPU s   peak RSS MB   runs (s)');
  for (const [name, m] of Object.entries(medians)) {
    const mbps = summary.bytes / 2 ** 20 / m.seconds;
    console.log(
      `  ${name.padEnd(15)} ${m.seconds.toFixed(3).padStart(9)} ${mbps.toFixed(0).padStart(7)} ${(m.cpuSeconds === null ? '-' : m.cpuSeconds.toFixed(2)).padStart(14)} ${(m.rssMb === null ? '-' : m.rssMb.toFixed(0)).padStart(13)}   ${m.all.map((s) => s.toFixed(2)).join(' ')}`,
    );
  }
  if (index) console.log(`  editor index: ${index.bytesPerMessage} bytes per SCCP message, ${index.bytesPerFrame} bytes per frame (bench/editor-index.mjs)`);
  else console.log(`  editor index: not measured (${ix.stderr.trim().split('\n').pop()})`);
  console.log('');
}

/**
 * The targets of issue 6, as ratios measured in this run: on wall time (what the issue asks), and on CPU time
 * (user + system of the child) as a check that is less sensitive to other load on the machine.
 */
const checks = [];
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
const check = (what, wall, cpu, target, ok) => checks.push({ what, wall, cpu, target, met: wall !== null && ok(wall), metOnCpu: cpu !== null && ok(cpu) });
for (const r of results) {
  const m = r.medians;
  const both = (a, b, f) => [f(m[a].seconds, m[b].seconds), f(m[a].cpuSeconds, m[b].cpuSeconds)];
  if (m.tshark) check(`${r.size}: decode speed vs tshark`, ...both('tshark', 'decode', ratio), '>= 20', (x) => x >= 20);
  check(`${r.size}: decode speed vs cat`, ...both('cat', 'decode', ratio), '>= 0.25', (x) => x >= 0.25);
  check(`${r.size}: calls time / decode time`, ...both('calls', 'decode', ratio), '<= 1.5', (x) => x <= 1.5);
  check(`${r.size}: reader speed vs pcap-parser`, ...both('pcap-parser', 'reader (ours)', ratio), '>= 1', (x) => x >= 1);
  if (r.index) check(`${r.size}: editor index bytes per frame`, r.index.bytesPerFrame, null, '<= 16', (x) => x <= 16);
  for (const cmd of ['decode', 'calls']) {
    if (m[cmd].rssMb !== null) check(`${r.size}: ${cmd} peak RSS (MB)`, m[cmd].rssMb, null, '< 150', (x) => x < 150);
  }
}
if (results.length >= 2) {
  const [small, large] = [results[0], results[results.length - 1]];
  for (const cmd of ['decode', 'calls']) {
    const a = small.medians[cmd].rssMb;
    const b = large.medians[cmd].rssMb;
    // Flat: the larger input may cost no more than 10% (or 10 MB, whichever is more) over the smaller one.
    if (a !== null && b !== null) check(`${cmd} peak RSS ${large.size} / ${small.size}`, b / a, null, '<= 1.1 (flat)', () => b <= Math.max(a * 1.1, a + 10));
  }
}
const fmt = (x) => (x === null ? '-' : x.toFixed(2));
console.log('target                                    wall     cpu   target          met (wall / cpu)');
for (const c of checks) {
  console.log(`${c.what.padEnd(40)} ${fmt(c.wall).padStart(6)} ${fmt(c.cpu).padStart(7)}   ${c.target.padEnd(15)} ${c.met ? 'yes' : 'NO'}${c.cpu === null ? '' : ` / ${c.metOnCpu ? 'yes' : 'NO'}`}`);
}
machine.loadAverageAfter = loadavg().map((x) => Number(x.toFixed(2)));
console.log(`\nload average before ${machine.loadAverageBefore.join(' ')}, after ${machine.loadAverageAfter.join(' ')}`);

if (args.json) writeFileSync(args.json, `${JSON.stringify({ machine, build, runs, results, checks }, null, 2)}\n`);
