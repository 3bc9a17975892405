/**
 * The selected message as the webview shows it: the decoded tree (values already turned into display text), the
 * bytes, the problems, and the ALG marks on media fields. Pure; built on the host only for the message selected.
 */
import type { FieldNode, SccpMessage } from '../../core/sccp/message';
import type { DetailNode, MessageDetail } from '../../webview/editor/protocol';
import { algMarks } from './alg-marks';
import { relativeTime, type CaptureStart } from './rows';
import { endpointText, escapeInvisible } from './text';

/** Fields nested deeper than this are cut (a hostile capture cannot make a tree the webview chokes on). */
const MAX_DEPTH = 32;

export function messageDetail(m: SccpMessage, index: number, start: CaptureStart | undefined, fieldPath?: readonly number[]): MessageDetail {
  const marks = new Map(algMarks(m).map((a) => [a.path.join('/'), a.tooltip]));
  const frames = m.frames.length > 1 ? `frames ${m.frames.join(', ')}` : `frame ${m.frame}`;
  const dir = m.direction === 'station-to-callmanager' ? 'station -> CallManager' : m.direction === 'callmanager-to-station' ? 'CallManager -> station' : 'direction unknown';
  const time = relativeTime(m, start);
  const header = m.headerVersion === 0 ? 'Basic header' : `header V${m.headerVersion}`;
  const detail: MessageDetail = {
    index,
    title: `Message ${index + 1}: ${m.name} (${m.idHex})`,
    subtitle: [
      frames,
      time ? `${time} s` : m.time,
      `${endpointText(m.src, m.srcPort)} -> ${endpointText(m.dst, m.dstPort)}`,
      `stream ${m.stream}`,
      dir,
      header,
      `${m.bytes.length} bytes`,
      ...(m.tls ? ['read through NULL-cipher TLS (not encrypted)'] : []),
    ].join('  ·  '),
    tree: m.fields.map((f, i) => detailNode(f, [i], marks, 0)),
    bytes: Array.from(m.bytes),
    problems: m.problems.map((p) => ({ message: p.message, ...(p.offset !== undefined ? { offset: p.offset } : {}), ...(p.length !== undefined ? { length: p.length } : {}) })),
  };
  if (fieldPath && fieldPath.length > 0) detail.fieldPath = [...fieldPath];
  return detail;
}

function detailNode(f: FieldNode, path: number[], marks: ReadonlyMap<string, string>, depth: number): DetailNode {
  const node: DetailNode = { name: f.name, value: valueText(f), offset: f.offset, length: f.length };
  const alg = marks.get(path.join('/'));
  if (alg) node.alg = alg;
  if (f.children && f.children.length > 0 && depth < MAX_DEPTH) node.children = f.children.map((c, i) => detailNode(c, [...path, i], marks, depth + 1));
  return node;
}

export function valueText(f: Pick<FieldNode, 'value' | 'display'>): string {
  if (f.value === null) return f.display !== undefined ? escapeInvisible(f.display) : '';
  if (typeof f.value === 'string') return `"${escapeInvisible(f.value)}"`;
  return f.display !== undefined && f.display !== String(f.value) ? `${escapeInvisible(f.display)} (${f.value})` : String(f.value);
}
