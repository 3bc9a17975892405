/**
 * `npm run fuzz -- --cases N | --seconds S [--target NAME[,NAME]] [--seed S] [--jobs J] [--start I] [--no-save]
 *  [--replay FILE...] [--list]`
 * Runs fuzz cases (all targets in turn unless --target), prints the rate and failures, and saves each new failing
 * input under test/fixtures/fuzz/<target>-<hash>.bin (test/unit/fuzz/regressions.test.ts replays them). Exit status
 * 1 when anything failed.
 */
import { basename, join } from 'node:path';
import { repoRoot } from './corpus';
import { DEFAULT_LIMITS } from './case';
import { replayFiles, runFuzz, type FuzzSummary } from './run';
import { TARGETS, targetByName } from './targets';

const USAGE = `usage: npm run fuzz -- (--cases N | --seconds S) [--target NAME[,NAME...]] [--seed S] [--jobs J] [--start I]
                         [--slow-ms MS] [--hang-ms MS] [--no-save]
       npm run fuzz -- --replay FILE.bin...
       npm run fuzz -- --list`;

function fail(msg: string): never {
  process.stderr.write(`${msg}\n${USAGE}\n`);
  process.exit(2);
}

function report(s: FuzzSummary): void {
  const rate = s.cases / Math.max(s.seconds, 0.001);
  process.stdout.write(`\n${s.cases} cases in ${s.seconds.toFixed(1)} s: ${rate.toFixed(0)} cases/s (${((1e6 / rate) / 60).toFixed(1)} min per million)\n`);
  for (const [name, t] of Object.entries(s.perTarget).sort()) {
    process.stdout.write(`  ${name.padEnd(14)} ${String(t.cases).padStart(9)} cases  mean ${(t.ms / Math.max(1, t.cases)).toFixed(2)} ms  max ${t.maxMs.toFixed(0)} ms\n`);
  }
  process.stdout.write(s.failures.length === 0 ? 'no failures\n' : `${s.failures.length} distinct failure(s):\n`);
  for (const f of s.failures) process.stdout.write(`  ${f.target} ${f.kind} x${f.hits}: ${f.message.split('\n')[0]}${f.saved ? `\n    saved ${f.saved}` : ''}\n`);
}

async function main(argv: string[]): Promise<number> {
  let cases: number | undefined;
  let seconds: number | undefined;
  let targets = TARGETS.map((t) => t.name);
  let seed = 1;
  let jobs = 1;
  let start = 0;
  let save = true;
  let slowMs = DEFAULT_LIMITS.slowMs;
  let hangMs = 10000;
  const replay: string[] = [];
  const num = (v: string | undefined, name: string): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) fail(`${name} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--cases') cases = Math.floor(num(argv[++i], a));
    else if (a === '--seconds') seconds = num(argv[++i], a);
    else if (a === '--seed') seed = Math.floor(num(argv[++i], a));
    else if (a === '--jobs') jobs = Math.max(1, Math.floor(num(argv[++i], a)));
    else if (a === '--start') start = Math.floor(num(argv[++i], a));
    else if (a === '--slow-ms') slowMs = num(argv[++i], a);
    else if (a === '--hang-ms') hangMs = num(argv[++i], a);
    else if (a === '--no-save') save = false;
    else if (a === '--target') {
      targets = (argv[++i] ?? '').split(',').filter(Boolean);
      for (const t of targets) if (!targetByName(t)) fail(`unknown target ${t}; --list shows them`);
    } else if (a === '--replay') while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) replay.push(argv[++i]!);
    else if (a === '--list') {
      for (const t of TARGETS) process.stdout.write(`${t.name.padEnd(14)} ${t.description}\n`);
      return 0;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else fail(`unknown option ${a}`);
  }
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  if (replay.length > 0) {
    const files = replay.map((p) => {
      const target = basename(p).replace(/-[0-9a-f]+\.bin$/, '');
      if (!targetByName(target)) fail(`${p}: the name does not start with a target name`);
      return { target, path: p };
    });
    const s = await replayFiles(files, { limits: { ...DEFAULT_LIMITS, slowMs }, hangMs, log });
    report(s);
    return s.failures.length > 0 ? 1 : 0;
  }
  if (cases === undefined && seconds === undefined) fail('say how long: --cases N or --seconds S');
  process.stdout.write(`fuzzing ${targets.join(', ')} with seed ${seed}, ${jobs} worker(s)${cases !== undefined ? `, ${cases} cases` : ''}${seconds !== undefined ? `, ${seconds} s` : ''}\n`);
  const s = await runFuzz({
    targets,
    seed,
    jobs,
    start,
    limits: { ...DEFAULT_LIMITS, slowMs },
    hangMs,
    log,
    ...(cases !== undefined ? { cases } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
    ...(save ? { saveDir: join(repoRoot(), 'test', 'fixtures', 'fuzz') } : {}),
  });
  report(s);
  return s.failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
