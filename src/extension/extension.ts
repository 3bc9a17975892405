/**
 * The extension's entry point: one capture registry shared by the capture editor, the sidebar and the commands;
 * the sccp-hex language client; the "Open Message as Hex Dump" command.
 */
import * as vscode from 'vscode';
import type { CaptureSelection } from './capture-model';
import { CaptureRegistryImpl } from './capture-registry';
import { CaptureEditorProvider } from './editor/capture-editor';
import { SCCP_HEX_LANGUAGE } from '../server/protocol';
import { startLanguageClient, stopLanguageClient } from './language-client';
import { OPEN_AS_HEX_COMMAND, openMessagesAsHexDump } from './open-as-hex';
import { registerSidebar, type SidebarApi } from './sidebar';

/** What activate() returns: the registry, so that extension-host tests can read what the editor decoded. */
export interface SccpDissectApi {
  readonly registry: CaptureRegistryImpl;
  /** The sidebar's trees and call-flow panels (extension-host tests count the trees' items). */
  readonly sidebar: SidebarApi;
}

export function activate(context: vscode.ExtensionContext): SccpDissectApi {
  const registry = new CaptureRegistryImpl();
  context.subscriptions.push(registry);
  context.subscriptions.push(CaptureEditorProvider.register(context, registry));
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_AS_HEX_COMMAND, (arg?: unknown) => openSelectedAsHex(registry, arg)),
  );
  const sidebar = registerSidebar(context, registry);
  // The language server only matters for sccp-hex documents: it starts with the first one, so that opening a capture
  // does not also spawn a server process. A failure to start it must not stop the editor.
  const startServer = () =>
    startLanguageClient(context).catch((e: unknown) => {
      void vscode.window.showWarningMessage(`SCCP hex dump language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    });
  if (vscode.workspace.textDocuments.some((d) => d.languageId === SCCP_HEX_LANGUAGE)) void startServer();
  else {
    const waiting = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId !== SCCP_HEX_LANGUAGE) return;
      waiting.dispose();
      void startServer();
    });
    context.subscriptions.push(waiting);
  }
  return { registry, sidebar };
}

export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}

/** The message to open: one named by a selection argument (from a view), else the current selection. */
async function openSelectedAsHex(registry: CaptureRegistryImpl, arg: unknown): Promise<void> {
  const sel = isSelection(arg) ? arg : registry.selection;
  const model = sel ? registry.get(sel.uri) : registry.active;
  const message = sel && model ? model.messages[sel.messageIndex] : undefined;
  if (!message) {
    void vscode.window.showInformationMessage('Select an SCCP message in a capture first.');
    return;
  }
  await openMessagesAsHexDump(message);
}

function isSelection(v: unknown): v is CaptureSelection {
  return typeof v === 'object' && v !== null && 'uri' in v && 'messageIndex' in v && typeof (v as { messageIndex: unknown }).messageIndex === 'number';
}
