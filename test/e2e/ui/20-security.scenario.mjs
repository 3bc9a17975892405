// Editor security in the real browser (issue 7): a capture whose device and caller names, prompt texts, XML alarm
// and unknown-message bytes hold HTML, <script>, <img onerror>, CSP-bypass attempts, control characters,
// right-to-left overrides and a 3,000-character name (test/fixtures/captures/hostile-names.pcap, made by
// scripts/make-hostile-capture.mjs) renders as inert, readable text: the strings are in the page as text, no
// element or attribute of theirs is in the DOM, nothing runs (no dialog, no alert() attempt, no CSP violation),
// nothing is fetched, and the webview's Content-Security-Policy is strict.
import assert from 'node:assert/strict';
import { HOSTILE, UNKNOWN_ID } from '../../../scripts/make-hostile-capture.mjs';
import { acceptFirstPick, quickOpen, runCommand, until, webviewFrame } from './workbench.mjs';

const FILE = 'hostile-names.pcap';
const MARKERS = /evil\.ex|hostile-probe/;
let frame;
let mark;

/** Which message shows which planted strings, as exact text (the control-character prompt has its own test). */
const PLANTED = [
  { message: 'RegisterReq', strings: [HOSTILE.deviceName] },
  { message: 'CallInfo', strings: [HOSTILE.callingPartyName, HOSTILE.calledPartyName, HOSTILE.callingParty, HOSTILE.calledParty] },
  { message: 'DisplayPromptStatus', strings: [HOSTILE.prompt] },
  { message: 'CallInfoV2', strings: [HOSTILE.cspCallingPartyName, HOSTILE.longCalledPartyName] },
  { message: 'EnhancedAlarm', strings: ['<script>alert(10)</script>', '<b onmouseover=alert(11)>bold</b>'] },
];

/** Clicks the message list row of the n-th message with this name (rows are found by their text). */
async function selectMessage(name, nth = 0) {
  const rows = frame.locator(`[role="row"], tr, .row, [data-index]`).filter({ hasText: new RegExp(`\\b${name.replace(/[()]/g, '\\$&')}(?![A-Za-z0-9])`) });
  await until(`a list row for ${name}`, async () => (await rows.count()) > nth, 20_000);
  await rows.nth(nth).click();
}

/** Text of the smallest elements whose textContent holds `s` (in this frame). */
function elementsWithText(s) {
  return frame.evaluate((needle) => {
    const hits = [...document.querySelectorAll('body *')].filter((e) => (e.textContent ?? '').includes(needle));
    return hits.filter((e) => ![...e.children].some((c) => (c.textContent ?? '').includes(needle))).map((e) => e.tagName);
  }, s);
}

/** Reads a webview's CSP meta tag and checks it is strict; every script of the page carries its nonce. */
async function checkCsp(target, base) {
  const csp = await target.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? null);
  assert.ok(csp, 'a CSP meta tag');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [k, ...v] = d.split(/\s+/);
    return [k.toLowerCase(), v];
  }));
  assert.deepEqual(directives['default-src'], ["'none'"], `default-src 'none' in: ${csp}`);
  const scripts = directives['script-src'] ?? directives['default-src'];
  assert.ok(scripts.some((s) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(s)), `script-src has a nonce: ${csp}`);
  for (const [k, v] of Object.entries(directives)) {
    for (const src of v) {
      assert.ok(!/^'unsafe-eval'$|^'wasm-unsafe-eval'$/.test(src), `${k} ${src}`);
      if (k === 'script-src' || k === 'script-src-elem' || k === 'script-src-attr') assert.ok(src !== "'unsafe-inline'" && src !== "'unsafe-hashes'", `${k} ${src}`);
      // Sources allowed: keywords, nonces, data:/blob: for images and fonts, and the webview's own resource
      // origin (webview.cspSource: *.vscode-cdn.net in the browser, or the server itself).
      const own = /^https:\/\/[*a-z0-9.-]*\.vscode-cdn\.net$|^vscode-webview:|^vscode-resource:/.test(src) || src.startsWith(new URL(base).origin);
      const keyword = /^'(none|self|nonce-[^']+|unsafe-inline|strict-dynamic)'$/.test(src);
      const dataLike = (src === 'data:' || src === 'blob:') && /^(img|font|media)-src$/.test(k);
      assert.ok(own || keyword || dataLike, `${k} allows ${src} (remote or over-broad) in: ${csp}`);
      assert.ok(src !== '*' && src !== 'http:' && src !== 'https:', `${k} ${src}`);
    }
  }
  // Every script element carries the policy's nonce (VS Code's own acquireVsCodeApi prelude aside).
  const nonce = scripts.find((s) => s.startsWith("'nonce-")).slice(7, -1);
  const bad = await target.evaluate(
    (n) => [...document.scripts].filter((s) => s.nonce !== n && !/acquireVsCodeApi = \(function/.test(s.textContent)).map((s) => s.src || s.textContent.slice(0, 60)),
    nonce,
  );
  assert.deepEqual(bad, [], 'scripts without the nonce');
}

