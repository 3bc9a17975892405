#!/usr/bin/env node
// Turns tshark's RTP stream statistics (`tshark -z rtp,streams`) for each capture fixture into a committed reference
// file, so the test that checks our observed RTP against tshark's runs without tshark. RTP is found as tshark finds
// it: the conversations the skinny dissector sets up from the media messages, plus its RTP heuristic (media of calls
// whose signalling the capture does not hold), the same heuristic our analyzer applies to every UDP datagram.
//
//   node scripts/make-rtp-refs.mjs [capture ...]     (default: every file in test/fixtures/captures/)
//
// Needs tshark (Debian package `tshark`); the output goes to test/fixtures/reference/<capture>.rtp-streams.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { captureFiles, outDir, tsharkVersion } from './tshark-refs.mjs';

const files = captureFiles();
const version = tsharkVersion();
const ARGS = ['-n', '-q', '-o', 'rtp.heuristic_rtp:TRUE', '-z', 'rtp,streams'];

// One row of the table: start end src sport dst dport ssrc payload pkts lost (pct%) minΔ meanΔ maxΔ minJ meanJ maxJ [X]
const ROW =
  /^\s*([\d.]+)\s+([\d.]+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+(.+?)\s+(\d+)\s+(-?\d+)\s+\((-?[\d.]+)%\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*(X?)\s*$/;

function streamsOf(file) {
  const text = execFileSync('tshark', ['-r', file, ...ARGS], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const streams = [];
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    streams.push({
      src: m[3],
      srcPort: Number(m[4]),
      dst: m[5],
      dstPort: Number(m[6]),
      ssrc: `0x${m[7].slice(2).toUpperCase().padStart(8, '0')}`,
      payload: m[8].trim(),
      packets: Number(m[9]),
      lost: Number(m[10]),
      lossPercent: Number(m[11]),
      startSeconds: Number(m[1]),
      endSeconds: Number(m[2]),
      maxDeltaMs: Number(m[14]),
      meanJitterMs: Number(m[16]),
      maxJitterMs: Number(m[17]),
      problems: m[18] === 'X',
    });
  }
  // tshark lists streams in its own order; ours is by addresses and SSRC so the file diffs cleanly.
  const key = (s) => `${s.src}|${String(s.srcPort).padStart(5, '0')}|${s.dst}|${String(s.dstPort).padStart(5, '0')}|${s.ssrc}`;
  return streams.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

for (const file of files) {
  const streams = streamsOf(file);
  const out = {
    capture: basename(file),
    generator: `${version}: tshark -n -q -r FILE ${ARGS.join(' ')}`,
    streams,
  };
  const path = join(outDir, `${basename(file)}.rtp-streams.json`);
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${basename(file)}: ${streams.length} RTP stream(s)`);
}
