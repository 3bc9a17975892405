// The editor benchmark (not part of CI): opens the big capture linked into the workspace (E2E_EXTRA_FILE) in the
// real VS Code and reports how long after pressing Enter the first rows are on screen and the whole decode is done.
// Prints times; asserts only that the rows and the end come (timings are for BENCHMARKS.md, not pass/fail).
import { basename } from 'node:path';
import { quickOpen, until, webviewFrame } from '../../test/e2e/ui/workbench.mjs';

const FILE = basename(process.env.E2E_EXTRA_FILE ?? 'calls-1G.pcap');
const ROW = '[data-testid="message-row"]';

export const tests = [
  {
    name: `${FILE}: first rows, then the whole decode`,
    required: true,
    async run({ page, log }) {
      const t0 = Date.now();
      await quickOpen(page, FILE);
      const editor = await webviewFrame(page, ROW, 60_000);
      const first = Date.now() - t0;
      log(`first rows of ${FILE} on screen ${first} ms after Enter`);
      console.log(`editor-bench: first-rows-ms ${first}`);
      const status = editor.locator('[data-testid="status"]');
      await until('the decode to finish', async () => !/Decoding/.test(await status.innerText()), 600_000);
      const done = Date.now() - t0;
      console.log(`editor-bench: decoded-ms ${done} (${(await status.innerText()).split('\n')[0]})`);
      // Scrolling to the end of the virtualised list renders its last rows.
      await editor.locator('[data-testid="message-list"]').focus();
      await page.keyboard.press('End');
      await until('the last rows', async () => (await editor.locator(ROW).count()) > 0, 10_000);
    },
  },
];
