/**
 * "Open as Hex Dump": shows capture messages as an `sccp-hex` document, where the language server explains every
 * byte. The extension registers OPEN_AS_HEX_COMMAND with a handler that finds the message(s) and calls
 * openMessagesAsHexDump.
 */
import * as vscode from 'vscode';
import { messagesHexDump } from '../core/export/hexdump';
import type { SccpMessage } from '../core/sccp/message';
import { SCCP_HEX_LANGUAGE } from '../server/protocol';

/** The command id contributed in package.json. */
export const OPEN_AS_HEX_COMMAND = 'sccpDissect.openMessageAsHexDump';

/** Opens the messages' bytes (with a comment block each saying where they came from) in a new sccp-hex editor. */
export async function openMessagesAsHexDump(messages: SccpMessage | readonly SccpMessage[], viewColumn = vscode.ViewColumn.Beside): Promise<vscode.TextEditor | undefined> {
  const list = Array.isArray(messages) ? (messages as readonly SccpMessage[]) : [messages as SccpMessage];
  if (list.length === 0) return undefined;
  const doc = await vscode.workspace.openTextDocument({ language: SCCP_HEX_LANGUAGE, content: messagesHexDump(list) });
  return vscode.window.showTextDocument(doc, { viewColumn, preview: false });
}
