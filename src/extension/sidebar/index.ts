/**
 * The sidebar: the "SCCP" view container with the Messages and Calls trees, the call-flow panels and the commands.
 * Everything here reads the CaptureRegistry (capture-model.ts) and never decodes: the trees follow the active
 * capture and the shared selection, and choosing a tree item selects its message everywhere.
 */
import * as vscode from 'vscode';
import type { CaptureModel, CaptureRegistry, CaptureSelection } from '../capture-model';
import { CallFlowPanels } from '../callflow/panel';
import { registerCommands } from '../commands';
import { callItemText, callNodeId, findTargetMessage, type CallTreeNode } from './call-nodes';
import { CallsTreeProvider } from './calls-tree';
import { nodeId, type MessageTreeNode } from './message-nodes';
import { MessagesTreeProvider, type MessagesViewNode } from './messages-tree';

export const MESSAGES_VIEW = 'sccpDissect.messages';
export const CALLS_VIEW = 'sccpDissect.calls';
export const HAS_CAPTURE_CONTEXT = 'sccpDissect.hasCapture';

/** What registerSidebar hands back (the extension's API passes it on to extension-host tests). */
export interface SidebarApi {
  readonly messages: MessagesTreeProvider;
  readonly calls: CallsTreeProvider;
  readonly messagesView: vscode.TreeView<MessagesViewNode>;
  readonly callsView: vscode.TreeView<CallTreeNode>;
  readonly callFlow: CallFlowPanels;
}

export function registerSidebar(context: vscode.ExtensionContext, registry: CaptureRegistry): SidebarApi {
  const messages = new MessagesTreeProvider();
  const calls = new CallsTreeProvider();
  const messagesView = vscode.window.createTreeView(MESSAGES_VIEW, { treeDataProvider: messages, showCollapseAll: true });
  const callsView = vscode.window.createTreeView(CALLS_VIEW, { treeDataProvider: calls, showCollapseAll: true });
  const callFlow = new CallFlowPanels(context, registry);
  context.subscriptions.push(messages, calls, messagesView, callsView, callFlow);

  // Ids of items we are selecting ourselves (to show the shared selection), so that their selection event is not
  // taken for the user's choice.
  let expectMessagesSelection: string | undefined;
  let expectCallsSelection: string | undefined;
  let modelListener: vscode.Disposable | undefined;

  const describe = (model: CaptureModel | undefined) => {
    const name = model ? model.uri.path.slice(model.uri.path.lastIndexOf('/') + 1) : '';
    messagesView.description = name;
    callsView.description = name;
    if (!model) {
      messagesView.message = 'Open a capture (.pcap, .pcapng, .cap) to see its SCCP messages.';
      callsView.message = 'Open a capture to see its calls.';
      return;
    }
    const n = model.messages.length;
    const counts = `${n} SCCP message${n === 1 ? '' : 's'} in ${model.packets} packets`;
    messagesView.message = model.state === 'decoding' ? `Decoding… ${counts} so far.` : n === 0 ? `No SCCP messages (${model.packets} packets, state ${model.state}).` : undefined;
    if (model.calls) callsView.message = model.calls.calls.length === 0 ? 'No calls in this capture.' : undefined;
    else callsView.message = model.state === 'decoding' ? 'Calls appear when decoding is done.' : `No calls: decoding ${model.state}.`;
  };

  const follow = (model: CaptureModel | undefined) => {
    modelListener?.dispose();
    messages.setModel(model);
    calls.setModel(model);
    describe(model);
    modelListener = model?.onDidChange(() => describe(model));
    void vscode.commands.executeCommand('setContext', HAS_CAPTURE_CONTEXT, model !== undefined);
  };
  follow(registry.active);
  context.subscriptions.push(registry.onDidChangeActive(follow), { dispose: () => modelListener?.dispose() });

  /** Shows the shared selection in the trees (only when visible: revealing would open a hidden view). */
  const showSelection = async (sel: CaptureSelection | undefined) => {
    const model = messages.current;
    if (!sel || !model || sel.uri.toString() !== model.uri.toString()) return;
    if (messagesView.visible && sel.origin !== 'messages-tree') {
      messages.sync();
      const node: MessageTreeNode = sel.fieldPath && sel.fieldPath.length ? { kind: 'field', index: sel.messageIndex, path: [...sel.fieldPath] } : { kind: 'message', index: sel.messageIndex };
      expectMessagesSelection = nodeId(node);
      await Promise.resolve(messagesView.reveal(node, { select: true, focus: false, expand: false })).catch(() => undefined);
    }
    if (callsView.visible && sel.origin !== 'calls-tree' && model.calls) {
      const owner = calls.callOf(sel.messageIndex);
      if (owner) {
        const node: CallTreeNode = { kind: 'leg', call: owner.call, leg: owner.leg };
        expectCallsSelection = callNodeId(node, model.calls);
        await Promise.resolve(callsView.reveal(node, { select: true, focus: false, expand: false })).catch(() => undefined);
      }
    }
  };
  context.subscriptions.push(
    registry.onDidChangeSelection((sel) => void showSelection(sel)),
    messagesView.onDidChangeVisibility((e) => {
      if (e.visible) void showSelection(registry.selection);
    }),
    callsView.onDidChangeVisibility((e) => {
      if (e.visible) void showSelection(registry.selection);
    }),
  );

  context.subscriptions.push(
    messagesView.onDidChangeSelection((e) => {
      const node = e.selection[0];
      const model = messages.current;
      if (!node || !model || node.kind === 'tls') return;
      if (expectMessagesSelection !== undefined && nodeId(node) === expectMessagesSelection) {
        expectMessagesSelection = undefined;
        return;
      }
      expectMessagesSelection = undefined;
      let index: number | undefined;
      let fieldPath: number[] | undefined;
      if (node.kind === 'message') index = node.index;
      else if (node.kind === 'field') {
        index = node.index;
        fieldPath = [...node.path];
      } else if (node.kind === 'frame') index = messages.frameIndex.messagesOf(node.frame)[0];
      if (index === undefined) return;
      registry.select({ uri: model.uri, messageIndex: index, ...(fieldPath ? { fieldPath } : {}), origin: 'messages-tree' });
    }),
    callsView.onDidChangeSelection((e) => {
      const node = e.selection[0];
      const model = calls.current;
      if (!node || !model?.calls) return;
      const id = callNodeId(node, model.calls);
      if (expectCallsSelection !== undefined && id === expectCallsSelection) {
        expectCallsSelection = undefined;
        return;
      }
      expectCallsSelection = undefined;
      const target = callTarget(node, model);
      if (target === undefined) return;
      registry.select({ uri: model.uri, messageIndex: target, origin: 'calls-tree' });
    }),
  );

  registerCommands(context, registry, { messages, calls, callFlow });
  return { messages, calls, messagesView, callsView, callFlow };
}

/** The message a Calls tree item points at, if any. */
function callTarget(node: CallTreeNode, model: CaptureModel): number | undefined {
  const doc = model.calls;
  if (!doc) return undefined;
  const target = callItemText(node, doc).target;
  return target ? findTargetMessage(model.messages, doc, target) : undefined;
}
