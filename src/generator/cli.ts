#!/usr/bin/env node
/**
 * node out/src/generator/cli.js --size 100M --seed 1 --out bench-data/calls-100M.pcap
 * Writes a synthetic capture of SCCP calls with RTP and prints a JSON summary (counts of what it holds) to stdout.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATOR_DEFAULTS, generateCapture } from './generate';

const USAGE = `usage: node out/src/generator/cli.js --size SIZE --out FILE [options]
  --size SIZE          approximate size: bytes, or with K, M, G (powers of 1024), e.g. 100M
  --out FILE           where to write (the folder is created)
  --seed N             seed of the random choices (default ${GENERATOR_DEFAULTS.seed}); same seed, same file
  --format pcap|pcapng (default pcap)
  --stations N         phones (default ${GENERATOR_DEFAULTS.stations})
  --concurrent N       calls up at once on average (default ${GENERATOR_DEFAULTS.concurrentCalls})
  --hold S             mean talk time of a call in seconds (default ${GENERATOR_DEFAULTS.meanHoldSeconds})
  --keepalive S        keepalive interval in seconds (default ${GENERATOR_DEFAULTS.keepAliveSeconds})
  --split P            share of TCP bursts cut at a random point (default ${GENERATOR_DEFAULTS.splitProbability})
  --retransmit P       share of TCP data segments retransmitted (default ${GENERATOR_DEFAULTS.retransmitProbability})
  --no-checksums       leave TCP/UDP checksums zero (as with checksum offload)
`;

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  if (!m) throw new Error(`cannot read size '${text}'`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        size: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        stations: { type: 'string' },
        concurrent: { type: 'string' },
        hold: { type: 'string' },
        keepalive: { type: 'string' },
        split: { type: 'string' },
        retransmit: { type: 'string' },
        'no-checksums': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.size || !values.out) {
    process.stderr.write(USAGE);
    return 2;
  }
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const format = values.format ?? 'pcap';
  if (format !== 'pcap' && format !== 'pcapng') {
    process.stderr.write(`--format takes pcap or pcapng\n`);
    return 2;
  }
  let sizeBytes: number;
  try {
    sizeBytes = parseSize(values.size);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    mkdirSync(dirname(values.out), { recursive: true });
    const summary = generateCapture({
      out: values.out,
      sizeBytes,
      seed: num(values.seed),
      format,
      stations: num(values.stations),
      concurrentCalls: num(values.concurrent),
      meanHoldSeconds: num(values.hold),
      keepAliveSeconds: num(values.keepalive),
      splitProbability: num(values.split),
      retransmitProbability: num(values.retransmit),
      checksums: values['no-checksums'] ? false : undefined,
    });
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`generator: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
