/**
 * Problems are values, not exceptions: every stage reports what it could not make sense of,
 * with where it happened, and carries on with what follows.
 */
export type ProblemCode =
  // capture files
  | 'capture.unknown-format'
  | 'capture.truncated'
  | 'capture.bad-block'
  | 'capture.bad-record'
  | 'capture.resync'
  | 'capture.gzip'
  | 'capture.snaplen-cut'
  // hex dumps (src/core/capture/hexdump): the message says the line and column
  | 'hexdump.bad-text'
  | 'hexdump.mixed-format'
  | 'hexdump.offset'
  | 'hexdump.unknown-content'
  // link / network
  | 'link.unsupported'
  | 'link.truncated'
  | 'ip.truncated'
  | 'ip.bad-header'
  | 'ip.fragment'
  | 'tcp.truncated'
  | 'tcp.bad-header'
  | 'udp.truncated'
  | 'udp.bad-header'
  // reassembly
  | 'tcp.gap'
  | 'tcp.mid-stream'
  | 'tcp.resync'
  | 'tcp.buffer-limit'
  | 'tcp.retransmission'
  | 'tcp.overlap-mismatch'
  | 'tcp.unfinished-message'
  // sccp
  | 'sccp.layout-inferred'
  | 'sccp.bad-length'
  | 'sccp.unknown-message'
  | 'sccp.unknown-version'
  | 'sccp.version-mismatch'
  | 'sccp.truncated'
  | 'sccp.trailing-bytes'
  | 'sccp.bad-value'
  | 'sccp.count-limit'
  | 'tls.encrypted'
  // SCCP over TLS (src/core/tls)
  | 'tls.no-handshake'
  | 'tls.null-cipher'
  | 'tls.bad-record'
  | 'tls.unfinished-record'
  | 'tls.bad-handshake'
  | 'tls.alert';

export interface Problem {
  code: ProblemCode;
  /** Plain-English explanation, safe to show to a user (never contains raw capture bytes unescaped by the UI). */
  message: string;
  /**
   * Where: for SCCP-level problems, a byte offset from the start of the SCCP message; for capture-level
   * problems, a byte offset in the capture file; for TCP problems, the frame number.
   */
  offset?: number;
  length?: number;
  frame?: number;
}

export function problem(code: ProblemCode, message: string, where: Partial<Pick<Problem, 'offset' | 'length' | 'frame'>> = {}): Problem {
  return { code, message, ...where };
}
