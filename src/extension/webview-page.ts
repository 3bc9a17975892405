/**
 * The HTML page of every webview of the extension: a strict Content-Security-Policy (nothing but the extension's own
 * script, with a fresh nonce, and its own styles), one stylesheet, one script, and a body skeleton with no capture
 * text in it (the script fills it in with textContent).
 */
import type * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  title: string;
  script: vscode.Uri;
  style: vscode.Uri;
  /** The body's static markup: ids and test ids only, never anything from a capture. */
  body: string;
}

export function webviewPage(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(page.style).toString()}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${webview.asWebviewUri(page.script).toString()}"></script>
</body>
</html>`;
}
