import type { Corpus } from './corpus';
import type { FuzzRng } from './rng';

/**
 * One entry point under fuzzing. Its input is always plain bytes (what is saved when a case fails); anything else a
 * case needs (chunk sizes, positions, options) is derived from those bytes, so that the file alone replays it.
 */
export interface FuzzTarget {
  name: string;
  /** What is fed to what, in one line (for --list and the docs). */
  description: string;
  seeds(corpus: Corpus): readonly Uint8Array[];
  /** A mutated input; `other` is a second seed for splicing. */
  mutate(rng: FuzzRng, seed: Uint8Array, other: Uint8Array): Uint8Array;
  /** A property-based input (fast-check), used for a share of the cases. */
  generate?(seed: number): Uint8Array;
  /** Runs the entry point and checks its invariants; throws a Violation (or whatever escapes the code). */
  run(input: Uint8Array): void;
}
