/**
 * The Messages tree as pure data: frames that carry SCCP, the messages in each, and their decoded fields. Nodes are
 * small keys (a frame number, a message index, a field path) so that a tree over a million messages costs nothing
 * until a branch is expanded. Above `chunk` frames the top level groups frames into ranges (of chunk, chunk²...
 * frames), as Wireshark's list is too long to show as one flat level in a tree.
 */
import { fieldValueText, printable } from '../../core/export/message-text';
import { messageById } from '../../core/sccp/catalog';
import { catalogCardLines, escapeMarkdown, mediaRoleText } from '../../core/sccp/catalog-card';
import type { FieldNode, SccpMessage } from '../../core/sccp/message';
import type { FrameIndex } from './frame-index';

export type MessageTreeNode =
  /** Frames at positions [first, last] of the frame index. */
  | { readonly kind: 'range'; readonly first: number; readonly last: number }
  | { readonly kind: 'frame'; readonly frame: number }
  | { readonly kind: 'message'; readonly index: number }
  | { readonly kind: 'field'; readonly index: number; readonly path: readonly number[] };

export interface ItemText {
  id: string;
  label: string;
  description: string;
  /** Markdown (capture text escaped). */
  tooltip: string;
  /** Plain text for screen readers. */
  ariaLabel: string;
  expandable: boolean;
  /** For menus: sccpFrame, sccpMessage, sccpField, sccpFieldAlg, sccpRange. */
  contextValue: string;
  /** A codicon name. */
  icon: string;
}

export const DEFAULT_CHUNK = 1000;

/** Top-level nodes: the frames themselves, or ranges of them when there are more than `chunk`. */
export function rootNodes(index: FrameIndex, chunk = DEFAULT_CHUNK): MessageTreeNode[] {
  return rangeChildren(0, index.frameCount - 1, index, chunk);
}

function rangeChildren(first: number, last: number, index: FrameIndex, chunk: number): MessageTreeNode[] {
  const count = last - first + 1;
  if (count <= 0) return [];
  const frames = index.frames;
  if (count <= chunk) {
    const out: MessageTreeNode[] = [];
    for (let i = first; i <= last; i++) out.push({ kind: 'frame', frame: frames[i]! });
    return out;
  }
  let size = chunk;
  while (count > size * chunk) size *= chunk;
  const out: MessageTreeNode[] = [];
  for (let s = first; s <= last; s += size) out.push({ kind: 'range', first: s, last: Math.min(last, s + size - 1) });
  return out;
}

export function childrenOf(node: MessageTreeNode | undefined, messages: readonly SccpMessage[], index: FrameIndex, chunk = DEFAULT_CHUNK): MessageTreeNode[] {
  if (!node) return rootNodes(index, chunk);
  switch (node.kind) {
    case 'range':
      return rangeChildren(node.first, node.last, index, chunk);
    case 'frame':
      return index.messagesOf(node.frame).map((i) => ({ kind: 'message', index: i }));
    case 'message':
    case 'field': {
      const fields = node.kind === 'message' ? messages[node.index]?.fields : fieldAt(messages[node.index], node.path)?.children;
      const base = node.kind === 'message' ? [] : node.path;
      return (fields ?? []).map((_, i) => ({ kind: 'field', index: node.index, path: [...base, i] }));
    }
  }
}

/** The parent node (for TreeView.reveal), or undefined at the top level. */
export function parentOf(node: MessageTreeNode, messages: readonly SccpMessage[], index: FrameIndex, chunk = DEFAULT_CHUNK): MessageTreeNode | undefined {
  switch (node.kind) {
    case 'field':
      return node.path.length > 1 ? { kind: 'field', index: node.index, path: node.path.slice(0, -1) } : { kind: 'message', index: node.index };
    case 'message': {
      const m = messages[node.index];
      return m ? { kind: 'frame', frame: m.frame } : undefined;
    }
    case 'frame':
      return enclosingRange(0, index.frameCount - 1, index.positionOf(node.frame), node.frame, index, chunk);
    case 'range':
      return enclosingRange(0, index.frameCount - 1, node.first, node, index, chunk);
  }
}

