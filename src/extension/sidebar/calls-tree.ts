/** The Calls view: the active capture's calls -> legs -> media legs, pinholes, findings (see call-nodes.ts). */
import * as vscode from 'vscode';
import { treeItemOf } from './tree-item';
import type { CaptureModel } from '../capture-model';
import { callOfMessages } from '../callflow/call-messages';
import { callChildren, callItemText, callParent, type CallTreeNode } from './call-nodes';

export class CallsTreeProvider implements vscode.TreeDataProvider<CallTreeNode>, vscode.Disposable {
  private model: CaptureModel | undefined;
  private readonly changed = new vscode.EventEmitter<CallTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private modelListener: vscode.Disposable | undefined;
  private shownDoc: unknown;
  /** message index -> call and leg, built on first use for the document shown. */
  private membership: { doc: unknown; count: number; map: Map<number, { call: number; leg: number }> } | undefined;

  get current(): CaptureModel | undefined {
    return this.model;
  }

  setModel(model: CaptureModel | undefined): void {
    if (model === this.model) return;
    this.modelListener?.dispose();
    this.model = model;
    this.shownDoc = model?.calls;
    this.membership = undefined;
    // The document arrives once, when decoding ends (or goes away on a reset): refresh only then.
    this.modelListener = model?.onDidChange(() => {
      if (model.calls !== this.shownDoc) {
        this.shownDoc = model.calls;
        this.membership = undefined;
        this.changed.fire(undefined);
      }
    });
    this.changed.fire(undefined);
  }

  getChildren(node?: CallTreeNode): CallTreeNode[] {
    return callChildren(node, this.model?.calls);
  }

  getParent(node: CallTreeNode): CallTreeNode | undefined {
    return callParent(node);
  }

  getTreeItem(node: CallTreeNode): vscode.TreeItem {
    const doc = this.model?.calls;
    if (!doc) return new vscode.TreeItem('(no calls)');
    return treeItemOf(callItemText(node, doc));
  }

  /** The call and leg a message belongs to, if any. */
  callOf(messageIndex: number): { call: number; leg: number } | undefined {
    const m = this.model;
    if (!m?.calls) return undefined;
    if (!this.membership || this.membership.doc !== m.calls || this.membership.count !== m.messages.length) {
      this.membership = { doc: m.calls, count: m.messages.length, map: callOfMessages(m.messages, m.calls) };
    }
    return this.membership.map.get(messageIndex);
  }

  dispose(): void {
    this.modelListener?.dispose();
    this.changed.dispose();
  }
}
