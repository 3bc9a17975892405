/**
 * Settings take effect: with sccpDissect.sccpPorts set to a port that carries no SCCP, a capture decodes to no
 * messages (as the core does with the same option); set back, the messages return. The setting is changed while
 * the capture is open and again before reopening it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, coreDecode, openDefault, waitFor, workspaceFile } from './util';

const SETTING = 'sccpPorts';
const NO_SCCP_PORT = 2999;

async function setPorts(value: number[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('sccpDissect').update(SETTING, value, vscode.ConfigurationTarget.Global);
}

/** Waits until the capture's model has finished a decode with exactly `count` messages. */
async function settledCount(uri: vscode.Uri, count: number, timeoutMs = 60_000): Promise<number> {
  const a = await api();
  return waitFor(`${uri.path.split('/').pop()} to decode to ${count} messages`, () => {
    const m = a.registry.get(uri);
    return m && m.state === 'done' && m.messages.length === count ? count : undefined;
  }, timeoutMs);
}

suite('settings take effect', () => {
  const uri = () => workspaceFile('settings-probe.pcap');
  suiteTeardown(async () => {
    await setPorts(undefined);
    await closeAllEditors();
  });

  test('the setting is contributed with the default SCCP port', () => {
    const info = vscode.workspace.getConfiguration('sccpDissect').inspect<number[]>(SETTING);
    assert.deepEqual(info?.defaultValue, [2000]);
  });

  test('sccpPorts without the SCCP port: 0 messages on reopen, all of them again once reset', async () => {
    const all = (await coreDecode(uri().fsPath)).messages.length;
    const none = (await coreDecode(uri().fsPath, { sccpPorts: [NO_SCCP_PORT] })).messages.length;
    assert.ok(all > 0);
    assert.equal(none, 0, 'the core finds no SCCP on that port');

    await closeAllEditors();
    await setPorts([NO_SCCP_PORT]);
    await openDefault(uri());
    await settledCount(uri(), 0);

    await closeAllEditors();
    await setPorts(undefined);
    await openDefault(uri());
    await settledCount(uri(), all);
  });

  test('changing the setting while the capture is open decodes it again', async () => {
    const all = (await coreDecode(uri().fsPath)).messages.length;
    await openDefault(uri());
    await settledCount(uri(), all);
    await setPorts([NO_SCCP_PORT]);
    await settledCount(uri(), 0);
    await setPorts(undefined);
    await settledCount(uri(), all);
  });
});
