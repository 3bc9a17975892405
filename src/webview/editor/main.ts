/**
 * The capture editor's webview: a virtualised message list, the decoded tree of the selected message and its hex
 * bytes, a filter box and a status line. Everything from the capture goes into the DOM through textContent (or
 * title), never as markup. It talks to the host only by messages (src/extension/editor/editor-protocol.ts).
 */
import { printable } from '../../core/export/message-text';
import type { FieldNode } from '../../core/sccp/message';
import type { AlgMark } from '../../extension/editor/alg-marks';
import type { HostToWebview, MessageDetail, MessageRow, StatusInfo, WebviewToHost } from '../../extension/editor/editor-protocol';

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void };
const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost) => vscode.postMessage(m);

const ROW_HEIGHT = 22;
const OVERSCAN = 8;
/**
 * Tallest the list's scrolled content is made. Browsers lay out elements only up to a limit (Chromium about 33.5
 * million pixels, Firefox about 17.9 million): past this, the scroll range is this tall and scrolling moves through
 * the rows proportionally faster, so that the last of millions of rows can still be reached.
 */
const MAX_LIST_PX = 16_000_000;
const COLUMNS: { key: keyof MessageRow; label: string; cls: string }[] = [
  { key: 'index', label: 'No.', cls: 'c-no' },
  { key: 'frame', label: 'Frame', cls: 'c-frame' },
  { key: 'time', label: 'Time', cls: 'c-time' },
  { key: 'source', label: 'Source', cls: 'c-addr' },
  { key: 'destination', label: 'Destination', cls: 'c-addr' },
  { key: 'name', label: 'Message', cls: 'c-name' },
  { key: 'call', label: 'Call', cls: 'c-call' },
  { key: 'info', label: 'Info', cls: 'c-info' },
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A small shield, drawn (fonts in the webview may lack a shield glyph): marks what a firewall ALG acts on. */
function shieldIcon(label: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('class', 'alg-mark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M8 1 L14 3.5 V7.5 C14 11 11.5 13.8 8 15 C4.5 13.8 2 11 2 7.5 V3.5 Z');
  svg.append(path);
  return svg;
}

// ---- layout --------------------------------------------------------------------------------------------------
const app = document.getElementById('app')!;
const toolbar = el('div', 'toolbar');
const filterBox = el('input', 'filter');
filterBox.type = 'search';
filterBox.placeholder = 'Filter: name, 0x0022, call:N, station:NAME, addr:10.0.0.1, frame:N, !term';
filterBox.setAttribute('aria-label', 'Filter messages');
filterBox.dataset.testid = 'filter';
const statusLine = el('div', 'status');
statusLine.setAttribute('role', 'status');
statusLine.dataset.testid = 'status';
toolbar.append(filterBox, statusLine);

const header = el('div', 'list-header');
header.setAttribute('role', 'row');
for (const c of COLUMNS) {
  const h = el('span', `cell ${c.cls}`, c.label);
  h.setAttribute('role', 'columnheader');
  header.append(h);
}
const list = el('div', 'list');
list.tabIndex = 0;
list.setAttribute('role', 'grid');
list.setAttribute('aria-label', 'SCCP messages');
list.dataset.testid = 'message-list';
const spacer = el('div', 'spacer');
list.append(spacer);

const lower = el('div', 'lower');
const treePane = el('div', 'tree-pane');
const detailTitle = el('div', 'detail-title', 'Select a message');
const detailContext = el('div', 'detail-context');
const tree = el('div', 'tree');
tree.setAttribute('role', 'tree');
tree.setAttribute('aria-label', 'Decoded fields');
tree.tabIndex = 0;
tree.dataset.testid = 'field-tree';
const problemsBox = el('div', 'problems');
treePane.append(detailTitle, detailContext, problemsBox, tree);
const hexPane = el('div', 'hex-pane');
hexPane.setAttribute('role', 'region');
hexPane.setAttribute('aria-label', 'Message bytes');
hexPane.dataset.testid = 'hex';
lower.append(treePane, hexPane);
app.append(toolbar, header, list, lower);

// ---- state ---------------------------------------------------------------------------------------------------
/** How many messages the list has; their rows are asked of the host as they come into view. */
let rowCount = 0;
/** Rows received, by message index: a few screens' worth (see ROW_CACHE), not the whole capture. */
const rows = new Map<number, MessageRow>();
/** Rows asked for and not yet received. */
const requested = new Set<number>();
/** Rows kept beyond those on screen; the oldest go first. */
const ROW_CACHE = 5000;
let visible: number[] | null = null;
let selectedIndex = -1;
let detail: MessageDetail | undefined;
let selectedPath: number[] | undefined;
let expanded = new Set<string>();
let rendered = new Map<number, HTMLElement>();

const shownCount = () => (visible ? visible.length : rowCount);
const rowAt = (position: number) => (visible ? visible[position] : position);
const positionOf = (index: number) => (visible ? visible.indexOf(index) : index);

const FIRST_ROWS_MARK = 'sccp-first-rows';

// ---- message list (only the visible rows are in the DOM) -----------------------------------------------------
/** Pixels of rows per pixel of scrolling: 1 until the rows are taller than MAX_LIST_PX. */
function scrollScale(): number {
  const rowsPx = shownCount() * ROW_HEIGHT;
  const view = list.clientHeight;
  return rowsPx <= MAX_LIST_PX || MAX_LIST_PX <= view ? 1 : (rowsPx - view) / (MAX_LIST_PX - view);
}

function renderList(): void {
  spacer.style.height = `${Math.min(shownCount() * ROW_HEIGHT, MAX_LIST_PX)}px`;
  // Where the view's top falls in the rows (in row pixels); rows are placed relative to the scrolled view.
  const offset = list.scrollTop * scrollScale();
  const first = Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shownCount(), Math.ceil((offset + list.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const keep = new Map<number, HTMLElement>();
  const missing: number[] = [];
  for (let pos = first; pos < last; pos++) {
    const index = rowAt(pos);
    // A message is shown once: a second place for it would leave an element behind that nothing tracks.
    if (index === undefined || keep.has(index)) continue;
    let e = rendered.get(index);
    if (!e) {
      const row = rows.get(index);
      if (!row) {
        if (!requested.has(index)) missing.push(index);
        continue;
      }
      e = makeRow(row);
    }
    e.style.top = `${list.scrollTop + pos * ROW_HEIGHT - offset}px`;
    e.setAttribute('aria-rowindex', String(pos + 1));
    e.classList.toggle('selected', index === selectedIndex);
    e.setAttribute('aria-selected', String(index === selectedIndex));
    keep.set(index, e);
    if (!e.parentElement) list.append(e);
  }
  for (const [index, e] of rendered) if (!keep.has(index)) e.remove();
  rendered = keep;
  if (missing.length > 0) {
    for (const i of missing) requested.add(i);
    post({ type: 'rows', indexes: missing });
  }
}

/** Keeps the row cache to its size: the rows received first go first (those on screen are in the DOM anyway). */
function trimRows(): void {
  for (const index of rows.keys()) {
    if (rows.size <= ROW_CACHE) break;
    rows.delete(index);
  }
}

function makeRow(row: MessageRow): HTMLElement {
  const e = el('div', 'row');
  e.setAttribute('role', 'row');
  e.dataset.index = String(row.index);
  e.dataset.testid = 'message-row';
  if (row.problem) e.classList.add('has-problem');
  if (row.tls) e.classList.add('tls');
  for (const c of COLUMNS) {
    const value = c.key === 'index' ? String(row.index + 1) : String(row[c.key]);
    const cell = el('span', `cell ${c.cls}`, value);
    cell.setAttribute('role', 'gridcell');
    if (c.key === 'name') {
      if (row.media) {
        cell.prepend(shieldIcon('carries media addresses: a firewall ALG opens pinholes for them'));
      }
    }
    // No title from capture text: attributes stay free of anything the capture says (the security tests check it).
    // A space between cells (not rendered in the flex row) keeps the row's text readable for screen readers and search.
    if (e.childElementCount > 0) e.append(document.createTextNode(' '));
    e.append(cell);
  }
  e.addEventListener('click', () => selectMessage(row.index, true));
  return e;
}

list.addEventListener('scroll', () => renderList());
new ResizeObserver(() => renderList()).observe(list);

function selectMessage(index: number, notify: boolean, fieldPath?: number[]): void {
  if (index < 0 || index >= rowCount) return;
  selectedIndex = index;
  selectedPath = fieldPath;
  reveal(index);
  renderList();
  if (notify) post({ type: 'select', index, ...(fieldPath ? { fieldPath } : {}) });
}

function reveal(index: number): void {
  const pos = positionOf(index);
  if (pos < 0) return;
  const scale = scrollScale();
  const top = pos * ROW_HEIGHT;
  const offset = list.scrollTop * scale;
  if (top < offset) list.scrollTop = top / scale;
  else if (top + ROW_HEIGHT > offset + list.clientHeight) list.scrollTop = (top + ROW_HEIGHT - list.clientHeight) / scale;
}

list.addEventListener('keydown', (ev) => {
  const n = shownCount();
  if (n === 0) return;
  const page = Math.max(1, Math.floor(list.clientHeight / ROW_HEIGHT) - 1);
  let pos = Math.max(0, positionOf(selectedIndex));
  switch (ev.key) {
    case 'ArrowDown': pos = selectedIndex < 0 ? 0 : pos + 1; break;
    case 'ArrowUp': pos -= 1; break;
    case 'PageDown': pos += page; break;
    case 'PageUp': pos -= page; break;
    case 'Home': pos = 0; break;
    case 'End': pos = n - 1; break;
    case 'Enter': tree.focus(); ev.preventDefault(); return;
    default: return;
  }
  ev.preventDefault();
  const index = rowAt(Math.min(n - 1, Math.max(0, pos)));
  if (index !== undefined) selectMessage(index, true);
});

// ---- decoded tree --------------------------------------------------------------------------------------------
const pathKey = (p: readonly number[]) => p.join('.');

function fieldAt(path: readonly number[]): FieldNode | undefined {
  let nodes = detail?.fields;
  let f: FieldNode | undefined;
  for (const i of path) {
    f = nodes?.[i];
    nodes = f?.children;
  }
  return f;
}

function fieldLabel(f: FieldNode): string {
  if (f.value === null) return f.display ? `${f.name} (${f.display})` : f.name;
  // Control characters and bidi overrides shown escaped (so text cannot reorder or hide itself); the rest verbatim.
  if (typeof f.value === 'string') return `${f.name}: "${printable(f.value)}"`;
  return f.display !== undefined ? `${f.name}: ${f.display} (${f.value})` : `${f.name}: ${f.value}`;
}

function renderTree(): void {
  tree.replaceChildren();
  if (!detail) return;
  const marks = new Map<string, AlgMark>(detail.alg.map((m) => [pathKey(m.path), m]));
  const build = (nodes: readonly FieldNode[], parent: HTMLElement, prefix: number[], level: number) => {
    nodes.forEach((f, i) => {
      const path = [...prefix, i];
      const key = pathKey(path);
      const item = el('div', 'tree-item');
      item.setAttribute('role', 'treeitem');
      item.setAttribute('aria-level', String(level));
      item.dataset.path = key;
      const selected = selectedPath !== undefined && pathKey(selectedPath) === key;
      item.setAttribute('aria-selected', String(selected));
      const line = el('div', 'tree-line');
      line.style.paddingLeft = `${(level - 1) * 14 + 4}px`;
      const hasChildren = (f.children?.length ?? 0) > 0;
      const twisty = el('span', 'twisty', hasChildren ? (expanded.has(key) ? '▾' : '▸') : '');
      line.append(twisty);
      const mark = marks.get(key);
      if (mark) {
        line.title = mark.tooltip;
        line.append(shieldIcon('ALG-relevant media field'));
      }
      line.append(el('span', 'label', fieldLabel(f)), el('span', 'range', ` [${f.offset}+${f.length}]`));
      if (f.value !== null || !line.title) line.title = line.title || `${f.name}: bytes ${f.offset} to ${f.offset + f.length - 1}`;
      item.append(line);
      if (selected) line.classList.add('selected');
      line.addEventListener('click', (ev) => {
        ev.stopPropagation();
        if (hasChildren && (ev.target === twisty || selected)) toggle(key);
        selectField(path);
      });
      if (hasChildren) {
        item.setAttribute('aria-expanded', String(expanded.has(key)));
        if (expanded.has(key)) {
          const group = el('div', 'group');
          group.setAttribute('role', 'group');
          build(f.children!, group, path, level + 1);
          item.append(group);
        }
      }
      parent.append(item);
    });
  };
  build(detail.fields, tree, [], 1);
}

function toggle(key: string): void {
  if (expanded.has(key)) expanded.delete(key);
  else expanded.add(key);
}

function selectField(path: number[], notify = true): void {
  selectedPath = path;
  // Make the field visible: expand its parents.
  for (let i = 1; i < path.length; i++) expanded.add(pathKey(path.slice(0, i)));
  renderTree();
  highlightBytes();
  tree.querySelector('[role="treeitem"][aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  if (notify && detail) post({ type: 'select', index: detail.index, fieldPath: path });
}

/** Visible tree items in order, for keyboard navigation. */
function visiblePaths(): number[][] {
  const out: number[][] = [];
  const walk = (nodes: readonly FieldNode[] | undefined, prefix: number[]) =>
    nodes?.forEach((f, i) => {
      const p = [...prefix, i];
      out.push(p);
      if (expanded.has(pathKey(p))) walk(f.children, p);
    });
  walk(detail?.fields, []);
  return out;
}

tree.addEventListener('keydown', (ev) => {
  const paths = visiblePaths();
  if (paths.length === 0) return;
  const cur = selectedPath ? paths.findIndex((p) => pathKey(p) === pathKey(selectedPath!)) : -1;
  const f = selectedPath ? fieldAt(selectedPath) : undefined;
  switch (ev.key) {
    case 'ArrowDown': selectField(paths[Math.min(paths.length - 1, cur + 1)]!); break;
    case 'ArrowUp': selectField(paths[Math.max(0, cur - 1)]!); break;
    case 'ArrowRight':
      if (selectedPath && f?.children?.length) { expanded.add(pathKey(selectedPath)); selectField(selectedPath); }
      break;
    case 'ArrowLeft':
      if (selectedPath && expanded.has(pathKey(selectedPath))) { expanded.delete(pathKey(selectedPath)); selectField(selectedPath); }
      else if (selectedPath && selectedPath.length > 1) selectField(selectedPath.slice(0, -1));
      break;
    case 'Escape': list.focus(); break;
    default: return;
  }
  ev.preventDefault();
});

// ---- hex bytes -----------------------------------------------------------------------------------------------
function renderHex(): void {
  hexPane.replaceChildren();
  if (!detail) return;
  const n = detail.hex.length / 2;
  for (let line = 0; line < n; line += 16) {
    const row = el('div', 'hex-line');
    row.append(el('span', 'hex-offset', line.toString(16).padStart(4, '0')));
    const bytes = el('span', 'hex-bytes');
    const ascii = el('span', 'hex-ascii');
    for (let i = line; i < Math.min(n, line + 16); i++) {
      const text = detail.hex.slice(i * 2, i * 2 + 2);
      const b = el('span', 'byte', text);
      b.dataset.byte = String(i);
      b.dataset.testid = 'hex-byte';
      b.addEventListener('click', () => selectByte(i));
      bytes.append(b);
      const v = parseInt(text, 16);
      const a = el('span', 'char', v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.');
      a.dataset.char = String(i);
      a.addEventListener('click', () => selectByte(i));
      ascii.append(a);
    }
    row.append(bytes, ascii);
    hexPane.append(row);
  }
  highlightBytes();
}

function highlightBytes(): void {
  const f = selectedPath ? fieldAt(selectedPath) : undefined;
  const from = f ? f.offset : -1;
  const to = f ? f.offset + f.length : -1;
  for (const b of hexPane.querySelectorAll<HTMLElement>('[data-byte], [data-char]')) {
    const i = Number(b.dataset.byte ?? b.dataset.char);
    const on = i >= from && i < to;
    b.classList.toggle('highlighted', on);
    if (b.dataset.byte !== undefined) b.setAttribute('aria-selected', String(on));
  }
  hexPane.querySelector('.byte.highlighted')?.scrollIntoView({ block: 'nearest' });
}

/** The deepest field whose bytes contain `offset`. */
function fieldPathAt(offset: number): number[] | undefined {
  let best: number[] | undefined;
  const walk = (nodes: readonly FieldNode[] | undefined, prefix: number[]) =>
    nodes?.forEach((f, i) => {
      if (offset >= f.offset && offset < f.offset + f.length) {
        best = [...prefix, i];
        walk(f.children, best);
      }
    });
  walk(detail?.fields, []);
  return best;
}

function selectByte(i: number): void {
  const path = fieldPathAt(i);
  if (path) selectField(path);
}

// ---- detail, status, filter -----------------------------------------------------------------------------------
function showDetail(d: MessageDetail, fieldPath?: number[]): void {
  if (d.index !== selectedIndex) return;
  detail = d;
  // SCCP bodies are small: every structure starts open, so that all of a message is readable at once.
  expanded = new Set<string>();
  const openAll = (nodes: readonly FieldNode[] | undefined, prefix: number[]) =>
    nodes?.forEach((f, i) => {
      if (!f.children?.length) return;
      const p = [...prefix, i];
      expanded.add(pathKey(p));
      openAll(f.children, p);
    });
  openAll(d.fields, []);
  detailTitle.textContent = d.title;
  detailContext.textContent = d.context;
  problemsBox.replaceChildren(
    ...d.problems.map((p) => {
      const e = el('div', 'problem', `⚠ ${p.message}${p.offset !== undefined ? ` (byte ${p.offset})` : ''}`);
      e.setAttribute('role', 'note');
      return e;
    }),
  );
  selectedPath = fieldPath ?? firstBodyField(d);
  if (fieldPath) for (let i = 1; i < fieldPath.length; i++) expanded.add(pathKey(fieldPath.slice(0, i)));
  renderTree();
  renderHex();
}

/** With no field named, the first ALG field (or the first body field) is selected, so bytes show highlighted. */
function firstBodyField(d: MessageDetail): number[] | undefined {
  if (d.alg[0]) return d.alg[0].path;
  return d.fields.length > 3 ? [3] : d.fields.length > 0 ? [0] : undefined;
}

function showStatus(s: StatusInfo): void {
  const parts = [
    s.state === 'decoding' ? `Decoding… ${s.packets.toLocaleString('en')} packets` : `${s.packets.toLocaleString('en')} packets`,
    s.shown === s.messages ? `${s.messages.toLocaleString('en')} SCCP messages` : `${s.shown.toLocaleString('en')} of ${s.messages.toLocaleString('en')} messages shown`,
  ];
  if (s.calls !== undefined) parts.push(`${s.calls} call${s.calls === 1 ? '' : 's'}`);
  parts.push(`${s.problems} problem${s.problems === 1 ? '' : 's'}`);
  if (s.state === 'cancelled') parts.push('decoding cancelled');
  if (s.state === 'failed') parts.push(`decoding failed: ${s.error ?? 'unknown error'}`);
  if (s.filterErrors.length) parts.push(`filter terms not understood: ${s.filterErrors.join(' ')}`);
  statusLine.replaceChildren(el('span', undefined, parts.join(' · ')));
  for (const t of s.tls) statusLine.append(el('div', 'tls-note', `🔒 ${t}`));
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => post({ type: 'filter', text: filterBox.value }), 200);
});

window.addEventListener('message', (ev: MessageEvent<HostToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'reset':
      rowCount = 0;
      rows.clear();
      requested.clear();
      visible = null;
      selectedIndex = -1;
      detail = undefined;
      for (const e of rendered.values()) e.remove();
      rendered = new Map();
      tree.replaceChildren();
      hexPane.replaceChildren();
      renderList();
      break;
    case 'count':
      rowCount = m.count;
      renderList();
      break;
    case 'rows':
      for (const r of m.rows) {
        rows.set(r.index, r);
        requested.delete(r.index);
      }
      trimRows();
      renderList();
      // For bench/editor-first-rows.sh: when the first rows reached the screen, on the webview's own clock.
      if (rendered.size > 0 && performance.getEntriesByName(FIRST_ROWS_MARK).length === 0) performance.mark(FIRST_ROWS_MARK);
      break;
    case 'visible':
      visible = m.indexes;
      for (const e of rendered.values()) e.remove();
      rendered = new Map();
      renderList();
      break;
    case 'status':
      showStatus(m.status);
      break;
    case 'detail':
      showDetail(m.detail, m.fieldPath);
      break;
    case 'select':
      selectMessage(m.index, false, m.fieldPath);
      break;
    case 'filter':
      if (filterBox.value !== m.text) filterBox.value = m.text;
      break;
  }
});

post({ type: 'ready' });
