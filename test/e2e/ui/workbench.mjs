// Helpers for the UI scenarios: loading the workbench with the extension under development, quick open, the
// command palette, finding a webview's content frame (two iframes deep), and a Recorder of what the pages do
// (console, CSP violations, dialogs and alert() attempts, network requests).

/** Loads the workbench on FOLDER with the extension at DEV loaded as "under development" (no install step). */
export async function openWorkbench(page, base, folder, dev) {
  const remote = `vscode-remote://${new URL(base).host}${dev}`;
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remote]]));
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}&payload=${payload}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  // The explorer lists the workspace once the remote file system is connected.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'skinny-call-rtp.pcap' }).first().waitFor({ timeout: 90_000 });
}

/**
 * Opens the quick input. The title bar's command center works wherever the focus is (a focused webview keeps
 * keyboard shortcuts such as Ctrl+P to itself); the keyboard is the fallback.
 */
async function openQuickInput(page, keys) {
  const input = page.locator('.quick-input-widget input.input');
  const center = page.locator('.command-center .command-center-center').first();
  if (await center.isVisible().catch(() => false)) {
    await center.click();
    if (await input.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) return input;
  }
  await page.keyboard.press(keys);
  await input.waitFor({ state: 'visible' });
  return input;
}

/** Opens `name` through Quick Open; `beforeEnter` runs just before Enter is pressed (the editor benchmark's clock). */
export async function quickOpen(page, name, beforeEnter) {
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
  await beforeEnter?.();
  await page.keyboard.press('Enter');
}

/** Runs a command from the palette by its title (as shown: "Category: Title"). */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input.input');
  // A webview that is (re)loading can swallow the first key press: try again a few times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    const shown = await input.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 4) await input.waitFor({ state: 'visible', timeout: 1 });
    await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
}

/** When a quick pick titled `title` comes up within `timeout`, accepts its first item; true when it did. */
export async function acceptFirstPick(page, title, timeout = 5000) {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  const shown = await widget.waitFor({ state: 'visible', timeout }).then(() => true, () => false);
  if (!shown) return false;
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  return true;
}

/**
 * The content frame of a webview (the inner iframe#active-frame of an iframe.webview) in which `selector` matches,
 * waiting for it. Frames are searched by content, so the capture editor and the call-flow panel are told apart
 * without relying on their order.
 */
export async function webviewFrame(page, selector, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // detached or navigating: look again
      }
    }
    if (Date.now() > end) throw new Error(`no webview frame shows ${selector} after ${timeout / 1000} s`);
    await page.waitForTimeout(200);
  }
}

/** Waits until `probe` (async) returns something truthy. */
export async function until(what, probe, timeout = 20_000, page) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await (page ? page.waitForTimeout(200) : new Promise((r) => setTimeout(r, 200)));
  }
}

// Installed in every frame before its own scripts run (CDP, so the webview's CSP does not stop it): reports CSP
// violations and any attempt to open a dialog, so that a script that did run would be seen even where the sandbox
// blocks alert() silently.
const FRAME_PROBE = `(() => {
  const report = (kind, detail) => console.error('[sccp-e2e-probe] ' + kind + ' ' + detail + ' @ ' + location.href);
  document.addEventListener('securitypolicyviolation', (e) =>
    report('csp-violation', e.violatedDirective + ' blocked=' + e.blockedURI + ' sample=' + (e.sample || '')), true);
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    try {
      window[name] = function (...args) { report('dialog-attempt', name + '(' + args.map(String).join(',') + ')'); return original ? undefined : undefined; };
    } catch {}
  }
})();`;

/** Records console messages, CSP violations, dialogs and requests of the whole browser context, from a mark on. */
export class Recorder {
  events = [];

  constructor(context, page) {
    this.page = page;
    const probe = context.addInitScript(FRAME_PROBE);
    const push = (kind, text, url = '') => this.events.push({ at: Date.now(), kind, text, url });
    page.on('console', (m) => push('console', `${m.type()}: ${m.text()}`, m.location()?.url ?? ''));
    page.on('pageerror', (e) => push('pageerror', e.message));
    page.on('dialog', (d) => {
      push('dialog', `${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => {});
    });
    // Where a request comes from: its frame's URL, or its service worker's (frame() throws for those).
    const frameUrl = (r) => {
      try {
        return r.frame().url();
      } catch {
        return r.serviceWorker?.()?.url() ?? '';
      }
    };
    context.on('request', (r) => push('request', r.url(), frameUrl(r)));
    context.on('requestfailed', (r) => push('requestfailed', r.url()));
    // Browser-generated log entries (CSP "Refused to ..." messages among them) come through CDP's Log domain.
    const log = context.newCDPSession(page).then(async (cdp) => {
      await cdp.send('Log.enable');
      cdp.on('Log.entryAdded', ({ entry }) => push('log', `${entry.source}/${entry.level}: ${entry.text}`, entry.url ?? ''));
    }).catch(() => {});
    /** Resolves once the frame probe and the log listener are installed (await before loading the page). */
    this.ready = Promise.all([probe, log]);
  }

  mark() {
    return Date.now();
  }

  since(mark, kind) {
    return this.events.filter((e) => e.at >= mark && (!kind || e.kind === kind));
  }
}
