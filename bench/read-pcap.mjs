#!/usr/bin/env node
// Reads a classic pcap file with one reader and prints what it saw, for bench/run.mjs to time:
//   node bench/read-pcap.mjs ours FILE         our capture reader (src/core/capture)
//   node bench/read-pcap.mjs pcap-parser FILE  the pcap-parser package
// Both touch every packet's bytes the same way (length and last byte), so neither is timed doing nothing.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [reader, file] = process.argv.slice(2);
let packets = 0;
let bytes = 0;
let check = 0;
const seen = (data) => {
  packets++;
  bytes += data.length;
  check = (check + data[data.length - 1]) | 0;
};
const done = () => console.log(JSON.stringify({ reader, packets, bytes, check }));

if (reader === 'ours') {
  // BENCH_BUILD: the compiled tree bench/run.mjs measures (default out/).
  const { readCaptureFile } = require(join(process.env.BENCH_BUILD ?? join(root, 'out'), 'src/core/capture/index.js'));
  await readCaptureFile(file, { packet: (p) => seen(p.data), problem: () => {} });
  done();
} else if (reader === 'pcap-parser') {
  const pcapp = require('pcap-parser');
  const parser = pcapp.parse(file);
  parser.on('packet', (p) => seen(p.data));
  parser.on('end', done);
} else {
  console.error('usage: node bench/read-pcap.mjs ours|pcap-parser FILE');
  process.exit(2);
}
