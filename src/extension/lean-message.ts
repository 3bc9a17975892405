/**
 * Decoded messages as the extension host keeps them: without their field trees. The trees are about 60% of a decoded
 * message's memory and of the cost of posting it from the decode worker, and only the message on screen needs one,
 * so the worker drops them (with what the list and the filter need from them worked out first), and the host decodes
 * a message's bytes again when something reads its `fields` (message-store.ts keeps them on the host). Pure: no
 * vscode import, used by the worker and the host.
 */
import type { SccpMessage } from '../core/sccp/message';
import type { HostMessage } from './message-store';
import { callReferenceOf, infoText } from './editor/rows';

/** What the message list and the `call:` filter read from the fields, worked out once in the worker. */
export interface MessageSummary {
  /** The call reference (callReference field, when not 0). */
  call?: number;
  /** The list's Info column. */
  info: string;
}

export type { HostMessage } from './message-store';

/** The summary of any message: a host message's own, or worked out from the fields of one decoded in place. */
export function summaryOf(m: SccpMessage): MessageSummary {
  return (m as Partial<HostMessage>).summary ?? summarize(m);
}

function summarize(m: SccpMessage): MessageSummary {
  const call = callReferenceOf(m);
  return call === undefined ? { info: infoText(m) } : { call, info: infoText(m) };
}
