/** Text forms of IP addresses, shared by the network layers and the SCCP field interpreter. */

/**
 * Texts of the IPv4 addresses seen so far, by 32-bit value. A capture holds few distinct addresses, and building the
 * same two strings for every packet was a visible share of decoding time (profile of a 100 MB capture, BENCHMARKS.md).
 */
const ipv4Texts = new Map<number, string>();
const MAX_CACHED_IPV4 = 65536;

/** Dotted-quad form of the 4 bytes at `at`. */
export function formatIpv4(b: Uint8Array, at: number): string {
  if (at < 0 || at + 4 > b.length) return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  const key = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  let text = ipv4Texts.get(key);
  if (text === undefined) {
    if (ipv4Texts.size >= MAX_CACHED_IPV4) ipv4Texts.clear();
    text = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
    ipv4Texts.set(key, text);
  }
  return text;
}

/**
 * The text form tshark 4.0 prints (that of glibc's inet_ntop): lowercase, the first longest run of 2+ zero groups
 * compressed; the last 32 bits dotted when the first 96 bits are zero and the 7th group is not (IPv4-compatible,
 * `::1.2.3.4`, while `::1` and `::ffff` stay hex) or when the address is IPv4-mapped (`::ffff:1.2.3.4`).
 */
export function formatIpv6(b: Uint8Array, at: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!);
  const dotted = `${b[at + 12]}.${b[at + 13]}.${b[at + 14]}.${b[at + 15]}`;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0) {
    if (g[5] === 0xffff) return `::ffff:${dotted}`;
    if (g[5] === 0 && g[6] !== 0) return `::${dotted}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (bestStart < 0) return hexes.join(':');
  return `${hexes.slice(0, bestStart).join(':')}::${hexes.slice(bestStart + bestLen).join(':')}`;
}
