/**
 * One capture editor's webview: its HTML (strict Content-Security-Policy with a nonce), and the traffic between the
 * model/registry and the webview (editor-protocol.ts). The webview is told how many messages there are and asks for
 * the rows it is about to show, so that it never holds more than a few screens of them whatever the capture's size;
 * the full message goes only when it is selected; the filter runs here, on the host, with the same parser as the
 * Filter Messages command.
 */
import * as vscode from 'vscode';
import type { CaptureRegistryImpl, LiveCaptureModel } from '../capture-registry';
import { webviewPage } from '../webview-page';
import { algMarks } from './alg-marks';
import { MAX_ROWS_PER_REQUEST, type HostToWebview, type MessageDetail, type StatusInfo, type WebviewToHost } from './editor-protocol';
import { filterIndexes, parseFilter, StationNames, type MessagePredicate } from './message-filter';
import { summaryOf } from '../lean-message';
import { endpointText, messageRow } from './rows';

export class EditorPanel {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Messages the webview has been told of. */
  private sent = 0;
  /** Decode problems of the messages counted so far (counted once each, not over the whole model on every batch). */
  private messageProblems = 0;
  private ready = false;
  private filterText: string;
  private predicate: MessagePredicate | undefined;
  private filterErrors: string[] = [];
  private visible: number[] | null = null;
  /** Messages the filter has been run over (`visible` holds their matches). */
  private filtered = 0;
  private readonly stations = new StationNames();
  private learnt = 0;
  private selected: { index: number; fieldPath?: number[] } | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly registry: CaptureRegistryImpl,
    private readonly model: LiveCaptureModel,
    private readonly panel: vscode.WebviewPanel,
  ) {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    panel.webview.html = webviewPage(panel.webview, {
      title: 'SCCP capture',
      script: vscode.Uri.joinPath(dist, 'webview', 'editor.js'),
      style: vscode.Uri.joinPath(media, 'editor.css'),
      body: '<div id="app" data-testid="capture-editor"></div>',
    });
    this.filterText = registry.filterOf(model.uri);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.receive(m)),
      model.onDidChange(() => this.update()),
      registry.onDidChangeSelection((s) => {
        if (s.uri.toString() !== model.uri.toString() || s.origin === 'editor') return;
        this.selected = { index: s.messageIndex, ...(s.fieldPath ? { fieldPath: [...s.fieldPath] } : {}) };
        this.post({ type: 'select', index: s.messageIndex, ...(s.fieldPath ? { fieldPath: [...s.fieldPath] } : {}) });
        this.sendDetail(s.messageIndex, s.fieldPath ? [...s.fieldPath] : undefined);
        // Bring the capture to view for the trees and commands, but not over the call flow the user is clicking in.
        if (s.origin !== 'call-flow' && !panel.visible) panel.reveal(undefined, true);
      }),
      registry.onDidRequestFilter((f) => {
        if (f.uri.toString() !== model.uri.toString()) return;
        this.post({ type: 'filter', text: f.filter });
        this.setFilter(f.filter);
      }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private post(m: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private receive(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sent = 0;
        this.messageProblems = 0;
        this.post({ type: 'reset' });
        if (this.filterText) this.post({ type: 'filter', text: this.filterText });
        this.setFilter(this.filterText);
        if (this.selected) {
          this.post({ type: 'select', index: this.selected.index, ...(this.selected.fieldPath ? { fieldPath: this.selected.fieldPath } : {}) });
          this.sendDetail(this.selected.index, this.selected.fieldPath);
        }
        break;
      case 'select':
        if (!Number.isInteger(m.index) || m.index < 0 || m.index >= this.model.messages.length) return;
        // A field chosen inside the message already shown needs no new detail: the webview has it.
        if (this.selected?.index !== m.index) this.sendDetail(m.index, m.fieldPath);
        this.selected = { index: m.index, ...(m.fieldPath ? { fieldPath: m.fieldPath } : {}) };
        this.registry.select({ uri: this.model.uri, messageIndex: m.index, ...(m.fieldPath ? { fieldPath: m.fieldPath } : {}), origin: 'editor' });
        break;
      case 'rows':
        this.sendRows(m.indexes);
        break;
      case 'filter':
        if (typeof m.text !== 'string') return;
        this.registry.setFilter(this.model.uri, m.text.slice(0, 1000));
        break;
    }
  }

  private setFilter(text: string): void {
    this.filterText = text;
    const parsed = parseFilter(text);
    this.predicate = parsed.predicate;
    this.filterErrors = parsed.errors;
    this.learnStations();
    if (this.predicate) {
      this.visible = [];
      filterIndexes(this.model.messages, 0, this.predicate, this.stations, this.visible);
    } else this.visible = null;
    this.filtered = this.model.messages.length;
    this.update(true);
  }

  private learnStations(): void {
    for (; this.learnt < this.model.messages.length; this.learnt++) this.stations.learn(this.model.messages[this.learnt]!);
  }

  /** Sends what the webview has not seen yet: new rows, the filter's new matches, the status. */
  private update(visibleChanged = false): void {
    if (!this.ready) return;
    const messages = this.model.messages;
    if (messages.length < this.sent) {
      // The model was reset (settings changed): start over.
      this.sent = 0;
      this.messageProblems = 0;
      this.learnt = 0;
      this.post({ type: 'reset' });
      if (this.visible) this.visible = [];
      this.filtered = 0;
      visibleChanged = true;
    }
    this.learnStations();
    if (this.sent < messages.length) {
      for (let i = this.sent; i < messages.length; i++) this.messageProblems += messages[i]!.problems.length;
      this.sent = messages.length;
      this.post({ type: 'count', count: messages.length });
    }
    // Only the messages the filter has not seen: after the webview's `ready` the list is sent again from the start,
    // but the filter has already been run over it (running it again listed every match twice).
    if (this.predicate && this.visible && this.filtered < messages.length) {
      filterIndexes(messages, this.filtered, this.predicate, this.stations, this.visible);
      visibleChanged = true;
    }
    this.filtered = messages.length;
    if (visibleChanged) this.post({ type: 'visible', indexes: this.visible });
    this.post({ type: 'status', status: this.status() });
  }

  /** The rows the webview asked for (indexes checked: it is told only what exists, but a request is not trusted). */
  private sendRows(indexes: unknown): void {
    if (!Array.isArray(indexes)) return;
    const messages = this.model.messages;
    const rows = [];
    for (const i of indexes.slice(0, MAX_ROWS_PER_REQUEST)) {
      if (!Number.isInteger(i) || i < 0 || i >= messages.length) continue;
      const m = messages[i as number]!;
      rows.push(messageRow(m, i as number, this.model.start, summaryOf(m)));
    }
    if (rows.length > 0) this.post({ type: 'rows', rows });
  }

  private status(): StatusInfo {
    const m = this.model;
    const s: StatusInfo = {
      state: m.state,
      packets: m.packets,
      messages: m.messages.length,
      shown: this.visible ? this.visible.length : m.messages.length,
      calls: m.calls?.calls.length,
      problems: m.problems.length + this.messageProblems,
      tls: [...m.tls.values()].map((t) => `stream ${t.stream}: ${t.summary}`),
      filterErrors: this.filterErrors,
    };
    if (m.error) s.error = m.error;
    return s;
  }

  private sendDetail(index: number, fieldPath?: number[]): void {
    const m = this.model.messages[index];
    if (!m) return;
    const dir = m.direction === 'station-to-callmanager' ? 'station → CallManager' : m.direction === 'callmanager-to-station' ? 'CallManager → station' : '';
    const frames = m.frames.length > 1 ? `frames ${m.frames.join(', ')}` : `frame ${m.frame}`;
    const detail: MessageDetail = {
      index,
      title: `${m.name} (${m.idHex}), header ${m.headerVersion === 0 ? 'basic' : `V${m.headerVersion}`}, ${m.bytes.length} bytes`,
      context: `Message ${index + 1}, ${frames}, ${m.time}, TCP stream ${m.stream}, ${endpointText(m.src, m.srcPort)} → ${endpointText(m.dst, m.dstPort)} ${dir}${m.tls ? ', read through NULL-cipher TLS (not encrypted)' : ''}`,
      fields: m.fields,
      hex: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString('hex'),
      alg: algMarks(m),
      problems: m.problems,
    };
    this.post({ type: 'detail', detail, ...(fieldPath ? { fieldPath } : {}) });
  }
}
