/**
 * The one CaptureRegistry of the extension (see capture-model.ts for the contract). activate() creates it and hands
 * it to the capture editor and to registerSidebar(); the capture editor is the only writer of models.
 */
import { MessageStore, type MessageBatch } from './message-store';
import * as vscode from 'vscode';
import type { CallsDocument } from '../core/analysis/document';
import type { Problem } from '../core/problems';
import type { SccpMessage } from '../core/sccp/message';
import type { SccpTlsReport } from '../core/session';
import type { CaptureModel, CaptureRegistry, CaptureSelection } from './capture-model';

export type CaptureState = CaptureModel['state'];

/** A capture's model as the editor fills it while the decode worker runs; views see it as a read-only CaptureModel. */
export class LiveCaptureModel implements CaptureModel {
  readonly messages: SccpMessage[] = [];
  /** Where the messages' contents are kept (see message-store.ts); `messages` holds the small objects that read it. */
  private store = new MessageStore();
  readonly problems: Problem[] = [];
  /** TLS connections the session reported (SCCP over TLS), by stream, latest report wins. */
  readonly tls = new Map<number, SccpTlsReport>();
  packets = 0;
  /** Time of the capture's first packet: the list's relative times count from it. */
  start: { sec: number; nsec: number } | undefined;
  calls: CallsDocument | undefined;
  state: CaptureState = 'decoding';
  /** Why decoding failed, when state is 'failed'. */
  error: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(readonly uri: vscode.Uri) {}

  /** Appends a batch from the worker and tells the views once. */
  addBatch(messages: MessageBatch, problems: readonly Problem[], tls: readonly SccpTlsReport[], packets: number, start?: { sec: number; nsec: number }): void {
    if (start && !this.start) this.start = start;
    for (const m of this.store.append(messages)) this.messages.push(m);
    for (const p of problems) this.problems.push(p);
    for (const t of tls) this.tls.set(t.stream, t);
    this.packets = packets;
    this.changed.fire();
  }

  finish(state: Exclude<CaptureState, 'decoding'>, calls?: CallsDocument, error?: string): void {
    if (this.state !== 'decoding') return;
    this.state = state;
    if (calls) this.calls = calls;
    this.error = error;
    this.changed.fire();
  }

  /** Starts over (settings changed, file changed): the views see an empty, decoding model. */
  reset(): void {
    this.messages.length = 0;
    this.store = new MessageStore();
    this.problems.length = 0;
    this.tls.clear();
    this.packets = 0;
    this.start = undefined;
    this.calls = undefined;
    this.state = 'decoding';
    this.error = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A filter request for one capture's editor (from setFilter). */
export interface FilterRequest {
  readonly uri: vscode.Uri;
  readonly filter: string;
}

export class CaptureRegistryImpl implements CaptureRegistry, vscode.Disposable {
  private readonly models = new Map<string, LiveCaptureModel>();
  private current: LiveCaptureModel | undefined;
  private selected: CaptureSelection | undefined;
  private readonly activeChanged = new vscode.EventEmitter<CaptureModel | undefined>();
  private readonly selectionChanged = new vscode.EventEmitter<CaptureSelection>();
  private readonly filterRequested = new vscode.EventEmitter<FilterRequest>();
  private readonly filters = new Map<string, string>();
  readonly onDidChangeActive = this.activeChanged.event;
  readonly onDidChangeSelection = this.selectionChanged.event;
  /** The capture editor listens to this to narrow its list. */
  readonly onDidRequestFilter = this.filterRequested.event;

  get(uri: vscode.Uri): LiveCaptureModel | undefined {
    return this.models.get(uri.toString());
  }

  get active(): LiveCaptureModel | undefined {
    return this.current;
  }

  get selection(): CaptureSelection | undefined {
    return this.selected;
  }

  /** All open captures (for commands that pick one). */
  all(): readonly LiveCaptureModel[] {
    return [...this.models.values()];
  }

  /** The filter last set for a capture ('' when none). */
  filterOf(uri: vscode.Uri): string {
    return this.filters.get(uri.toString()) ?? '';
  }

  /** The editor's part: a capture was opened. The same URI opened twice shares one model. */
  open(uri: vscode.Uri): LiveCaptureModel {
    const key = uri.toString();
    let model = this.models.get(key);
    if (!model) {
      model = new LiveCaptureModel(uri);
      this.models.set(key, model);
    }
    return model;
  }

  /** The editor's part: the last editor of a capture was closed. */
  close(uri: vscode.Uri): void {
    const key = uri.toString();
    const model = this.models.get(key);
    if (!model) return;
    this.models.delete(key);
    this.filters.delete(key);
    if (this.selected?.uri.toString() === key) this.selected = undefined;
    if (this.current === model) this.setActive(undefined);
    model.dispose();
  }

  /** The editor's part: which capture editor is active (undefined when none is). */
  setActive(model: LiveCaptureModel | undefined): void {
    if (this.current === model) return;
    this.current = model;
    this.activeChanged.fire(model);
  }

  select(selection: CaptureSelection): void {
    const model = this.get(selection.uri);
    if (!model || !Number.isInteger(selection.messageIndex) || selection.messageIndex < 0 || selection.messageIndex >= model.messages.length) return;
    this.selected = selection;
    this.selectionChanged.fire(selection);
  }

  setFilter(uri: vscode.Uri, filter: string): void {
    this.filters.set(uri.toString(), filter);
    this.filterRequested.fire({ uri, filter });
  }

  dispose(): void {
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
    this.activeChanged.dispose();
    this.selectionChanged.dispose();
    this.filterRequested.dispose();
  }
}
