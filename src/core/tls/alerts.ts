/** Alert descriptions (RFC 8446 6, RFC 5246 7.2), with what they usually mean for a phone registering over TLS. */
const ALERTS: ReadonlyMap<number, string> = new Map([
  [0, 'close_notify'],
  [10, 'unexpected_message'],
  [20, 'bad_record_mac'],
  [22, 'record_overflow'],
  [40, 'handshake_failure (no common cipher suite or version)'],
  [42, 'bad_certificate'],
  [43, 'unsupported_certificate'],
  [44, 'certificate_revoked'],
  [45, 'certificate_expired'],
  [46, 'certificate_unknown (the peer does not trust the certificate)'],
  [47, 'illegal_parameter'],
  [48, 'unknown_ca (the certificate is signed by an authority the peer does not trust)'],
  [49, 'access_denied'],
  [50, 'decode_error'],
  [51, 'decrypt_error'],
  [70, 'protocol_version (no common TLS version)'],
  [71, 'insufficient_security'],
  [80, 'internal_error'],
  [86, 'inappropriate_fallback'],
  [90, 'user_canceled'],
  [100, 'no_renegotiation'],
  [109, 'missing_extension'],
  [110, 'unsupported_extension'],
  [112, 'unrecognized_name'],
  [116, 'certificate_required'],
]);

export function alertDescription(code: number): string {
  return ALERTS.get(code) ?? `alert ${code}`;
}
