/**
 * Messages between the call-flow panel's host side (src/extension/callflow) and its webview, and the layout the host
 * computes for the webview to draw. Plain data only, no imports, so both sides can use it.
 */

export interface FlowColumn {
  /** 'cm:<ip>:<port>' or 'station:<id>'. */
  id: string;
  kind: 'station' | 'callmanager' | 'media';
  label: string;
  detail: string;
  x: number;
}

export interface FlowArrow {
  /** 'msg:<index>' or 'rtp:<stream id>'. */
  id: string;
  kind: 'message' | 'rtp';
  from: number;
  to: number;
  y: number;
  label: string;
  /** Seconds since the capture's first packet, as text ("3.634577 s"), as the calls document counts time. */
  time: string;
  frame: number;
  /** The message's index in the model (message arrows only). */
  messageIndex?: number;
  /** A sentence for screen readers and tooltips. */
  description: string;
}

export interface CallFlowLayout {
  callId: string;
  title: string;
  subtitle: string;
  columns: FlowColumn[];
  arrows: FlowArrow[];
  width: number;
  height: number;
}

export type HostToWebview = { type: 'layout'; layout: CallFlowLayout; selected?: number } | { type: 'selected'; messageIndex: number } | { type: 'empty'; text: string };

export type WebviewToHost = { type: 'ready' } | { type: 'select'; messageIndex: number };
