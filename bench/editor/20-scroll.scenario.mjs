// The editor's scrolling benchmark (not part of CI; bench/editor-scroll.sh): opens a capture with a great many
// messages (E2E_EXTRA_FILE), waits for the whole decode, then scrolls the virtualised list from top to bottom in
// steps of a screen and of many screens, timing each animation frame in the webview (requestAnimationFrame), and
// checks that the rows on screen are the ones the scroll position says. Prints times; asserts only the rows.
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
              const frame = () => {
                const now = performance.now();
                gaps.push(now - last);
                last = now;
                if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1 || gaps.length >= 1500) {
                  gaps.sort((a, b) => a - b);
                  const rows = [...document.querySelectorAll(row)];
                  const top = Math.min(...rows.map((e) => e.offsetTop));
                  resolve({
                    frames: gaps.length,
                    median: gaps[gaps.length >> 1],
                    p95: gaps[Math.floor(gaps.length * 0.95)],
                    max: gaps[gaps.length - 1],
                    scrollTop: list.scrollTop,
                    scrollHeight: list.scrollHeight,
                    firstRowText: rows.find((e) => e.offsetTop === top)?.innerText.split('\t')[0] ?? '',
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
            `at ${r.scrollTop} of ${r.scrollHeight} px, ${r.rowsInDom} rows in the page, top row "${r.firstRowText}"`,
        );
        if (r.rowsInDom === 0) throw new Error('no rows on screen after scrolling');
      }
    },
  },
];
