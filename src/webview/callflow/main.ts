/**
 * The call-flow webview: draws the ladder diagram the extension computed (src/extension/callflow/layout.ts) as SVG.
 * Every piece of capture text goes in through textContent, never as markup or into an attribute. Arrows are buttons:
 * click, Enter or Space selects the message; Up/Down/Home/End move between arrows.
 */

import type { CallFlowLayout, HostToWebview, WebviewToHost } from './protocol';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void };

const vscodeApi = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const root = document.getElementById('root')!;
let arrowsByIndex = new Map<number, SVGGElement>();
let arrowEls: SVGGElement[] = [];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

function text(parent: Element, x: number, y: number, content: string, cls: string, anchor = 'middle'): SVGTextElement {
  const t = svg('text', { x, y, class: cls, 'text-anchor': anchor }, parent);
  t.textContent = content;
  return t;
}

function testId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

function render(layout: CallFlowLayout, selected: number | undefined): void {
  root.replaceChildren();
  const header = document.createElement('header');
  const h1 = document.createElement('h1');
  h1.textContent = layout.title;
  h1.dataset.testid = 'callflow-title';
  const sub = document.createElement('p');
  sub.textContent = layout.subtitle;
  sub.dataset.testid = 'callflow-subtitle';
  header.append(h1, sub);
  root.appendChild(header);

  // The column heads stay in view (a sticky strip) while the arrows scroll below them.
  const HEAD = 58;
  const strip = document.createElement('div');
  strip.className = 'heads';
  const heads = svg('svg', { width: layout.width, height: HEAD, viewBox: `0 0 ${layout.width} ${HEAD}`, role: 'group', 'data-testid': 'callflow-heads' }, strip);
  const drawing = svg('svg', { width: layout.width, height: layout.height - HEAD, viewBox: `0 ${HEAD} ${layout.width} ${layout.height - HEAD}`, role: 'group', 'aria-label': `Messages of call ${layout.callId}`, 'data-testid': 'callflow-svg' });
  const bottom = layout.height - 20;
  layout.columns.forEach((c, i) => {
    const g = svg('g', { class: `column ${c.kind}`, 'data-testid': `callflow-column-${i}`, role: 'img' }, heads);
    // Accessible names come from <title> children (text), so capture text never lands in an attribute.
    svg('title', {}, g).textContent = `${c.label} ${c.detail}`.trim();
    svg('rect', { x: c.x - 100, y: 6, width: 200, height: 46, rx: 4, class: 'column-box' }, g);
    text(g, c.x, 26, c.label, 'column-label');
    text(g, c.x, 44, c.detail, 'column-detail');
    svg('line', { x1: c.x, y1: HEAD, x2: c.x, y2: bottom, class: 'lifeline' }, drawing);
  });
  arrowsByIndex = new Map();
  arrowEls = [];
  for (const a of layout.arrows) {
    const from = layout.columns[a.from];
    const to = layout.columns[a.to];
    if (!from || !to) continue;
    const selectable = a.kind === 'message' && a.messageIndex !== undefined;
    const g = svg('g', { class: `arrow ${a.kind}`, 'data-testid': `callflow-arrow-${testId(a.id)}` }, drawing);
    svg('title', {}, g).textContent = `${a.description}, time ${a.time}`;
    if (selectable) {
      g.setAttribute('role', 'button');
      g.setAttribute('tabindex', '-1');
      g.dataset.messageIndex = String(a.messageIndex);
    } else g.setAttribute('role', 'img');
    // The whole row is the button: time, label and arrow.
    svg('rect', { x: 0, y: a.y - 22, width: layout.width, height: 30, class: 'hit' }, g);
    svg('line', { x1: from.x, y1: a.y, x2: to.x, y2: a.y, class: 'shaft' }, g);
    const dir = to.x >= from.x ? 1 : -1;
    svg('polygon', { points: `${to.x},${a.y} ${to.x - dir * 9},${a.y - 5} ${to.x - dir * 9},${a.y + 5}`, class: 'head' }, g);
    text(g, (from.x + to.x) / 2, a.y - 6, a.label, 'arrow-label');
    text(g, 8, a.y + 4, `${a.time}  #${a.frame}`, 'arrow-time', 'start');
    if (selectable) {
      arrowsByIndex.set(a.messageIndex!, g);
      arrowEls.push(g);
      g.addEventListener('click', () => choose(g));
    }
  }
  if (arrowEls[0]) arrowEls[0].setAttribute('tabindex', '0');
  root.append(strip, drawing);
  if (selected !== undefined) highlight(selected, false);
}

function choose(g: SVGGElement): void {
  focusArrow(g);
  const index = Number(g.dataset.messageIndex);
  highlight(index, false);
  vscodeApi.postMessage({ type: 'select', messageIndex: index });
}

function focusArrow(g: SVGGElement): void {
  for (const el of arrowEls) el.setAttribute('tabindex', el === g ? '0' : '-1');
  g.focus();
}

function highlight(index: number, scroll: boolean): void {
  for (const el of arrowEls) {
    el.classList.remove('selected');
    el.removeAttribute('aria-pressed');
  }
  const g = arrowsByIndex.get(index);
  if (!g) return;
  g.classList.add('selected');
  g.setAttribute('aria-pressed', 'true');
  for (const el of arrowEls) el.setAttribute('tabindex', el === g ? '0' : '-1');
  if (scroll) g.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

root.addEventListener('keydown', (e: KeyboardEvent) => {
  const current = arrowEls.indexOf(document.activeElement as SVGGElement);
  if (current < 0) return;
  let next = current;
  switch (e.key) {
    case 'ArrowDown':
      next = Math.min(arrowEls.length - 1, current + 1);
      break;
    case 'ArrowUp':
      next = Math.max(0, current - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = arrowEls.length - 1;
      break;
    case 'Enter':
    case ' ':
      e.preventDefault();
      choose(arrowEls[current]!);
      return;
    default:
      return;
  }
  e.preventDefault();
  const g = arrowEls[next]!;
  focusArrow(g);
  g.scrollIntoView({ block: 'nearest', inline: 'nearest' });
});

function showText(message: string): void {
  root.replaceChildren();
  const p = document.createElement('p');
  p.className = 'empty';
  p.dataset.testid = 'callflow-empty';
  p.textContent = message;
  root.appendChild(p);
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as HostToWebview;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'layout') render(msg.layout, msg.selected);
  else if (msg.type === 'selected') highlight(msg.messageIndex, true);
  else if (msg.type === 'empty') showText(msg.text);
});

vscodeApi.postMessage({ type: 'ready' });
