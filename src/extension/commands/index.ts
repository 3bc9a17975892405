/**
 * The sidebar's commands (palette, view title bars and item context menus). Each takes the tree node it was invoked
 * on, or an explicit argument (for keybindings and tests), and falls back on the shared selection and the active
 * capture. Command IDs are listed in COMMANDS and in package.json.
 */
import * as vscode from 'vscode';
import { callsJson } from '../../core/export/calls-json';
import type { CaptureModel, CaptureRegistry } from '../capture-model';
import type { CallFlowPanels } from '../callflow/panel';
import type { CallTreeNode } from '../sidebar/call-nodes';
import type { CallsTreeProvider } from '../sidebar/calls-tree';
import { fieldAt, fieldValueForCopy, type MessageTreeNode } from '../sidebar/message-nodes';
import type { MessagesTreeProvider } from '../sidebar/messages-tree';
import { decodedText, type TlsLine } from './decoded-text';
import { findFrame } from './find-frame';
import { COMMANDS } from './ids';

export { COMMANDS };

export const DECODED_SCHEME = 'sccp-decoded';

export interface CommandDeps {
  messages: MessagesTreeProvider;
  calls: CallsTreeProvider;
  callFlow: CallFlowPanels;
}

type Node = MessageTreeNode | CallTreeNode;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

export function registerCommands(context: vscode.ExtensionContext, registry: CaptureRegistry, deps: CommandDeps): void {
  const modelOf = (): CaptureModel | undefined => {
    const sel = registry.selection;
    return registry.active ?? (sel ? registry.get(sel.uri) : undefined);
  };
  const noCapture = () => void vscode.window.showInformationMessage('Open an SCCP capture first.');

  const decodedDocs = new DecodedTextProvider(registry);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, decodedDocs), decodedDocs);

  const register = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  /** Export Calls as JSON: the same document as `sccp-dissect calls`. A Uri argument skips the save dialog. */
  register(COMMANDS.exportCallsJson, async (...args: unknown[]) => {
    const model = modelOf();
    if (!model) return noCapture();
    if (!model.calls) {
      void vscode.window.showInformationMessage(model.state === 'decoding' ? 'The capture is still being decoded; export when it is done.' : `No calls document: decoding ${model.state}.`);
      return undefined;
    }
    let target = args.find((a): a is vscode.Uri => a instanceof vscode.Uri);
    if (!target) {
      const base = model.uri.path.slice(model.uri.path.lastIndexOf('/') + 1).replace(/(\.gz)?$/i, '').replace(/\.[^.]*$/, '');
      const dir = vscode.Uri.joinPath(model.uri, '..');
      target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(dir, `${base || 'capture'}.calls.json`), filters: { JSON: ['json'] }, title: 'Export calls as JSON' });
      if (!target) return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(callsJson(model.calls)));
    return target;
  });

  /** Show Call Flow: for the call node (or call ID) given, else the call of the selected message, else a pick. */
  register(COMMANDS.showCallFlow, async (arg?: unknown) => {
    const model = deps.calls.current ?? modelOf();
    if (!model) return noCapture();
    const doc = model.calls;
    if (!doc) {
      void vscode.window.showInformationMessage('Calls are known once the capture is decoded.');
      return undefined;
    }
    let callId: string | undefined;
    if (typeof arg === 'string') callId = arg;
    else if (isNode(arg) && 'call' in arg) callId = doc.calls[arg.call]?.id;
    else if (isNode(arg) && 'index' in arg) callId = ownerCall(arg.index);
    else if (registry.selection && registry.selection.uri.toString() === model.uri.toString()) callId = ownerCall(registry.selection.messageIndex);
    if (!callId) {
      if (doc.calls.length === 0) {
        void vscode.window.showInformationMessage('This capture has no calls.');
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        doc.calls.map((c) => ({ label: c.id, description: `${c.callingParty ?? '?'} → ${c.calledParty ?? '?'}`, detail: `${c.endReason}, ${c.legs.length} legs, from frame ${c.start.frame}` })),
        { title: 'Show call flow of', placeHolder: 'Pick a call' },
      );
      callId = pick?.label;
    }
    if (!callId || !doc.calls.some((c) => c.id === callId)) return undefined;
    deps.callFlow.show(model, callId);
    return callId;

    function ownerCall(messageIndex: number): string | undefined {
      const owner = deps.calls.current === model ? deps.calls.callOf(messageIndex) : undefined;
      return owner ? doc!.calls[owner.call]?.id : undefined;
    }
  });

  /** Go to Frame: selects the first message of that frame (or the next frame with SCCP). */
  register(COMMANDS.goToFrame, async (arg?: unknown) => {
    const model = modelOf();
    if (!model) return noCapture();
    let frame = typeof arg === 'number' ? arg : undefined;
    if (frame === undefined) {
      const text = await vscode.window.showInputBox({
        title: 'Go to frame',
        prompt: 'Frame number',
        validateInput: (v) => (/^\s*\d+\s*$/.test(v) && Number(v) > 0 ? undefined : 'A frame number (1, 2, ...)'),
      });
      if (text === undefined) return undefined;
      frame = Number(text);
    }
    const index = findFrame(model.messages, frame);
    if (index === undefined) {
      void vscode.window.showInformationMessage(`No SCCP message in frame ${frame} or after it.`);
      return undefined;
    }
    registry.select({ uri: model.uri, messageIndex: index, origin: 'command' });
    return index;
  });

  /** Filter Messages: narrows the capture editor's list (same syntax as its filter box). */
  register(COMMANDS.filterMessages, async (arg?: unknown) => {
    const model = modelOf();
    if (!model) return noCapture();
    let filter = typeof arg === 'string' ? arg : undefined;
    if (filter === undefined) {
      const current = (registry as { filterOf?: (u: vscode.Uri) => string }).filterOf?.(model.uri) ?? '';
      filter = await vscode.window.showInputBox({ title: 'Filter SCCP messages', prompt: 'Message name or ID, call, station or address (empty clears the filter)', value: current });
      if (filter === undefined) return undefined;
    }
    registry.setFilter(model.uri, filter.trim());
    return filter.trim();
  });

  /** The message and field a command acts on: the node it was invoked on, else the shared selection. */
  const fieldTarget = (arg: unknown): { model: CaptureModel; index: number; path?: number[] } | undefined => {
    const model = deps.messages.current ?? modelOf();
    if (isNode(arg) && (arg.kind === 'field' || arg.kind === 'message') && model) return { model, index: arg.index, ...(arg.kind === 'field' ? { path: [...arg.path] } : {}) };
    const sel = registry.selection;
    const selModel = sel ? registry.get(sel.uri) : undefined;
    if (sel && selModel) return { model: selModel, index: sel.messageIndex, ...(sel.fieldPath ? { path: [...sel.fieldPath] } : {}) };
    return undefined;
  };

  /** Copy Field Value: the raw value of the field (text, address, number); of the message's name when no field. */
  register(COMMANDS.copyFieldValue, async (arg?: unknown) => {
    const t = fieldTarget(arg);
    if (!t) {
      void vscode.window.showInformationMessage('Select a field of an SCCP message first.');
      return undefined;
    }
    const m = t.model.messages[t.index];
    const field = t.path ? fieldAt(m, t.path) : undefined;
    const value = field ? fieldValueForCopy(field) : (m?.name ?? '');
    await vscode.env.clipboard.writeText(value);
    return value;
  });

  /** Reveal Bytes: selects the field everywhere, so the capture editor shows and highlights its bytes. */
  register(COMMANDS.revealBytes, (arg?: unknown) => {
    const t = fieldTarget(arg);
    if (!t) {
      void vscode.window.showInformationMessage('Select an SCCP message or field first.');
      return undefined;
    }
    const selection = { uri: t.model.uri, messageIndex: t.index, ...(t.path ? { fieldPath: t.path } : {}), origin: 'command' as const };
    registry.select(selection);
    return selection;
  });

  /** Open Decoded as Text: the whole capture as `sccp-dissect decode --format text` prints it, read-only. */
  register(COMMANDS.openDecodedAsText, async (arg?: unknown) => {
    const model = (isNode(arg) ? deps.messages.current : undefined) ?? modelOf();
    if (!model) return noCapture();
    const uri = decodedUri(model.uri);
    decodedDocs.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const index = isNode(arg) && 'index' in arg ? arg.index : undefined;
    if (index !== undefined) {
      const line = decodedDocs.lineOf(model, index);
      if (line !== undefined) {
        const pos = new vscode.Position(line, 0);
        editor.selection = new vscode.Selection(pos, pos);
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
      }
    }
    return uri;
  });
}

