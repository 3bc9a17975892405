/**
 * The sccp-hex language server in the real VS Code: the extension starts it (dist/server.js) for a dump in the
 * workspace, VS Code's own hover command gets the catalog's card for the message-ID bytes, and a dump cut short
 * gets a diagnostic on its length field.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { messageById } from '../../../src/core/sccp/catalog';
import { closeAllEditors, waitFor, workspaceFile } from './util';

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('sccp-hex language server', () => {
  suiteTeardown(closeAllEditors);

  test('a .sccphex file gets the sccp-hex language', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('open-receive-ack.sccphex'));
    assert.equal(doc.languageId, 'sccp-hex');
  });

  test('hover on the message-ID bytes names the message and says what it is for', async () => {
    const uri = workspaceFile('open-receive-ack.sccphex');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // "28 00 00 00 16 00 00 00 22 00 00 00 ...": bytes 8-11 (the ID, 0x0022) are at columns 24-34 of line 0.
    assert.equal(doc.lineAt(0).text.slice(24, 35), '22 00 00 00');
    const def = messageById(0x22);
    assert.ok(def, 'the catalog knows 0x0022');
    // The language client starts asynchronously with the extension: ask until the server answers.
    const text = await waitFor('a hover from the language server', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 28));
      const t = hoverText(hovers ?? []);
      return t.includes(def.name) ? t : undefined;
    }, 60_000);
    assert.ok(text.includes(def.name), text);
    assert.ok(text.includes('0x0022'), `hex ID in: ${text}`);
    assert.ok(text.includes(def.purpose.slice(0, 40)), `purpose in: ${text}`);
    // Another byte (line 1: bytes 20-23, the media IP) gets its own field, not the message card.
    const other = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 13));
    assert.ok(!hoverText(other ?? []).includes(def.purpose.slice(0, 40)), 'the card belongs to the ID bytes only');
  });

  test('a dump cut short gets a diagnostic on its length field', async () => {
    const uri = workspaceFile('broken.sccphex');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitFor('diagnostics on broken.sccphex', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, 60_000);
    const truncated = diags.find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'sccp.truncated');
    assert.ok(truncated, `a sccp.truncated diagnostic among: ${diags.map((d) => `${String(d.code)} ${d.message}`).join('; ')}`);
    assert.equal(truncated.source, 'sccp-hex');
    assert.equal(truncated.severity, vscode.DiagnosticSeverity.Error);
    // On the length word (the first four bytes of line 0), where the disagreement is.
    assert.deepEqual([truncated.range.start.line, truncated.range.start.character, truncated.range.end.line, truncated.range.end.character], [0, 0, 0, 11]);
    // The intact dump has no such diagnostic.
    const good = vscode.languages.getDiagnostics(workspaceFile('open-receive-ack.sccphex'));
    assert.ok(!good.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'no error on the intact dump');
  });
});
