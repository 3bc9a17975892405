/**
 * Starts the `sccp-hex` language server (dist/server.js, bundled from src/server/server.ts) over node IPC and
 * registers the client-side command that shows a message's decoded tree. Called from the extension's activate().
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DECODED_TREE_REQUEST, SCCP_HEX_LANGUAGE, SHOW_TREE_COMMAND, type DecodedTreeParams, type DecodedTreeResult } from '../server/protocol';

let client: LanguageClient | undefined;

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: SCCP_HEX_LANGUAGE },
      { scheme: 'untitled', language: SCCP_HEX_LANGUAGE },
    ],
  };
  client = new LanguageClient('sccpHex', 'SCCP hex dumps', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TREE_COMMAND, (uri?: string, position?: { line: number; character: number }) => showDecodedTree(uri, position)),
  );
  await client.start();
}

export async function stopLanguageClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

/**
 * Asks the server for the decoded tree of the message at `position` in the document `uri` (from a code lens), or
 * of the message under the cursor of the active sccp-hex editor, and shows it beside the dump.
 */
async function showDecodedTree(uri?: string, position?: { line: number; character: number }): Promise<void> {
  if (!client) return;
  if (uri === undefined) {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== SCCP_HEX_LANGUAGE) {
      void vscode.window.showInformationMessage('Open an SCCP hex dump to see its decoded tree.');
      return;
    }
    uri = editor.document.uri.toString();
    position = { line: editor.selection.active.line, character: editor.selection.active.character };
  }
  const params: DecodedTreeParams = position ? { uri, position } : { uri };
  const tree = await client.sendRequest<DecodedTreeResult | null>(DECODED_TREE_REQUEST, params);
  if (!tree) {
    void vscode.window.showInformationMessage('No SCCP message here.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ content: tree.text, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
