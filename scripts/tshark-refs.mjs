// What the reference generators share (make-tshark-refs.mjs, make-rtp-refs.mjs): where captures and references live,
// which captures to run (the ones named on the command line, else every fixture capture), and the tshark version
// recorded in each reference file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(new URL('..', import.meta.url).pathname);
export const capDir = join(root, 'test/fixtures/captures');
export const outDir = join(root, 'test/fixtures/reference');

/** The captures to run, in name order; creates the output folder. */
export function captureFiles(args = process.argv.slice(2)) {
  mkdirSync(outDir, { recursive: true });
  if (args.length) return args.map((f) => resolve(f));
  return readdirSync(capDir)
    .filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f))
    .sort()
    .map((f) => join(capDir, f));
}

/** tshark's version line, e.g. "TShark (Wireshark) 4.0.17 ...". */
export function tsharkVersion() {
  return execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
}
