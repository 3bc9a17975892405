/**
 * The fuzzer's random numbers: a small seeded generator (sfc32 seeded through splitmix32), so that a case is fully
 * reproducible from (seed, target, case index) and the runner can rebuild any input it did not keep.
 */
export class FuzzRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
  }

  /** A 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n) (n >= 1). */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.u32() / 4294967296) * n);
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

/** FNV-1a over bytes: a cheap, stable 32-bit digest (derives per-input choices such as chunk sizes). */
export function fnv1a(bytes: Uint8Array, start = 0x811c9dc5): number {
  let h = start >>> 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Mixes the run seed, the target and the case index into one seed. */
export function caseSeed(seed: number, target: string, index: number): number {
  const name = new TextEncoder().encode(target);
  let h = fnv1a(name, seed >>> 0);
  h = Math.imul(h ^ (index >>> 0), 0x01000193);
  h = Math.imul(h ^ Math.floor(index / 4294967296), 0x01000193);
  return h >>> 0;
}
