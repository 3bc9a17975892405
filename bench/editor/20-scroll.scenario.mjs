// The editor's scrolling benchmark (not part of CI; bench/editor-scroll.sh): opens a capture with a great many
// messages (E2E_EXTRA_FILE), waits for the whole decode, then scrolls the virtualised list from top to bottom in
// steps of a screen and of many screens, timing each animation frame in the webview (requestAnimationFrame), and
// checks that the rows on screen are the ones the scroll position says (the webview asks the host for the rows it
// shows, so fast scrolling may show empty space for a moment). Prints times; asserts only the rows.
import { basename } from 'node:path';
import { quickOpen, until, webviewFrame } from '../../test/e2e/ui/workbench.mjs';

const FILE = basename(process.env.E2E_EXTRA_FILE ?? 'keepalives-150M.pcap');
const ROW = '[data-testid="message-row"]';

export const tests = [
  {
    name: `${FILE}: the whole list scrolls, frame by frame`,
    required: true,
    async run({ page }) {
      const t0 = Date.now();
      await quickOpen(page, FILE);
      const editor = await webviewFrame(page, ROW, 60_000);
      const status = editor.locator('[data-testid="status"]');
      await until('the decode to finish', async () => !/Decoding/.test(await status.innerText()), 900_000);
      console.log(`editor-scroll: ${FILE} decoded-ms ${Date.now() - t0} (${(await status.innerText()).split('\n')[0]})`);
      for (const [label, screens] of [
        ['a screen a frame', 1],
        ['40 screens a frame', 40],
      ]) {
        // In the page: each animation frame moves the list on and records how long the frame took.
        const r = await editor.evaluate(
          ({ screens, row }) =>
            new Promise((resolve) => {
              const list = document.querySelector('[data-testid="message-list"]');
              list.scrollTop = 0;
              const step = list.clientHeight * screens;
              const gaps = [];
              let last = performance.now();
              let waiting = false;
              const frame = () => {
                const now = performance.now();
                if (!waiting) {
                  gaps.push(now - last);
                  last = now;
                }
                if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1 || gaps.length >= 1500) {
                  // The rows come from the extension host when asked for: wait until they are on screen.
                  const onScreen = () => [...document.querySelectorAll(row)].some((e) => e.offsetTop <= list.scrollTop && list.scrollTop < e.offsetTop + e.offsetHeight);
                  if (!onScreen() && performance.now() - last < 5000) {
                    waiting = true;
                    setTimeout(frame, 20);
                    return;
                  }
                  gaps.sort((a, b) => a - b);
                  const rows = [...document.querySelectorAll(row)];
                  // The row at the view's top, and the one the scroll position says should be there.
                  const atTop = rows.find((e) => e.offsetTop <= list.scrollTop && list.scrollTop < e.offsetTop + e.offsetHeight);
                  const count = Number(document.querySelector('[data-testid="status"]').innerText.match(/([\d,]+) SCCP messages/)[1].replace(/,/g, ''));
                  const rowPx = atTop ? atTop.offsetHeight : 22;
                  const scale = count * rowPx > list.scrollHeight ? (count * rowPx - list.clientHeight) / (list.scrollHeight - list.clientHeight) : 1;
                  resolve({
                    topRow: atTop ? Number(atTop.dataset.index) + 1 : 0,
                    expectedTopRow: Math.floor((list.scrollTop * scale) / rowPx) + 1,
                    frames: gaps.length,
                    median: gaps[gaps.length >> 1],
                    p95: gaps[Math.floor(gaps.length * 0.95)],
                    max: gaps[gaps.length - 1],
                    scrollTop: list.scrollTop,
                    scrollHeight: list.scrollHeight,
                    rowsInDom: rows.length,
                  });
                  return;
                }
                list.scrollTop += step;
                requestAnimationFrame(frame);
              };
              requestAnimationFrame(frame);
            }),
          { screens, row: ROW },
        );
        console.log(
          `editor-scroll: ${label}: ${r.frames} frames, median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ` +
            `at ${r.scrollTop} of ${r.scrollHeight} px, ${r.rowsInDom} rows in the page, row ${r.topRow} at the top (position says ${r.expectedTopRow})`,
        );
        if (r.rowsInDom === 0) throw new Error('no rows on screen after scrolling');
        if (Math.abs(r.topRow - r.expectedTopRow) > 1) throw new Error(`row ${r.topRow} at the top, where the position says ${r.expectedTopRow}`);
      }
      // The End key selects the last message, which is then on screen.
      await editor.locator('[data-testid="message-list"]').focus();
      await page.keyboard.press('End');
      const last = await until('the last row on screen', () =>
        editor.evaluate(() => {
          const list = document.querySelector('[data-testid="message-list"]');
          const e = document.querySelector('[data-testid="message-row"].selected');
          if (!e) return undefined;
          const inView = e.offsetTop >= list.scrollTop - 1 && e.offsetTop + e.offsetHeight <= list.scrollTop + list.clientHeight + 1;
          return inView ? Number(e.dataset.index) + 1 : undefined;
        }), 10_000);
      console.log(`editor-scroll: End selects row ${last}, shown in the view`);
    },
  },
];
