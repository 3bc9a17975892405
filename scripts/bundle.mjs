// Bundles the extension for VS Code with esbuild: the extension host code, the decode worker and the language
// server (Node, CommonJS), and the webviews (browser, one IIFE each). `npm run bundle`; `--watch` rebuilds on change.
import { build, context } from 'esbuild';

const minify = process.argv.includes('--minify');
const node = { bundle: true, minify, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !minify, logLevel: 'warning' };
const browser = { bundle: true, minify, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, logLevel: 'warning' };
const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker/decode-worker.ts'], outfile: 'dist/decode-worker.js' },
  { ...node, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' },
  { ...browser, entryPoints: ['src/webview/editor/main.ts'], outfile: 'dist/webview/editor.js' },
  { ...browser, entryPoints: ['src/webview/callflow/main.ts'], outfile: 'dist/webview/callflow.js' },
];

if (process.argv.includes('--watch')) {
  for (const b of builds) await (await context(b)).watch();
} else {
  await Promise.all(builds.map((b) => build(b)));
}
