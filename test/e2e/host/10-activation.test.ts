/**
 * Activation and the capture editor: the extension stays asleep until a capture is opened, then opens .pcap,
 * .pcapng and gzip captures in its own read-only editor by default (no "open with" choice), and publishes a model
 * for each in the registry.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, closeAllEditors, decodedModel, extension, manifest, openDefault, tabOf, waitFor, workspaceFile } from './util';

interface CustomEditorContribution {
  viewType: string;
  selector: { filenamePattern: string }[];
  priority?: string;
}

function captureEditor(): CustomEditorContribution {
  const editors = (manifest().contributes?.customEditors ?? []) as CustomEditorContribution[];
  const pcap = editors.find((e) => e.selector.some((s) => s.filenamePattern === '*.pcap'));
  assert.ok(pcap, `package.json contributes a custom editor for *.pcap (has: ${JSON.stringify(editors)})`);
  return pcap;
}

suite('activation and the capture editor', () => {
  suiteTeardown(closeAllEditors);

  test('the extension is not active before a capture or dump is opened', () => {
    // Runs first (file order): nothing of ours has been opened yet.
    assert.equal(extension().isActive, false, 'activation is lazy (no "*" or onStartupFinished)');
  });

  test('opening a .pcap activates the extension and opens the capture editor by default', async () => {
    const uri = workspaceFile('skinny-call-rtp.pcap');
    await openDefault(uri);
    await waitFor('the extension to activate', () => extension().isActive, 30_000);
    const editor = captureEditor();
    assert.notEqual(editor.priority, 'option', 'the editor is the default, not only an "Open With" option');
    const tab = await waitFor('a tab for skinny-call-rtp.pcap', () => tabOf(uri), 30_000);
    assert.ok(tab.input instanceof vscode.TabInputCustom, `the tab is a custom editor (input: ${tab.input?.constructor?.name})`);
    assert.equal(tab.input.viewType, editor.viewType);
    const model = await decodedModel(await api(), uri);
    assert.equal(model.state, 'done');
    assert.ok(model.messages.length > 0, 'messages decoded');
  });

  test('the editor covers .pcap, .pcapng, .cap and their gzip forms', () => {
    const patterns = captureEditor().selector.map((s) => s.filenamePattern);
    for (const p of ['*.pcap', '*.pcapng', '*.cap', '*.pcap.gz', '*.pcapng.gz', '*.cap.gz']) assert.ok(patterns.includes(p), `${p} in ${patterns.join(', ')}`);
  });

  test('a .pcapng and a .pcap.gz open in the same editor and decode', async () => {
    const a = await api();
    const plain = await decodedModel(a, workspaceFile('skinny-call-rtp.pcap'));
    for (const name of ['skinny-register.pcapng', 'skinny-call-rtp.pcap.gz']) {
      const uri = workspaceFile(name);
      await openDefault(uri);
      const tab = await waitFor(`a tab for ${name}`, () => tabOf(uri), 30_000);
      assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === captureEditor().viewType, `${name} opens in the capture editor`);
      const model = await decodedModel(a, uri);
      assert.equal(model.state, 'done', `${name}: ${model.state}`);
      assert.ok(model.messages.length > 0, `${name}: messages decoded`);
      if (name.endsWith('.gz')) {
        assert.equal(model.messages.length, plain.messages.length, 'the gzip form decodes the same messages');
        assert.deepEqual(model.messages.map((m) => m.name), plain.messages.map((m) => m.name));
      }
    }
    assert.equal(path.basename(a.registry.active?.uri.fsPath ?? ''), 'skinny-call-rtp.pcap.gz', 'the registry follows the active editor');
  });

  test('the manifest declares untrusted-workspace support and lazy activation events', () => {
    const m = manifest();
    const untrusted = (m.capabilities?.untrustedWorkspaces as { supported?: unknown } | undefined)?.supported;
    assert.equal(untrusted, true, 'capabilities.untrustedWorkspaces.supported');
    for (const e of m.activationEvents ?? []) assert.ok(e !== '*' && e !== 'onStartupFinished', `eager activation event ${e}`);
  });
});

suite('a hex dump in the capture editor', () => {
  suiteTeardown(closeAllEditors);

  test('"Reopen With: SCCP Capture" decodes a hex dump like a capture', async () => {
    const uri = workspaceFile('open-receive-ack.sccphex');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'sccpDissect.hexDumpCaptureEditor');
    const a = await api();
    const model = await decodedModel(a, uri);
    assert.equal(model.messages.length, 1);
    assert.equal(model.messages[0]!.name, 'OpenReceiveChannelAck');
  });
});