/** sccp-decoded:/<name>.txt?<capture URI>: one read-only document per capture. */
export function decodedUri(capture: vscode.Uri): vscode.Uri {
  const name = capture.path.slice(capture.path.lastIndexOf('/') + 1) || 'capture';
  return vscode.Uri.from({ scheme: DECODED_SCHEME, path: `/${name}.txt`, query: capture.toString() });
}

/** Serves the text decode of an open capture from its model (never re-reading the file). */
class DecodedTextProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly registry: CaptureRegistry) {}

  private modelFor(uri: vscode.Uri): CaptureModel | undefined {
    try {
      return this.registry.get(vscode.Uri.parse(uri.query, true));
    } catch {
      return undefined;
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const model = this.modelFor(uri);
    if (!model) return 'The capture is not open any more: open it again to see its decode.\n';
    return decodedText(model.messages, tlsLines(model));
  }

  /** The 0-based line where a message's text begins. */
  lineOf(model: CaptureModel, index: number): number | undefined {
    if (index < 0 || index >= model.messages.length) return undefined;
    const text = decodedText(model.messages.slice(0, index), tlsLines(model).filter((t) => t.firstFrame <= (model.messages[index]?.frame ?? 0)));
    let lines = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    return index === 0 ? lines : lines + 1;
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The TLS connections the capture editor's model knows (a LiveCaptureModel keeps them in `tls`). */
function tlsLines(model: CaptureModel): TlsLine[] {
  const tls = (model as { tls?: unknown }).tls;
  if (!(tls instanceof Map)) return [];
  const out: TlsLine[] = [];
  for (const r of tls.values() as Iterable<Partial<TlsLine>>) {
    if (typeof r.stream === 'number' && typeof r.firstFrame === 'number' && typeof r.summary === 'string') out.push({ stream: r.stream, firstFrame: r.firstFrame, summary: r.summary });
  }
  return out;
}
