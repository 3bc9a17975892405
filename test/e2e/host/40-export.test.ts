/**
 * "Export Calls as JSON" writes the same bytes as `sccp-dissect calls FILE` (the CLI run as a user runs it).
 * The command takes a target Uri (as keybindings and tests pass it) instead of asking with a save dialog.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, cliCalls, closeAllEditors, decodedModel, openDefault, workspaceFile } from './util';

suite('Export Calls as JSON', () => {
  suiteTeardown(closeAllEditors);

  for (const name of ['skinny-call-rtp.pcap', 'skinny-register.pcapng']) {
    test(`${name}: the file written is exactly the CLI's output`, async () => {
      const uri = workspaceFile(name);
      await openDefault(uri);
      await decodedModel(await api(), uri);
      const target = workspaceFile(`${name}.exported.calls.json`);
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('sccpDissect.exportCallsJson', target);
      assert.equal(result?.toString(), target.toString(), 'the command returns the file it wrote');
      const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const cli = await cliCalls(uri.fsPath);
      assert.ok(cli.length > 100, 'the CLI printed a document');
      assert.equal(written, cli);
    });
  }
});