/** Elements and attributes that came from the capture, in every webview frame of the page (none expected). */
async function assertNothingInjected(page, when) {
  for (const f of page.frames()) {
    if (f === page.mainFrame() || f.isDetached()) continue;
    // A webview's content frame is two levels down; the level between (VS Code's host page) holds the iframe.
    const content = f.parentFrame() !== page.mainFrame();
    const found = await f.evaluate(([markers, content]) => {
      const re = new RegExp(markers);
      const out = [];
      for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
          if (/^on/i.test(a.name) || re.test(a.value) || /alert\(/.test(a.value)) out.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
        }
        if (content && /^(BASE|IFRAME|OBJECT|EMBED|FRAME|FOREIGNOBJECT)$/i.test(e.tagName)) {
          out.push(`<${e.tagName.toLowerCase()}>`);
        }
        if (e.tagName === 'META' && /refresh/i.test(e.getAttribute('http-equiv') ?? '')) out.push('<meta refresh>');
      }
      return out;
    }, [MARKERS.source, content]).catch(() => []);
    assert.deepEqual(found, [], `injected into ${f.url().slice(0, 100)} ${when}`);
  }
}

export const tests = [
  {
    name: 'the hostile capture opens in the capture editor',
    required: true,
    async run({ page, recorder }) {
      await runCommand(page, 'View: Close All Editors');
      mark = recorder.mark();
      await quickOpen(page, FILE);
      frame = await webviewFrame(page, 'text=RegisterReq', 60_000);
    },
  },
  {
    name: "the webview's Content-Security-Policy is strict",
    async run({ base }) {
      await checkCsp(frame, base);
    },
  },
  {
    name: 'device and caller names, prompts, XML and long strings show as text',
    async run() {
      for (const { message, strings } of PLANTED) {
        await selectMessage(message);
        for (const s of strings) {
          // As is, or C-escaped the way the CLI's text output shows strings (\" and \\): both are inert text.
          const escaped = s.replace(/[\\"]/g, (c) => `\\${c}`);
          const where = await until(`${JSON.stringify(s.slice(0, 40))}… of ${message} as text`, async () => {
            const hits = [...(await elementsWithText(s)), ...(escaped !== s ? await elementsWithText(escaped) : [])];
            return hits.length && hits;
          }, 10_000);
          assert.ok(where.length > 0);
        }
      }
    },
  },
  {
    name: 'control characters are shown readably, not raw',
    async run() {
      await selectMessage('DisplayPromptStatus', 1);
      // The printable pieces appear in order in one element; the control characters between them are not raw.
      const pieces = HOSTILE.controlPrompt.split(/[\x00-\x1f\x7f]+/).filter(Boolean);
      const found = await until('the control-character prompt', () => frame.evaluate((parts) => {
        for (const e of document.querySelectorAll('body *')) {
          const t = e.textContent ?? '';
          let at = 0;
          if (parts.every((p) => (at = t.indexOf(p, at)) >= 0 && (at += p.length))) {
            if (![...e.children].some((c) => parts.every((p) => (c.textContent ?? '').includes(p)))) return t;
          }
        }
        return null;
      }, pieces), 10_000);
      assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(found), `raw control characters shown: ${JSON.stringify(found.slice(0, 120))}`);
    },
  },
  {
    name: 'right-to-left overrides are escaped or isolated',
    async run() {
      await selectMessage('EnhancedAlarm');
      const verdict = await until('the alarm text', () => frame.evaluate(() => {
        const hits = [...document.querySelectorAll('body *')].filter((e) => (e.textContent ?? '').includes('gnp.exe'));
        const leaf = hits.find((e) => ![...e.children].some((c) => (c.textContent ?? '').includes('gnp.exe')));
        if (!leaf) return null;
        const raw = /[\u202a-\u202e\u2066-\u2069]/.test(leaf.textContent);
        let isolated = false;
        for (let e = leaf; e && e !== document.body; e = e.parentElement) {
          const b = getComputedStyle(e).unicodeBidi;
          if (e.tagName === 'BDI' || b === 'isolate' || b === 'plaintext' || b === 'isolate-override') isolated = true;
        }
        return { raw, isolated, text: leaf.textContent.slice(0, 80) };
      }), 10_000);
      assert.ok(!verdict.raw || verdict.isolated, `a raw bidi override without isolation: ${JSON.stringify(verdict)}`);
    },
  },
  {
    name: "the unknown message's bytes show as hex and inert ASCII",
    async run() {
      await selectMessage(`Unknown (0x${UNKNOWN_ID.toString(16)})`);
      // The hex of "<script src=" (3c 73 63 72 69 70 74) is on screen, in whatever grouping the byte view uses.
      const text = await frame.evaluate(() => document.body.innerText.toLowerCase().replace(/\s+/g, ' '));
      assert.ok(/3c ?73 ?63 ?72 ?69 ?70 ?74/.test(text), 'the body bytes in hex');
    },
  },
  {
    name: 'the call flow of the hostile call: names as text, strict CSP',
    async run({ page, base }) {
      await runCommand(page, 'SCCP: Show Call Flow');
      await acceptFirstPick(page, 'Show call flow of');
      const flow = await webviewFrame(page, '[data-testid="callflow-svg"]', 30_000);
      await checkCsp(flow, base);
      // The station's column is labelled with its device name, the call with its parties: as text.
      const text = await until('the call flow text', async () => {
        const t = await flow.evaluate(() => document.body.textContent ?? '');
        return t.includes(HOSTILE.deviceName) ? t : null;
      }, 15_000).catch(async () => flow.evaluate(() => document.body.textContent ?? ''));
      assert.ok(text.includes(HOSTILE.deviceName) || text.includes('1000'), `the call flow shows the station or the caller: ${text.slice(0, 200)}`);
      assert.equal(await flow.locator('svg script, svg foreignObject, [onload], [onerror]').count(), 0, 'no element from the capture');
    },
  },
  {
    name: 'nothing injected: no element or attribute from the capture in any webview',
    async run({ page }) {
      // Checked with each hostile message shown, since the tree shows one message at a time.
      for (const { message } of PLANTED) {
        await selectMessage(message);
        await page.waitForTimeout(300);
        await assertNothingInjected(page, `with ${message} selected`);
      }
      await assertNothingInjected(page, 'at the end');
    },
  },
  {
    name: 'nothing ran and nothing was fetched',
    async run({ recorder, base }) {
      const events = recorder.since(mark);
      const dialogs = events.filter((e) => e.kind === 'dialog' || /\[sccp-e2e-probe\] dialog-attempt/.test(e.text));
      assert.deepEqual(dialogs.map((e) => e.text), [], 'dialogs or alert() attempts');
      const csp = events.filter((e) => /\[sccp-e2e-probe\] csp-violation|Content Security Policy|Refused to/i.test(e.text));
      assert.deepEqual(csp.map((e) => `${e.text} (${e.url})`), [], 'CSP violations');
      const requests = events.filter((e) => e.kind === 'request' || e.kind === 'requestfailed');
      const hostile = requests.filter((e) => MARKERS.test(e.text));
      assert.deepEqual(hostile.map((e) => e.text), [], 'requests to the addresses in the capture');
      const origin = new URL(base).origin;
      // Beyond the workbench's own traffic: what webview frames (or the webview service worker) asked for.
      const fromWebviews = requests.filter((e) => /\/webview\/|vscode-cdn\.net/.test(e.url));
      const foreign = fromWebviews.filter((e) => {
        if (e.text.startsWith(origin) || e.text.startsWith('data:') || e.text.startsWith('blob:')) return false;
        // The webview's own resources (the extension's files) are served through the webview's service worker.
        return !/^https:\/\/[a-z0-9.+-]*vscode-resource\.vscode-cdn\.net\//.test(e.text);
      });
      assert.deepEqual(foreign.map((e) => e.text), [], 'requests beyond the workbench and the webview resources');
    },
  },
];