/** Walks down from the top level to find the range that directly holds `target` (a frame or a range). */
function enclosingRange(first: number, last: number, pos: number, target: number | MessageTreeNode, index: FrameIndex, chunk: number): MessageTreeNode | undefined {
  let parent: MessageTreeNode | undefined;
  let level = rangeChildren(first, last, index, chunk);
  for (;;) {
    const hit = level.find((n) => n.kind === 'range' && pos >= n.first && pos <= n.last);
    if (!hit || hit.kind !== 'range') return parent;
    if (typeof target !== 'number' && target.kind === 'range' && hit.first === target.first && hit.last === target.last) return parent;
    parent = hit;
    level = rangeChildren(hit.first, hit.last, index, chunk);
  }
}

/** The field a path names, or undefined when the path does not fit the message. */
export function fieldAt(m: SccpMessage | undefined, path: readonly number[]): FieldNode | undefined {
  let nodes: readonly FieldNode[] | undefined = m?.fields;
  let f: FieldNode | undefined;
  for (const i of path) {
    f = nodes?.[i];
    if (!f) return undefined;
    nodes = f.children;
  }
  return f;
}

/** Stable tree item ids: r:<first>-<last>, f:<frame>, m:<index>, m:<index>/<path joined by dots>. */
export function nodeId(node: MessageTreeNode): string {
  switch (node.kind) {
    case 'range':
      return `r:${node.first}-${node.last}`;
    case 'frame':
      return `f:${node.frame}`;
    case 'message':
      return `m:${node.index}`;
    case 'field':
      return `m:${node.index}/${node.path.join('.')}`;
  }
}

const DIRECTION: Record<string, string> = {
  'station-to-callmanager': 'station → CallManager',
  'callmanager-to-station': 'CallManager → station',
  unknown: 'direction unknown',
};

