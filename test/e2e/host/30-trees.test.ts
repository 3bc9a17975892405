/**
 * The sidebar's Messages and Calls trees follow the active capture and show what the core decodes: every SCCP
 * message once, under its frame, and one item per call of the calls document.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeCaptureFile } from '../../../src/core/export/calls-json';
import { api, closeAllEditors, coreDecode, decodedModel, openDefault, waitFor, workspaceFile, type TestApi } from './util';

interface TreeProvider<T> {
  readonly current?: unknown;
  getChildren(node?: T): T[] | Thenable<T[]> | undefined | null;
  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem>;
}
type Node = { kind: string; index?: number; frame?: number };

function sidebar(a: TestApi): { messages: TreeProvider<Node>; calls: TreeProvider<Node> } {
  const s = a.sidebar as { messages?: TreeProvider<Node>; calls?: TreeProvider<Node> } | undefined;
  assert.ok(s?.messages && s.calls, 'activate() returns { registry, sidebar: { messages, calls } } (the SidebarApi of registerSidebar)');
  return { messages: s.messages, calls: s.calls };
}

/** Every node of a tree, depth first, down to (not into) nodes of kind `stopAt`. */
async function walk(tree: TreeProvider<Node>, stopAt: string): Promise<Node[]> {
  const out: Node[] = [];
  const visit = async (node?: Node): Promise<void> => {
    for (const child of (await tree.getChildren(node)) ?? []) {
      out.push(child);
      if (child.kind !== stopAt) await visit(child);
    }
  };
  await visit();
  return out;
}

suite('sidebar trees for skinny-call-rtp.pcap', () => {
  const uri = () => workspaceFile('skinny-call-rtp.pcap');
  suiteSetup(async () => {
    await openDefault(uri());
  });
  suiteTeardown(closeAllEditors);

  test('Messages tree: every SCCP message once, under its frame', async () => {
    const a = await api();
    const model = await decodedModel(a, uri());
    const { messages } = sidebar(a);
    await waitFor('the Messages tree to follow the capture', () => messages.current === model, 10_000);
    const expected = await coreDecode(uri().fsPath);
    const nodes = await walk(messages, 'message');
    const shown = nodes.filter((n) => n.kind === 'message').map((n) => n.index);
    assert.equal(shown.length, expected.messages.length, 'message items');
    assert.deepEqual([...shown].sort((x, y) => x! - y!), expected.messages.map((_, i) => i), 'each message once');
    const frames = nodes.filter((n) => n.kind === 'frame');
    assert.equal(frames.length, new Set(expected.messages.map((m) => m.frame)).size, 'frame items: the frames that carry SCCP');
    // An item's label names its message.
    const first = nodes.find((n) => n.kind === 'message' && n.index === 0)!;
    const item = await messages.getTreeItem(first);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    assert.ok(`${label} ${String(item.description ?? '')}`.includes(expected.messages[0]!.name), `label "${label}" names ${expected.messages[0]!.name}`);
  });

  test('Calls tree: one item per call of the calls document', async () => {
    const a = await api();
    const model = await decodedModel(a, uri());
    const { calls } = sidebar(a);
    await waitFor('the Calls tree to follow the capture', () => calls.current === model, 10_000);
    const doc = await analyzeCaptureFile(uri().fsPath);
    assert.ok(doc.calls.length >= 1);
    const roots = (await calls.getChildren()) ?? [];
    assert.equal(roots.filter((n) => n.kind === 'call').length, doc.calls.length, 'call items');
    const legs = (await calls.getChildren(roots[0])) ?? [];
    assert.equal(legs.filter((n) => n.kind === 'leg').length, doc.calls[0]!.legs.length, 'leg items of the first call');
  });
});

suite('SCCP over TLS in the Messages tree (srst_secure.pcapng)', () => {
  const uri = () => workspaceFile('srst_secure.pcapng');
  suiteSetup(async () => {
    await openDefault(uri());
  });
  suiteTeardown(closeAllEditors);

  test('each TLS connection is listed, labelled encrypted or NULL cipher, above the frames it decoded', async () => {
    const a = await api();
    const model = await decodedModel(a, uri());
    const { messages } = sidebar(a);
    await waitFor('the Messages tree to follow the capture', () => messages.current === model, 10_000);
    const top = (await messages.getChildren()) ?? [];
    const tls = top.filter((n) => n.kind === 'tls');
    assert.equal(tls.length, 2, 'two TLS connections (streams 0 and 1)');
    const labels = await Promise.all(tls.map(async (n) => String((await messages.getTreeItem(n)).label)));
    assert.deepEqual(labels, ['TCP stream 0: SCCP over TLS, encrypted', 'TCP stream 1: SCCP over TLS, NULL cipher: not encrypted']);
    // The NULL-cipher stream's four keepalives are decoded, under their frames.
    assert.equal(top.filter((n) => n.kind === 'frame').length, 4);
  });
});
