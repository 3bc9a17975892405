/** The Internet checksum (RFC 1071) of IPv4 headers and of TCP and UDP with their pseudo-header. */

/** Ones' complement sum of the 16-bit big-endian words of b[from, to) (an odd last byte padded with zero), added to `sum`; not folded. */
export function onesComplementSum(b: Uint8Array, from: number, to: number, sum = 0): number {
  let i = from;
  for (; i + 1 < to; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < to) sum += b[i]! << 8;
  return sum;
}

/** The checksum field for a sum: folded to 16 bits and complemented (0 when the sum already covers a right checksum). */
export function internetChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
