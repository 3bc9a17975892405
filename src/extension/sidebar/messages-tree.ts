/** The Messages view: the active capture's frames -> SCCP messages -> fields (see message-nodes.ts for the shape). */
import * as vscode from 'vscode';
import type { CaptureModel } from '../capture-model';
import { FrameIndex } from './frame-index';
import { childrenOf, itemText, parentOf, type MessageTreeNode } from './message-nodes';

export class MessagesTreeProvider implements vscode.TreeDataProvider<MessageTreeNode>, vscode.Disposable {
  private model: CaptureModel | undefined;
  private readonly index = new FrameIndex();
  private readonly changed = new vscode.EventEmitter<MessageTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private modelListener: vscode.Disposable | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  get current(): CaptureModel | undefined {
    return this.model;
  }

  /** Follows another capture (or none). */
  setModel(model: CaptureModel | undefined): void {
    if (model === this.model) return;
    this.modelListener?.dispose();
    this.model = model;
    this.index.clear();
    if (model) this.index.update(model.messages);
    this.modelListener = model?.onDidChange(() => this.scheduleRefresh());
    this.changed.fire(undefined);
  }

  /** Batches arrive several times a second while decoding: refresh the tree at most every 300 ms. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.model) this.index.update(this.model.messages);
      this.changed.fire(undefined);
    }, 300);
  }

  /** Brings the frame index up to date now (before a reveal). */
  sync(): void {
    if (this.model) this.index.update(this.model.messages);
  }

  get frameIndex(): FrameIndex {
    return this.index;
  }

  getChildren(node?: MessageTreeNode): MessageTreeNode[] {
    if (!this.model) return [];
    this.index.update(this.model.messages);
    return childrenOf(node, this.model.messages, this.index);
  }

  getParent(node: MessageTreeNode): MessageTreeNode | undefined {
    if (!this.model) return undefined;
    return parentOf(node, this.model.messages, this.index);
  }

  getTreeItem(node: MessageTreeNode): vscode.TreeItem {
    const t = itemText(node, this.model?.messages ?? [], this.index);
    const item = new vscode.TreeItem(t.label, t.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = t.id;
    item.description = t.description;
    const tip = new vscode.MarkdownString(t.tooltip);
    tip.supportHtml = false;
    tip.isTrusted = false;
    item.tooltip = tip;
    item.accessibilityInformation = { label: t.ariaLabel };
    item.contextValue = t.contextValue;
    item.iconPath = new vscode.ThemeIcon(t.icon);
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.modelListener?.dispose();
    this.changed.dispose();
  }
}
