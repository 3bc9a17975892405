/**
 * The contract between the extension's parts: the capture editor (which opens and decodes a capture) publishes a
 * CaptureModel per open capture in the CaptureRegistry; the sidebar trees, the call-flow view and the commands read
 * the models and the shared selection from there and never decode anything themselves. Data flows one way:
 * core pipeline (in a worker) -> CaptureModel -> views.
 */
import type * as vscode from 'vscode';
import type { CallsDocument } from '../core/analysis/document';
import type { Problem } from '../core/problems';
import type { SccpMessage } from '../core/sccp/message';
import type { SccpTlsReport } from '../core/session';

export interface CaptureModel {
  readonly uri: vscode.Uri;
  /** Decoded SCCP messages in the order they completed (grows while decoding runs). Index = message number - 1. */
  readonly messages: readonly SccpMessage[];
  /** Capture-level problems (reader, IP, TCP, framing), in order. */
  readonly problems: readonly Problem[];
  /** Packets read so far. */
  readonly packets: number;
  /** SCCP-over-TLS connections the session reported, by TCP stream (latest report wins). */
  readonly tls: ReadonlyMap<number, SccpTlsReport>;
  /** The calls document (same as `sccp-dissect calls`), once decoding has finished; undefined before. */
  readonly calls: CallsDocument | undefined;
  /** 'decoding' while the worker runs, then 'done', 'cancelled' or 'failed'. */
  readonly state: 'decoding' | 'done' | 'cancelled' | 'failed';
  /** Fires after each batch of messages and when the state changes. */
  readonly onDidChange: vscode.Event<void>;
}

/** What is selected, in any view: a message (by index into `messages`) and optionally a field path inside it. */
export interface CaptureSelection {
  readonly uri: vscode.Uri;
  readonly messageIndex: number;
  /** Indexes from the message's `fields` down through `children`, when a field is selected. */
  readonly fieldPath?: readonly number[];
  /** Which view made the selection, so that it does not react to its own event. */
  readonly origin: 'editor' | 'messages-tree' | 'calls-tree' | 'call-flow' | 'command';
}

export interface CaptureRegistry {
  /** The model of an open capture, by URI string. */
  get(uri: vscode.Uri): CaptureModel | undefined;
  /** The capture whose editor is active (or was most recently). */
  readonly active: CaptureModel | undefined;
  readonly onDidChangeActive: vscode.Event<CaptureModel | undefined>;
  readonly selection: CaptureSelection | undefined;
  readonly onDidChangeSelection: vscode.Event<CaptureSelection>;
  /** Selects a message (and field) everywhere; the capture editor reveals it. */
  select(selection: CaptureSelection): void;
  /** Narrows the editor's message list (same syntax as its filter box); '' clears. */
  setFilter(uri: vscode.Uri, filter: string): void;
}
