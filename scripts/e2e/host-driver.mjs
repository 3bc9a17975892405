#!/usr/bin/env node
// Runs the extension-host mocha tests inside code-server's real Node extension host. code-server refuses the
// --extensionDevelopmentPath/--extensionTestsPath flags, so the workbench URL's `payload` carries them (the same
// mechanism as remote extension debugging). When the tests end, the workbench calls window.codeAutomationExit(code)
// and forwards the extension host's console (mocha's reporter) to window.codeAutomationLog: we expose both.
// Usage: host-driver.mjs BASE_URL WORKSPACE EXTENSION_DIR TESTS_ENTRY   (prints `host: N passed, N failed`)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';

const [BASE, FOLDER, DEV, TESTS] = process.argv.slice(2);
if (!TESTS) {
  console.error('usage: host-driver.mjs BASE_URL WORKSPACE EXTENSION_DIR TESTS_ENTRY');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.E2E_HOST_TIMEOUT_MS ?? 300000);
const remote = (p) => `vscode-remote://${new URL(BASE).host}${resolve(p)}`;

const t0 = Date.now();
const profile = mkdtempSync(join(tmpdir(), 'sccp-e2e-chromium-'));
const ctx = await launchBrowser(profile);
let code = 1;
let passed = 0;
let failed = 0;
let reported = false;
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  let exit;
  const done = new Promise((r) => (exit = r));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    let m;
    if ((m = /^\s*(\d+) passing/.exec(line))) (passed = Number(m[1])), (reported = true);
    if ((m = /^\s*(\d+) failing/.exec(line))) failed = Number(m[1]);
    console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (c) => exit(c));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(DEV)],
    ['extensionTestsPath', remote(TESTS)],
  ]);
  await page.goto(`${BASE}/?folder=${encodeURIComponent(resolve(FOLDER))}&payload=${encodeURIComponent(payload)}`);
  let timer;
  code = await Promise.race([
    done,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  console.log(`extension-host tests ended with exit code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error('extension-host run failed:', e.message);
  code = 1;
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
// A crash or timeout before mocha's summary counts as a failure.
if (code !== 0 && failed === 0) failed = 1;
if (!reported && code === 0) failed = 1;
console.log(`host: ${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 ? 0 : 1);
