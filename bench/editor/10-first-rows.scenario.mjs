// The editor benchmark (not part of CI): opens the big capture linked into the workspace (E2E_EXTRA_FILE) in the
// real VS Code and reports how long after pressing Enter its first rows are on screen and the whole decode is done.
//
// Times come from the browser's own clocks, not from polling: Date.now() in the workbench when Enter is pressed; in
// the webview, performance.timeOrigin, its navigation entry, and the 'sccp-first-rows' mark the editor sets when it
// first renders rows.
//
// The reference, in the same run: VS Code's own image preview (a built-in webview editor). In code-server every
// webview after the first waits for the webview service worker to start before its page can load (about a second on
// this machine: the navigation entry's workerStart); the first one does not. So the big capture is opened first,
// then the image preview and a small capture, which show that later webviews, VS Code's own included, pay the same.
// Prints times; asserts only that the rows and the end come (timings are for BENCHMARKS.md, not pass/fail).
import { basename } from 'node:path';
import { quickOpen, until, webviewFrame } from '../../test/e2e/ui/workbench.mjs';

const FILE = basename(process.env.E2E_EXTRA_FILE ?? 'calls-1G.pcap');
const ROW = '[data-testid="message-row"]';

/** Presses Enter on `name` in Quick Open; returns the workbench's clock at that moment (epoch ms). */
async function open(page, name) {
  let enter = 0;
  await quickOpen(page, name, async () => {
    enter = await page.evaluate(() => Date.now());
  });
  return enter;
}

/** In a webview's page: when it started (epoch ms), and how long its document's request waited to go out. */
function pageTimes(frame) {
  return frame.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    // fetchStart: when the page's own request could go out, which waits for the service worker to be running.
    return { origin: performance.timeOrigin, workerWait: nav ? `${Math.round(nav.fetchStart)} ms` : 'not recorded' };
  });
}

/** Opens a capture; waits for the first-rows mark; prints and returns the times. */
async function openCapture(page, name, label) {
  const enter = await open(page, name);
  const editor = await webviewFrame(page, ROW, 60_000);
  const rows = await until('the first-rows mark', () => editor.evaluate(() => performance.getEntriesByName('sccp-first-rows')[0]?.startTime), 20_000);
  const { origin, workerWait } = await pageTimes(editor);
  const first = Math.round(origin - enter + rows);
  console.log(`editor-bench: ${label} first-rows-ms ${first} (page request waited ${workerWait})`);
  return { editor, first };
}

export const tests = [
  {
    name: `${FILE}: first rows, then the whole decode`,
    required: true,
    async run({ page }) {
      const { editor, first } = await openCapture(page, FILE, FILE);
      const t0 = Date.now();
      const status = editor.locator('[data-testid="status"]');
      await until('the decode to finish', async () => !/Decoding/.test(await status.innerText()), 600_000);
      console.log(`editor-bench: ${FILE} decoded-ms ${first + Date.now() - t0} (${(await status.innerText()).split('\n')[0]})`);
      // Scrolling to the end of the virtualised list renders its last rows.
      await editor.locator('[data-testid="message-list"]').focus();
      await page.keyboard.press('End');
      await until('the last rows', async () => (await editor.locator(ROW).count()) > 0, 10_000);
    },
  },
  {
    name: 'reference: VS Code image preview, opened second',
    required: true,
    async run({ page }) {
      const enter = await open(page, 'reference-image.png');
      const frame = await webviewFrame(page, 'img', 60_000);
      await until('the image', () => frame.evaluate(() => document.querySelector('img')?.complete === true), 20_000);
      const loaded = await frame.evaluate(() => performance.getEntriesByType('resource').find((r) => r.name.includes('reference-image.png'))?.responseEnd ?? 0);
      const { origin, workerWait } = await pageTimes(frame);
      console.log(`editor-bench: reference image-preview image-loaded-ms ${Math.round(origin - enter + loaded)} (page request waited ${workerWait})`);
    },
  },
  {
    name: 'a small capture, opened third',
    required: true,
    async run({ page }) {
      await openCapture(page, 'skinny-register.pcapng', 'skinny-register.pcapng');
    },
  },
];
