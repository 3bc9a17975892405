import type { GenerateOptions } from '../../../src/generator/generate';

/**
 * The small capture whose tshark message counts are committed (tshark-counts.json, made by
 * bench/make-tshark-ref.mjs): several stations of every header version, calls, splits and retransmissions.
 */
export const TSHARK_REF_OPTIONS: Omit<GenerateOptions, 'out'> = {
  sizeBytes: 400 * 1024,
  seed: 7,
  stations: 8,
  concurrentCalls: 3,
  meanHoldSeconds: 3,
  keepAliveSeconds: 5,
  splitProbability: 0.3,
  retransmitProbability: 0.02,
};
