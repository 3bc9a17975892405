/** The Messages view: the active capture's frames -> SCCP messages -> fields (see message-nodes.ts for the shape). */
import * as vscode from 'vscode';
import { treeItemOf } from './tree-item';
import type { CaptureModel } from '../capture-model';
import { FrameIndex } from './frame-index';
import { childrenOf, itemText, parentOf, type MessageTreeNode } from './message-nodes';

/** An SCCP-over-TLS connection, listed above the frames: its SCCP is encrypted (or, NULL cipher, in the frames). */
interface TlsNode {
  readonly kind: 'tls';
  readonly stream: number;
}
export type MessagesViewNode = MessageTreeNode | TlsNode;
type Node = MessagesViewNode;
const isTls = (n: Node): n is TlsNode => n.kind === 'tls';

export class MessagesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private model: CaptureModel | undefined;
  private readonly index = new FrameIndex();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
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

  getChildren(node?: Node): Node[] {
    if (!this.model) return [];
    if (node && isTls(node)) return [];
    this.index.update(this.model.messages);
    const children: Node[] = childrenOf(node, this.model.messages, this.index);
    if (node) return children;
    const tls: Node[] = [...this.model.tls.keys()].sort((a, b) => a - b).map((stream) => ({ kind: 'tls', stream }));
    return [...tls, ...children];
  }

  getParent(node: Node): Node | undefined {
    if (!this.model || isTls(node)) return undefined;
    return parentOf(node, this.model.messages, this.index);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (isTls(node)) return this.tlsItem(node.stream);
    return treeItemOf(itemText(node, this.model?.messages ?? [], this.index));
  }

  private tlsItem(stream: number): vscode.TreeItem {
    const r = this.model?.tls.get(stream);
    const label = `TCP stream ${stream}: ${r?.label ?? 'SCCP over TLS'}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `tls:${stream}`;
    item.description = r ? `from frame ${r.firstFrame}` : '';
    item.tooltip = r?.summary ?? label;
    item.accessibilityInformation = { label: `${label}${r ? `, ${r.summary}` : ''}` };
    item.contextValue = 'sccpTls';
    item.iconPath = new vscode.ThemeIcon(r?.protection === 'not-encrypted' ? 'unlock' : 'lock');
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.modelListener?.dispose();
    this.changed.dispose();
  }
}
