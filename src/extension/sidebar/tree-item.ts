/** A native tree item from the pure text of a Messages or Calls node (tooltips are Markdown, never trusted or HTML). */
import * as vscode from 'vscode';
import type { ItemText } from './message-nodes';

export function treeItemOf(t: ItemText): vscode.TreeItem {
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
