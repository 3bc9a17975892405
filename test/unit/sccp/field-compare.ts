import type { FieldNode } from '../../../src/core/sccp/message';
import type { RefField, RefMessage } from '../../helpers/tshark-reference';

/** A field of ours, flattened with its path. */
interface Flat {
  node: FieldNode;
  leaf: boolean;
}

function flatten(nodes: readonly FieldNode[], out: Flat[] = []): Flat[] {
  for (const n of nodes) {
    // A structure, array or union node is a container even when empty (tshark shows no named field for it).
    out.push({ node: n, leaf: !n.children });
    if (n.children) flatten(n.children, out);
  }
  return out;
}

/** tshark's `show` as a number when it is one (decimal, or hex as enums and flags are shown). */
function showAsNumber(show: string): number | undefined {
  if (/^0x[0-9a-fA-F]+$/.test(show)) return parseInt(show, 16);
  if (/^-?\d+$/.test(show)) return Number(show);
  return undefined;
}

/** Printable ASCII without escapes: the only strings whose `show` we can compare as text. */
function plainText(show: string): boolean {
  return /^[\x20-\x7e]*$/.test(show) && !show.includes('\\');
}

export interface Mismatch {
  field: string;
  offset: number;
  what: string;
}

/**
 * Compares our decoded fields with tshark's leaves: every leaf of tshark's must be one of ours (same name, offset,
 * length and value), and every leaf of ours must be one of tshark's. Returns the differences.
 */
export function compareFields(ours: readonly FieldNode[], ref: RefMessage, ignore: (f: FieldNode) => boolean = () => false): Mismatch[] {
  const flat = flatten(ours);
  const out: Mismatch[] = [];
  const matched = new Set<FieldNode>();
  const refLeaves = ref.fields.filter((f) => f.leaf);
  for (const rf of refLeaves) {
    // Only our leaves stand for tshark leaves (an array node may share its name with its elements' field).
    const cand = flat.find((f) => f.leaf && !matched.has(f.node) && f.node.name === rf.name && f.node.offset === rf.offset);
    if (!cand) {
      out.push({ field: rf.name, offset: rf.offset, what: `tshark shows ${rf.name}=${rf.show} (${rf.length} bytes) at ${rf.offset}; we have no such field there` });
      continue;
    }
    matched.add(cand.node);
    if (cand.node.length !== rf.length) out.push({ field: rf.name, offset: rf.offset, what: `length ${cand.node.length}, tshark ${rf.length}` });
    const bad = valueDiffers(cand.node, rf);
    if (bad) out.push({ field: rf.name, offset: rf.offset, what: bad });
  }
  for (const f of flat) {
    if (!f.leaf || matched.has(f.node) || ignore(f.node)) continue;
    out.push({ field: f.node.name, offset: f.node.offset, what: `we show ${f.node.name}=${String(f.node.value)} (${f.node.length} bytes) at ${f.node.offset}; tshark does not` });
  }
  return out;
}

function valueDiffers(n: FieldNode, rf: RefField): string | undefined {
  if (typeof n.value === 'number') {
    const t = showAsNumber(rf.show);
    if (t === undefined) return `value ${n.value}, tshark shows ${JSON.stringify(rf.show)}`;
    return t === n.value ? undefined : `value ${n.value}, tshark ${t}`;
  }
  if (typeof n.value === 'string') {
    if (!plainText(rf.show)) return undefined; // escaped bytes: offsets and lengths already pin the bytes
    return rf.show === n.value ? undefined : `value ${JSON.stringify(n.value)}, tshark ${JSON.stringify(rf.show)}`;
  }
  return undefined;
}
