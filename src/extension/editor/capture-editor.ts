/**
 * The read-only capture editor: opening a capture starts its decode in a worker (decode-job.ts), fills the
 * registry's model, and shows the model in a webview (src/webview/editor) through the messages of
 * editor-protocol.ts. The webview only ever gets plain data and puts it in the DOM as text.
 */
import * as vscode from 'vscode';
import type { CaptureRegistryImpl, LiveCaptureModel } from '../capture-registry';
import { startDecode, type DecodeHandle } from './decode-job';
import { EditorPanel } from './editor-panel';

export const CAPTURE_EDITOR_VIEW_TYPE = 'sccpDissect.captureEditor';
/** The same editor for hex dumps, offered by "Reopen Editor With..." (their default is the sccp-hex text editor). */
export const HEX_DUMP_EDITOR_VIEW_TYPE = 'sccpDissect.hexDumpCaptureEditor';

class CaptureDocument implements vscode.CustomDocument {
  decode: DecodeHandle | undefined;
  constructor(
    readonly uri: vscode.Uri,
    readonly model: LiveCaptureModel,
    private readonly onDispose: () => void,
  ) {}
  dispose(): void {
    this.decode?.cancel();
    this.onDispose();
  }
}

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument> {
  static register(context: vscode.ExtensionContext, registry: CaptureRegistryImpl): vscode.Disposable {
    const provider = new CaptureEditorProvider(context, registry);
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(CAPTURE_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
      vscode.window.registerCustomEditorProvider(HEX_DUMP_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
      // New settings apply to every open capture: decode them again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('sccpDissect')) return;
        for (const doc of provider.documents) provider.redecode(doc);
      }),
    );
  }

  private readonly documents = new Set<CaptureDocument>();

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: CaptureRegistryImpl,
  ) {}

  openCustomDocument(uri: vscode.Uri): CaptureDocument {
    const model = this.registry.open(uri);
    const doc = new CaptureDocument(uri, model, () => {
      this.documents.delete(doc);
      this.registry.close(uri);
    });
    this.documents.add(doc);
    doc.decode = startDecode(this.context, model);
    return doc;
  }

  resolveCustomEditor(doc: CaptureDocument, panel: vscode.WebviewPanel): void {
    const view = new EditorPanel(this.context, this.registry, doc.model, panel);
    const activate = () => {
      if (panel.active) this.registry.setActive(doc.model);
    };
    activate();
    panel.onDidChangeViewState(activate);
    panel.onDidDispose(() => view.dispose());
  }

  private redecode(doc: CaptureDocument): void {
    doc.decode?.cancel();
    doc.model.reset();
    doc.decode = startDecode(this.context, doc.model);
  }
}