export function endpointText(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The clock time of an ISO-8601 timestamp ("07:52:10.506133"), as Wireshark's time-of-day column. */
export function timeOfDay(iso: string): string {
  const t = iso.indexOf('T');
  return t >= 0 ? iso.slice(t + 1).replace(/Z$/, '') : iso;
}

export function itemText(node: MessageTreeNode, messages: readonly SccpMessage[], index: FrameIndex): ItemText {
  switch (node.kind) {
    case 'range': {
      const frames = index.frames;
      const from = frames[node.first]!;
      const to = frames[node.last]!;
      const label = `Frames ${from}–${to}`;
      const count = node.last - node.first + 1;
      return { id: nodeId(node), label, description: `${count} frames with SCCP`, tooltip: `${label}: ${count} frames that carry SCCP messages`, ariaLabel: `${label}, ${count} frames`, expandable: true, contextValue: 'sccpRange', icon: 'list-unordered' };
    }
    case 'frame':
      return frameText(node.frame, messages, index);
    case 'message':
      return messageText(node.index, messages);
    case 'field':
      return fieldText(node, messages);
  }
}

function frameText(frame: number, messages: readonly SccpMessage[], index: FrameIndex): ItemText {
  const list = index.messagesOf(frame).map((i) => messages[i]!).filter(Boolean);
  const first = list[0];
  const names = list.map((m) => printable(m.name));
  const route = first ? `${endpointText(first.src, first.srcPort)} → ${endpointText(first.dst, first.dstPort)}` : '';
  const info = names.length > 4 ? `${names.slice(0, 4).join(', ')}, … (${names.length})` : names.join(', ');
  const label = `Frame ${frame}`;
  // Names first: in a narrow sidebar they are what tells frames apart (Wireshark's Info column).
  const description = first ? `${info} · ${timeOfDay(first.time)} · ${route}` : '';
  const tooltip = [`**${label}**`, '', first ? `${escapeMarkdown(first.time)} · ${escapeMarkdown(route)} · ${DIRECTION[first.direction] ?? ''}` : '', '', `${list.length} SCCP message${list.length === 1 ? '' : 's'}: ${escapeMarkdown(names.join(', '))}`].join('\n');
  return { id: `f:${frame}`, label, description, tooltip, ariaLabel: `${label}, ${list.length} messages: ${names.join(', ')}`, expandable: list.length > 0, contextValue: 'sccpFrame', icon: 'package' };
}

/** One message: its name, ID, direction; the tooltip is the catalog's card plus what this instance says. */
export function messageText(i: number, messages: readonly SccpMessage[]): ItemText {
  const m = messages[i];
  if (!m) return { id: `m:${i}`, label: '(gone)', description: '', tooltip: '', ariaLabel: 'message no longer available', expandable: false, contextValue: 'sccpMessage', icon: 'mail' };
  const name = printable(m.name);
  const dir = DIRECTION[m.direction] ?? '';
  const card = catalogCardLines(m.id, { layoutLines: 0 });
  card.push('', '---', '', `Message ${i + 1}, frame ${m.frame}${m.frames.length > 1 ? ` (frames ${m.frames.join(', ')})` : ''}, TCP stream ${m.stream}${m.tls ? ', read through NULL-cipher TLS' : ''}`);
  card.push('', `${escapeMarkdown(endpointText(m.src, m.srcPort))} → ${escapeMarkdown(endpointText(m.dst, m.dstPort))}, header ${m.headerVersion === 0 ? 'basic (0)' : `V${m.headerVersion}`}, length ${m.length}`);
  for (const e of m.media) card.push(`- media ${escapeMarkdown(e.role)}: ${e.ip !== undefined ? escapeMarkdown(endpointText(e.ip, e.port)) : `port ${e.port}`}`);
  for (const p of m.problems) card.push(`- ⚠ ${escapeMarkdown(p.message)}`);
  const icon = m.problems.length ? 'warning' : m.media.length ? 'radio-tower' : 'mail';
  return {
    id: `m:${i}`,
    label: name,
    description: `${m.idHex} · ${dir} · #${i + 1}`,
    tooltip: card.join('\n'),
    ariaLabel: `${name} ${m.idHex}, ${dir}, message ${i + 1}, frame ${m.frame}${m.problems.length ? `, ${m.problems.length} problems` : ''}`,
    expandable: m.fields.length > 0,
    contextValue: 'sccpMessage',
    icon,
  };
}

/** The media role a field carries when the catalog names it as a media IP or port field of the message. */
export function mediaRoleOf(m: SccpMessage, field: FieldNode): string | undefined {
  const def = messageById(m.id);
  return def?.media?.find((s) => s.ip === field.name || s.port === field.name)?.role;
}

/** A field's value as copied to the clipboard: the raw value (text, address or number), or the summary. */
export function fieldValueForCopy(f: FieldNode): string {
  if (f.value === null) return f.display ?? '';
  return String(f.value);
}

function fieldText(node: Extract<MessageTreeNode, { kind: 'field' }>, messages: readonly SccpMessage[]): ItemText {
  const m = messages[node.index];
  const f = fieldAt(m, node.path);
  const id = nodeId(node);
  if (!m || !f) return { id, label: '(gone)', description: '', tooltip: '', ariaLabel: 'field no longer available', expandable: false, contextValue: 'sccpField', icon: 'symbol-field' };
  const value = fieldValueText(f);
  const label = `${printable(f.name)}${value}`;
  const role = mediaRoleOf(m, f);
  const tip = [`**${escapeMarkdown(f.name)}**${value ? ` ${escapeMarkdown(value.replace(/^: /, '= '))}` : ''}`, '', `Message bytes ${f.offset}–${f.offset + Math.max(f.length, 1) - 1} (${f.length} byte${f.length === 1 ? '' : 's'}) of ${escapeMarkdown(m.name)}, frame ${m.frame}`];
  if (role) tip.push('', `**ALG:** media ${escapeMarkdown(role)}: ${escapeMarkdown(mediaRoleText(role))}. An SCCP ALG reads this field to open a pinhole for the media (and rewrites it under NAT).`);
  const problems = m.problems.filter((p) => p.offset !== undefined && p.offset >= f.offset && p.offset < f.offset + Math.max(1, f.length));
  for (const p of problems) tip.push('', `⚠ ${escapeMarkdown(p.message)}`);
  return {
    id,
    label,
    description: `[${f.offset}+${f.length}]`,
    tooltip: tip.join('\n'),
    ariaLabel: `${label}${role ? `, media ${role}, firewall relevant` : ''}`,
    expandable: (f.children?.length ?? 0) > 0,
    contextValue: role ? 'sccpFieldAlg' : 'sccpField',
    icon: role ? 'shield' : problems.length ? 'warning' : f.children?.length ? 'symbol-structure' : 'symbol-field',
  };
}
