/**
 * Helpers for the extension-host tests: where things are, the extension's API, waiting for a decode to finish, and
 * the core pipeline run in the same process (the expected answer comes from the core, not from a hard-coded count).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readCaptureFile } from '../../../src/core/capture';
import type { Problem } from '../../../src/core/problems';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { SccpSession, type SessionOptions } from '../../../src/core/session';
import type { CaptureModel } from '../../../src/extension/capture-model';

export const EXTENSION_ID = 'sccp-dissect.sccp-dissect';
/** out/e2e/test/e2e/host -> the repository (the extension under development). */
export const REPO = path.resolve(__dirname, '../../../../..');

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext;
}

/** What the extension's activate() returns for tests (src/extension/extension.ts: SccpDissectApi). */
export interface TestApi {
  registry: {
    get(uri: vscode.Uri): CaptureModel | undefined;
    readonly active: CaptureModel | undefined;
    all?(): readonly CaptureModel[];
  };
  [more: string]: unknown;
}

export async function api(): Promise<TestApi> {
  const ext = extension();
  const exported = (ext.isActive ? ext.exports : await ext.activate()) as TestApi | undefined;
  assert.ok(exported && typeof exported === 'object' && 'registry' in exported, 'activate() returns { registry }');
  return exported;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `probe` returns a value other than undefined/false. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}

/** Opens a file with its default editor (as a double click in the explorer does). */
export async function openDefault(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri);
}

/** The registry's model of a capture once its decode has ended. */
export async function decodedModel(a: TestApi, uri: vscode.Uri, timeoutMs = 60_000): Promise<CaptureModel> {
  return waitFor(`the decode of ${path.basename(uri.fsPath)} to finish`, () => {
    const m = a.registry.get(uri);
    return m && m.state !== 'decoding' ? m : undefined;
  }, timeoutMs);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The core pipeline over a file, in this process: messages and capture-level problems. */
export async function coreDecode(file: string, options?: SessionOptions): Promise<{ messages: SccpMessage[]; problems: Problem[] }> {
  const messages: SccpMessage[] = [];
  const problems: Problem[] = [];
  const session = new SccpSession({ message: (m) => messages.push(m), problem: (p) => problems.push(p) }, options);
  await readCaptureFile(file, { packet: (p) => session.packet(p), problem: (p) => problems.push(p) });
  session.finish();
  return { messages, problems };
}

/** `sccp-dissect calls FILE` run as a user runs it (the CLI compiled by `tsc -p .`): its stdout. */
export function cliCalls(file: string): Promise<string> {
  const main = path.join(REPO, 'out/src/cli/main.js');
  return new Promise((resolve, reject) => {
    // The extension host's execPath is node (code-server runs on the system's Node).
    execFile(process.execPath, [main, 'calls', file], { maxBuffer: 64 << 20, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => {
      // Exit status 1 means "decoded, with problems": the document is still complete.
      if (err && (err as { code?: unknown }).code !== 1) reject(new Error(`${String(err)}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The tab that shows a resource, in any group. */
export function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input as { uri?: vscode.Uri } | undefined;
      if (input?.uri?.toString() === uri.toString()) return tab;
    }
  }
  return undefined;
}

/** The extension's package.json (its contributions are part of what we test). */
export function manifest(): { contributes?: Record<string, unknown>; activationEvents?: string[]; capabilities?: Record<string, unknown> } {
  return extension().packageJSON as ReturnType<typeof manifest>;
}
