/**
 * The call-flow webview panels: one per call of an open capture. The extension computes the layout (layout.ts) and
 * posts it; the webview (src/webview/callflow/main.ts) only draws it and reports clicks, which select the message
 * everywhere through the registry. Strict CSP: no remote content, scripts only with this page's nonce.
 */
import * as vscode from 'vscode';
import { webviewPage } from '../webview-page';
import type { CaptureModel, CaptureRegistry } from '../capture-model';
import type { HostToWebview, WebviewToHost } from '../../webview/callflow/protocol';
import { layoutCallFlow, type CallFlowLayout } from './layout';
import { callMessages } from './call-messages';

export const CALLFLOW_VIEW_TYPE = 'sccpDissect.callFlow';
/** Where the bundler writes the webview script (scripts/bundle.mjs, entry src/webview/callflow/main.ts). */
export const CALLFLOW_SCRIPT = ['dist', 'webview', 'callflow.js'];


interface OpenPanel {
  panel: vscode.WebviewPanel;
  model: CaptureModel;
  callId: string;
  layout: CallFlowLayout | undefined;
  /** The calls document the layout was made from. */
  doc: unknown;
}

export class CallFlowPanels implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: CaptureRegistry,
  ) {
    this.subscriptions.push(
      registry.onDidChangeSelection((sel) => {
        if (sel.origin === 'call-flow') return;
        for (const p of this.panels.values()) if (p.model.uri.toString() === sel.uri.toString()) send(p.panel, { type: 'selected', messageIndex: sel.messageIndex });
      }),
    );
  }

  /** Opens (or brings forward) the diagram of a call. */
  show(model: CaptureModel, callId: string): void {
    const key = `${model.uri.toString()}#${callId}`;
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal(undefined, false);
      return;
    }
    const root = this.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(CALLFLOW_VIEW_TYPE, `Call flow ${callId}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'callflow-icon.svg');
    const entry: OpenPanel = { panel, model, callId, layout: undefined, doc: undefined };
    this.panels.set(key, entry);
    panel.webview.html = this.html(panel.webview, callId);
    const listeners: vscode.Disposable[] = [
      panel.webview.onDidReceiveMessage((msg: unknown) => this.receive(entry, msg)),
      model.onDidChange(() => {
        // Only a new calls document changes the diagram (the document is complete once it exists).
        if (model.calls !== entry.doc) this.post(entry);
      }),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(key);
      for (const l of listeners) l.dispose();
    });
  }

  private layoutFor(model: CaptureModel, callId: string): CallFlowLayout | undefined {
    const doc = model.calls;
    const call = doc?.calls.find((c) => c.id === callId);
    if (!doc || !call) return undefined;
    return layoutCallFlow(model.messages, doc, call, callMessages(model.messages, doc, call));
  }

  private post(entry: OpenPanel): void {
    entry.doc = entry.model.calls;
    entry.layout = this.layoutFor(entry.model, entry.callId);
    const sel = this.registry.selection;
    const selected = sel && sel.uri.toString() === entry.model.uri.toString() ? sel.messageIndex : undefined;
    if (entry.layout) send(entry.panel, { type: 'layout', layout: entry.layout, selected });
    else send(entry.panel, { type: 'empty', text: entry.model.state === 'decoding' ? 'Decoding… the diagram appears when the capture is decoded.' : `Call ${entry.callId} is not in this capture.` });
  }

  private receive(entry: OpenPanel, msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as WebviewToHost;
    if (m.type === 'ready') this.post(entry);
    else if (m.type === 'select' && Number.isInteger(m.messageIndex)) {
      // Only messages that are arrows of this diagram may be selected from it.
      if (!entry.layout?.arrows.some((a) => a.messageIndex === m.messageIndex)) return;
      this.registry.select({ uri: entry.model.uri, messageIndex: m.messageIndex, origin: 'call-flow' });
    }
  }

  private html(webview: vscode.Webview, callId: string): string {
    const title = callId.replace(/[^A-Za-z0-9_-]/g, '');
    return webviewPage(webview, {
      title: `Call flow ${title}`,
      script: vscode.Uri.joinPath(this.context.extensionUri, ...CALLFLOW_SCRIPT),
      style: vscode.Uri.joinPath(this.context.extensionUri, 'media', 'callflow.css'),
      body: `<main id="root" data-testid="callflow-root" aria-label="Call flow diagram ${title}"></main>`,
    });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

function send(panel: vscode.WebviewPanel, m: HostToWebview): void {
  void panel.webview.postMessage(m);
}
