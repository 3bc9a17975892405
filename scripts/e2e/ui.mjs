#!/usr/bin/env node
// Runs the Playwright UI scenarios (test/e2e/ui/*.scenario.mjs, in name order) against code-server with the
// extension under development loaded, in one browser page (the workbench loads once). Each scenario exports
// `tests`: [{ name, run(ctx), required? }]; a test that throws fails; when a `required` one (a step the rest build
// on) fails, the later tests of the same scenario are reported as failed too, never skipped silently. Prints `ui: N passed, N failed`.
// Usage: ui.mjs BASE_URL WORKSPACE EXTENSION_DIR   (SHOTS: screenshot folder; E2E_UI_ONLY: a scenario name part)
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { Recorder, openWorkbench } from '../../test/e2e/ui/workbench.mjs';

const [BASE, FOLDER, DEV] = process.argv.slice(2);
if (!DEV) {
  console.error('usage: ui.mjs BASE_URL WORKSPACE EXTENSION_DIR');
  process.exit(2);
}
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = resolve(process.env.SHOTS ?? join(ROOT, 'docs/screenshots'));
// E2E_UI_DIR: another folder of scenarios (bench/editor/ measures the editor on a big capture).
const SCENARIOS = process.env.E2E_UI_DIR ? resolve(process.env.E2E_UI_DIR) : join(ROOT, 'test/e2e/ui');
mkdirSync(SHOTS, { recursive: true });

const t0 = Date.now();
const lap = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let passed = 0;
let failed = 0;
const profile = mkdtempSync(join(tmpdir(), 'sccp-e2e-chromium-'));
const browser = await launchBrowser(profile, { acceptDownloads: false });
const failShot = (name) => join(tmpdir(), `sccp-e2e-failure-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const recorder = new Recorder(browser, page);
  await recorder.ready;
  await openWorkbench(page, BASE, FOLDER, DEV);
  lap('workbench loaded with the extension under development');
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.scenario.mjs')).sort()
    .filter((f) => !process.env.E2E_UI_ONLY || f.includes(process.env.E2E_UI_ONLY));
  for (const file of files) {
    const { tests } = await import(pathToFileURL(join(SCENARIOS, file)).href);
    const ctx = { page, browser, base: BASE, folder: resolve(FOLDER), ext: resolve(DEV), root: ROOT, shots: SHOTS, recorder, log: lap };
    let broken;
    for (const t of tests) {
      const title = `${file.replace('.scenario.mjs', '')}: ${t.name}`;
      if (broken) {
        failed++;
        console.log(`  ✘ ${title} (not run: an earlier step failed: ${broken})`);
        continue;
      }
      const start = Date.now();
      try {
        await t.run(ctx);
        passed++;
        console.log(`  ✔ ${title} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
      } catch (e) {
        failed++;
        if (t.required) broken = t.name;
        console.log(`  ✘ ${title}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
        await page.screenshot({ path: failShot(title) }).then(() => console.log(`      screenshot: ${failShot(title)}`), () => {});
        // Leave the workbench usable for the next scenario.
        await page.keyboard.press('Escape').catch(() => {});
      }
    }
  }
} catch (e) {
  failed++;
  console.log(`  ✘ UI run: ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
lap('done');
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
