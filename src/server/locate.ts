/**
 * From a byte of a packet to what it belongs to: a lower-layer header, or an SCCP message and the deepest field of
 * its decoded tree that covers it.
 */
import type { FieldNode } from '../core/sccp/message';
import type { HexDocument } from './document-model';
import { viewOf, type LayerSpan, type MessageView, type PacketView } from './packet-view';

export interface Located {
  packet: number;
  byte: number;
  view: PacketView;
  layer?: LayerSpan;
  message?: { index: number; view: MessageView; offset: number; path: FieldNode[] };
}

export function locate(doc: HexDocument, packet: number, byte: number): Located {
  const view = packetView(doc, packet);
  const out: Located = { packet, byte, view };
  const mi = view.messages.findIndex((m) => byte >= m.start && byte < m.end);
  if (mi >= 0) {
    const m = view.messages[mi]!;
    const offset = byte - m.start;
    out.message = { index: mi, view: m, offset, path: fieldPath(m.body.fields, offset) };
    return out;
  }
  const layer = view.layers.find((l) => byte >= l.start && byte < l.end);
  if (layer) out.layer = layer;
  return out;
}

export function packetView(doc: HexDocument, packet: number): PacketView {
  const packets = doc.packets;
  return viewOf(packets[packet]!, packet > 0 ? packets[packet - 1] : undefined);
}

/** The chain of fields from the top of the tree down to the deepest one covering `offset` (empty when none). */
export function fieldPath(nodes: readonly FieldNode[], offset: number): FieldNode[] {
  for (const n of nodes) {
    if (offset >= n.offset && offset < n.offset + n.length) {
      return [n, ...(n.children ? fieldPath(n.children, offset) : [])];
    }
  }
  return [];
}
