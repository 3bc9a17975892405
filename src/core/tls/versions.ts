/** Protocol version numbers as they appear on the wire (record headers, hellos, supported_versions). */
export const SSL3 = 0x0300;
export const TLS10 = 0x0301;
export const TLS11 = 0x0302;
export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

const NAMES: ReadonlyMap<number, string> = new Map([
  [SSL3, 'SSL 3.0'],
  [TLS10, 'TLS 1.0'],
  [TLS11, 'TLS 1.1'],
  [TLS12, 'TLS 1.2'],
  [TLS13, 'TLS 1.3'],
]);

export function tlsVersionName(v: number): string {
  const name = NAMES.get(v);
  if (name) return name;
  // Pre-standard TLS 1.3 implementations announced 0x7fNN for draft NN.
  if (v >> 8 === 0x7f) return `TLS 1.3 (draft ${v & 0xff})`;
  return `unknown version 0x${v.toString(16).padStart(4, '0')}`;
}

/** GREASE values (RFC 8701) are sent to keep peers tolerant; they are never a real choice. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** Versions a record header may carry: SSL 3.0 to TLS 1.3 (TLS 1.3 records say 0x0301 or 0x0303). */
export function plausibleRecordVersion(v: number): boolean {
  return v >= SSL3 && v <= TLS13;
}
