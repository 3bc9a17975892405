/**
 * Messages between the capture editor's host side (src/extension/editor) and its webview. Plain data only: the
 * webview puts every string into the DOM with textContent. No imports, so both sides can use it.
 */

/** One line of the message list. */
export interface MessageRow {
  /** Index into the capture's messages (message number - 1). */
  index: number;
  frame: number;
  /** Seconds since the capture's first packet, 6 decimals. */
  time: string;
  source: string;
  destination: string;
  name: string;
  idHex: string;
  /** The message's call reference, '' when it has none. */
  call: string;
  info: string;
  /** The message has decode problems. */
  problem: boolean;
  /** The message carries media addresses (ALG-relevant). */
  media: boolean;
  /** Read through a NULL-cipher TLS session. */
  tls: boolean;
}

/** One node of the decoded tree of the selected message. */
export interface DetailNode {
  name: string;
  /** The value as shown: display label and number, quoted string with control characters escaped, or ''. */
  value: string;
  /** Bytes from the start of the SCCP message. */
  offset: number;
  length: number;
  /** Set on media address and port fields: what a firewall's SCCP ALG opens for them. */
  alg?: string;
  children?: DetailNode[];
}

export interface DetailProblem {
  message: string;
  offset?: number;
  length?: number;
}

export interface MessageDetail {
  index: number;
  /** "Message 12: OpenReceiveChannelAck (0x0022)" */
  title: string;
  /** Frame(s), time, addresses, stream, direction, header version, in one line. */
  subtitle: string;
  tree: DetailNode[];
  bytes: number[];
  problems: DetailProblem[];
  /** The field to select when the detail is shown (from a selection made elsewhere). */
  fieldPath?: number[];
}

export interface StatusInfo {
  /** File name (base name). */
  name: string;
  messages: number;
  /** Messages the filter lets through (= messages without a filter). */
  shown: number;
  packets: number;
  /** Calls in the calls document (known once decoding is done). */
  calls: number | undefined;
  problems: number;
  state: 'decoding' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** Filter terms that could not be read. */
  filterErrors: string[];
  /** One line per SCCP-over-TLS connection: "SCCP over TLS, encrypted" and what the handshake showed. */
  tlsNotes: string[];
}

export type HostToWebview =
  /** The list has a new shape (filter changed, decoding restarted): drop cached rows. */
  | { type: 'reset'; generation: number; total: number; filter: string }
  /** More messages passed the filter (a batch arrived). */
  | { type: 'count'; generation: number; total: number }
  | { type: 'rows'; generation: number; start: number; rows: MessageRow[] }
  | { type: 'status'; status: StatusInfo }
  | { type: 'detail'; detail: MessageDetail }
  /** Select and scroll to a message (position in the filtered list, -1 when the filter hides it). */
  | { type: 'reveal'; generation: number; position: number; index: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'rows'; generation: number; start: number; count: number }
  | { type: 'select'; index: number; fieldPath?: number[] }
  | { type: 'filter'; text: string }
  /** Enter on a row: open the message as an sccp-hex dump. */
  | { type: 'openHex'; index: number };
