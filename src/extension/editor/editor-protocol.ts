/**
 * The messages between the capture editor's host side (editor-panel.ts) and its webview (src/webview/editor).
 * Types (and the bound on a row request), imported by both; everything in them is plain data that the webview renders
 * as text.
 */
import type { Problem } from '../../core/problems';
import type { FieldNode } from '../../core/sccp/message';
import type { AlgMark } from './alg-marks';

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

/** The selected message, in full: what the tree and hex panes show. */
export interface MessageDetail {
  index: number;
  title: string;
  /** One line of context: frame(s), time, stream, endpoints, direction. */
  context: string;
  fields: FieldNode[];
  /** The message's bytes as lowercase hex, two digits per byte. */
  hex: string;
  alg: AlgMark[];
  problems: Problem[];
}

export interface StatusInfo {
  state: 'decoding' | 'done' | 'cancelled' | 'failed';
  packets: number;
  messages: number;
  shown: number;
  calls: number | undefined;
  problems: number;
  /** One line per SCCP-over-TLS connection, e.g. "stream 0: SCCP over TLS, encrypted (TLS 1.2 ...)". */
  tls: string[];
  filterErrors: string[];
  error?: string;
}

export type HostToWebview =
  /** Forget every row (a new decode starts). */
  | { type: 'reset' }
  /** How many messages the list has (it grows while decoding runs). */
  | { type: 'count'; count: number }
  /** Rows the webview asked for (each carries its message index). */
  | { type: 'rows'; rows: MessageRow[] }
  /** Which rows the filter shows: message indexes in order, or null for all. */
  | { type: 'visible'; indexes: number[] | null }
  | { type: 'status'; status: StatusInfo }
  | { type: 'detail'; detail: MessageDetail; fieldPath?: number[] }
  /** Another view selected something: select and reveal it here. */
  | { type: 'select'; index: number; fieldPath?: number[] }
  | { type: 'filter'; text: string };

/** Most rows the webview asks for at once (a screen and its overscan is about a hundred). */
export const MAX_ROWS_PER_REQUEST = 2000;

export type WebviewToHost =
  | { type: 'ready' }
  /** The rows of these message indexes, which the list is about to show. */
  | { type: 'rows'; indexes: number[] }
  | { type: 'select'; index: number; fieldPath?: number[] }
  | { type: 'filter'; text: string };
