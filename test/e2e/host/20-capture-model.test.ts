/**
 * What the capture editor publishes for skinny-call-rtp.pcap (a shared capture: one call with RTP) equals what
 * the core pipeline decodes from the same file in this process, and its calls document is byte for byte the CLI's.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { callsJson } from '../../../src/core/export/calls-json';
import { api, cliCalls, closeAllEditors, coreDecode, decodedModel, openDefault, workspaceFile } from './util';

suite('capture model of skinny-call-rtp.pcap', () => {
  const uri = () => workspaceFile('skinny-call-rtp.pcap');
  suiteSetup(async () => {
    await openDefault(uri());
  });
  suiteTeardown(closeAllEditors);

  test('same messages, in the same order, as the core decode', async () => {
    const model = await decodedModel(await api(), uri());
    const expected = await coreDecode(uri().fsPath);
    assert.ok(expected.messages.length > 50, `the capture has many messages (${expected.messages.length})`);
    assert.equal(model.messages.length, expected.messages.length, 'message count');
    assert.deepEqual(
      model.messages.map((m) => `${m.frame} ${m.name}`),
      expected.messages.map((m) => `${m.frame} ${m.name}`),
    );
    assert.equal(model.problems.length, expected.problems.length, 'capture-level problem count');
  });

  test('the calls document equals `sccp-dissect calls` (same JSON text)', async () => {
    const model = await decodedModel(await api(), uri());
    assert.ok(model.calls, 'calls document present once decoding is done');
    const cli = await cliCalls(uri().fsPath);
    const doc = JSON.parse(cli) as { calls: unknown[]; stations: unknown[] };
    assert.ok(doc.calls.length >= 1, 'the CLI finds the call');
    assert.equal(model.calls.calls.length, doc.calls.length, 'number of calls');
    assert.equal(model.calls.stations.length, doc.stations.length, 'number of stations');
    assert.equal(callsJson(model.calls), cli);
  });

  test('the registry knows the capture as active and lists it once', async () => {
    const a = await api();
    await vscode.commands.executeCommand('vscode.open', uri());
    assert.equal(a.registry.active?.uri.toString(), uri().toString());
    if (a.registry.all) assert.equal(a.registry.all().filter((m) => m.uri.toString() === uri().toString()).length, 1);
  });
});
