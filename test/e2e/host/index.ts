/**
 * The extension-host test entry (extensionTestsPath): VS Code calls run() inside its extension host, with the real
 * `vscode` API, once the workbench is up. Runs every *.test.js next to this file with mocha (tdd ui: suite/test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // mocha 12 is an ES module (Node 20.19+ require()s it); its class is the default export.
  const loaded = require('mocha') as { default?: typeof import('mocha'); Mocha?: typeof import('mocha') };
  const Mocha = (loaded.default ?? loaded.Mocha)!;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
