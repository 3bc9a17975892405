/** The shared capture fixtures, their golden calls documents and their tshark RTP references. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
export const CAPTURES = join(ROOT, 'test/fixtures/captures');
export const GOLDEN = join(ROOT, 'test/fixtures/golden');
export const REFERENCE = join(ROOT, 'test/fixtures/reference');
export const SCHEMA = join(ROOT, 'schema');
export const CLI = join(ROOT, 'out/src/cli/main.js');

/** Every capture fixture, by file name, in a stable order. */
export function captureNames(): string[] {
  return readdirSync(CAPTURES)
    .filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f))
    .sort();
}

/** One stream of `tshark -z rtp,streams`, as scripts/make-rtp-refs.mjs wrote it. */
export interface TsharkRtpStream {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  ssrc: string;
  payload: string;
  packets: number;
  lost: number;
  maxJitterMs: number;
}

export function tsharkRtpStreams(capture: string): TsharkRtpStream[] {
  return (JSON.parse(readFileSync(join(REFERENCE, `${capture}.rtp-streams.json`), 'utf8')) as { streams: TsharkRtpStream[] }).streams;
}
