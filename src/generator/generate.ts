/**
 * Writes a synthetic capture of SCCP calls with their RTP to a file, streaming (constant memory whatever the size).
 * Usable from the benchmark, the tests and the command line (cli.ts).
 */
import { openCaptureWriter, type CaptureFileFormat } from './capture-writer';
import { Emitter } from './emitter';
import { Scenario, type ScenarioCounts } from './scenario';

export interface GenerateOptions {
  /** Where to write the capture. */
  out: string;
  /** Approximate size: calls are wound down once this many bytes are written (the file ends a little later). */
  sizeBytes: number;
  seed?: number;
  format?: CaptureFileFormat;
  stations?: number;
  concurrentCalls?: number;
  meanHoldSeconds?: number;
  keepAliveSeconds?: number;
  answerProbability?: number;
  /** Compute TCP and UDP checksums (default true); false leaves them zero, as checksum offload does. */
  checksums?: boolean;
  /** Share of TCP bursts cut at a random point, so that a message is split across segments (default 0.15). */
  splitProbability?: number;
  /** Share of TCP data segments sent twice (default 0.003). */
  retransmitProbability?: number;
  /** Capture start in seconds since the epoch (default 2024-03-11 09:00:00 UTC). */
  startTime?: number;
}

export interface GenerateSummary extends ScenarioCounts {
  file: string;
  format: CaptureFileFormat;
  bytes: number;
  packets: number;
  seed: number;
}

export const GENERATOR_DEFAULTS = {
  seed: 1,
  format: 'pcap' as CaptureFileFormat,
  stations: 40,
  concurrentCalls: 16,
  meanHoldSeconds: 30,
  keepAliveSeconds: 30,
  answerProbability: 0.9,
  checksums: true,
  splitProbability: 0.15,
  retransmitProbability: 0.003,
  startTime: 1710147600,
};

export function generateCapture(opts: GenerateOptions): GenerateSummary {
  const o: typeof GENERATOR_DEFAULTS & GenerateOptions = { ...GENERATOR_DEFAULTS, ...definedOnly(opts), out: opts.out, sizeBytes: opts.sizeBytes };
  // Bad values could make the simulation spin without ever writing (a keepalive every 0 s, no stations): refuse them.
  const positive = (name: string, v: number, min: number) => {
    if (!Number.isFinite(v) || v < min) throw new RangeError(`${name} must be a number of at least ${min}, not ${v}`);
  };
  positive('sizeBytes', o.sizeBytes, 1);
  positive('stations', o.stations, 2);
  positive('concurrentCalls', o.concurrentCalls, 0.1);
  positive('meanHoldSeconds', o.meanHoldSeconds, 0.1);
  positive('keepAliveSeconds', o.keepAliveSeconds, 1);
  if (o.stations > 60000 || !Number.isInteger(o.stations)) throw new RangeError('stations must be a whole number up to 60000');
  const writer = openCaptureWriter(o.out, o.format);
  try {
    const scenario = new Scenario(new Emitter(writer, o.checksums), {
      seed: o.seed,
      sizeBytes: o.sizeBytes,
      stations: o.stations,
      concurrentCalls: o.concurrentCalls,
      meanHoldSeconds: o.meanHoldSeconds,
      keepAliveSeconds: o.keepAliveSeconds,
      answerProbability: o.answerProbability,
      tcp: { splitProbability: o.splitProbability, retransmitProbability: o.retransmitProbability },
      startTime: o.startTime,
    });
    scenario.run();
    return { file: o.out, format: o.format, bytes: writer.bytesWritten, packets: writer.packets, seed: o.seed, ...scenario.counts };
  } finally {
    writer.close();
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
