/**
 * Runs the decode worker for one capture and feeds its replies into the capture's model, with a progress
 * notification whose Cancel button ends the worker.
 */
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CallsDocument } from '../../core/analysis/document';
import type { LiveCaptureModel } from '../capture-registry';
import { isWorkerReply, type DecodeJob } from '../worker/protocol';
import { decodeSettingsFrom, type DecodeSettings } from './settings';

export function currentDecodeSettings(): DecodeSettings {
  const config = vscode.workspace.getConfiguration('sccpDissect');
  return decodeSettingsFrom((key) => config.get(key));
}

export class DecodeRun implements vscode.Disposable {
  private worker: Worker | undefined;
  private settle: (() => void) | undefined;
  /** Resolves when the worker has finished, failed or been stopped. */
  readonly finished: Promise<void>;

  constructor(
    private readonly workerPath: string,
    private readonly model: LiveCaptureModel,
    settings: DecodeSettings,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
    void this.start(settings);
  }

  private async start(settings: DecodeSettings): Promise<void> {
    const uri = this.model.uri;
    let source: DecodeJob['source'];
    try {
      // Local files are read by the worker itself; other file systems (remote, virtual) through VS Code.
      source = uri.scheme === 'file' ? { kind: 'path', path: uri.fsPath } : { kind: 'bytes', bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (e) {
      this.end('failed', e);
      return;
    }
    if (!this.settle) return; // stopped while reading
    const job: DecodeJob = { source, name: basename(uri.path), sccpPorts: settings.sccpPorts, tlsPorts: settings.tlsPorts, analyzer: settings.analyzer };
    const transfer = source.kind === 'bytes' ? [source.bytes.buffer as ArrayBuffer] : [];
    let worker: Worker;
    try {
      worker = new Worker(this.workerPath, { workerData: job, transferList: transfer });
    } catch (e) {
      this.end('failed', e);
      return;
    }
    this.worker = worker;
    worker.on('message', (r: unknown) => {
      if (!isWorkerReply(r) || this.worker !== worker) return;
      if (r.type === 'batch') this.model.addBatch(r.messages, r.problems, r.tls, r.packets, r.start);
      else if (r.type === 'done') this.end('done', undefined, r.calls);
      else this.end('failed', r.error);
    });
    worker.on('error', (e) => this.end('failed', e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.end('failed', `the decode worker stopped (exit code ${code})`);
    });
    void this.showProgress();
  }

  /** The notification: shown only when decoding takes more than a moment, so small captures open quietly. */
  private async showProgress(): Promise<void> {
    await new Promise((r) => setTimeout(r, 400));
    if (!this.worker) return;
    const name = basename(this.model.uri.path);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Decoding ${name}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        const listener = this.model.onDidChange(() => progress.report({ message: `${this.model.messages.length.toLocaleString('en-US')} SCCP messages in ${this.model.packets.toLocaleString('en-US')} packets` }));
        return this.finished.finally(() => listener.dispose());
      },
    );
  }

  /** Stops decoding; what was decoded so far stays, the model says 'cancelled'. */
  cancel(): void {
    this.end('cancelled');
  }

  private end(state: 'done' | 'cancelled' | 'failed', error?: unknown, calls?: CallsDocument): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    const message = error === undefined ? undefined : error instanceof Error ? error.message : String(error);
    this.model.finish(state, calls, message);
    const settle = this.settle;
    this.settle = undefined;
    settle?.();
  }

  dispose(): void {
    this.cancel();
  }
}
