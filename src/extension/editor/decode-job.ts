/**
 * Runs the decode worker (dist/decode-worker.js) for one capture model, with a cancellable progress notification,
 * and moves its replies into the model. Settings are read here, once per decode.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { DEFAULT_SETTINGS } from '../../core/analysis/options';
import { DEFAULT_SCCP_PORTS, DEFAULT_TLS_PORTS } from '../../core/session';
import type { LiveCaptureModel } from '../capture-registry';
import { isWorkerReply, type DecodeJob } from '../worker/protocol';

export interface DecodeHandle {
  cancel(): void;
}

function ports(value: unknown, fallback: readonly number[]): number[] {
  const list = Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v) && v > 0 && v < 65536) : [];
  return list.length > 0 ? list : [...fallback];
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The job for a capture from the current settings. */
export async function decodeJob(uri: vscode.Uri): Promise<DecodeJob> {
  const cfg = vscode.workspace.getConfiguration('sccpDissect', uri);
  const source: DecodeJob['source'] = uri.scheme === 'file' ? { kind: 'path', path: uri.fsPath } : { kind: 'bytes', bytes: await vscode.workspace.fs.readFile(uri) };
  return {
    source,
    name: basename(uri.path),
    sccpPorts: ports(cfg.get('sccpPorts'), DEFAULT_SCCP_PORTS),
    tlsPorts: ports(cfg.get('tlsPorts'), DEFAULT_TLS_PORTS),
    analyzer: {
      callFloodPerMinute: positive(cfg.get('alg.callFloodPerMinute'), DEFAULT_SETTINGS.callFloodPerMinute),
      registrationFloodPerMinute: positive(cfg.get('alg.registrationFloodPerMinute'), DEFAULT_SETTINGS.registrationFloodPerMinute),
      inactiveMediaTimeoutSeconds: positive(cfg.get('alg.inactiveMediaTimeoutSeconds'), DEFAULT_SETTINGS.inactiveMediaTimeoutSeconds),
    },
  };
}

export function startDecode(context: vscode.ExtensionContext, model: LiveCaptureModel): DecodeHandle {
  let worker: Worker | undefined;
  let cancelled = false;
  let settle: () => void = () => {};
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const stop = (state: 'cancelled' | 'failed', error?: string) => {
    void worker?.terminate();
    model.finish(state, undefined, error);
    settle();
  };

  void (async () => {
    let job: DecodeJob;
    try {
      job = await decodeJob(model.uri);
    } catch (e) {
      stop('failed', e instanceof Error ? e.message : String(e));
      return;
    }
    if (cancelled) return;
    worker = new Worker(context.asAbsolutePath('dist/decode-worker.js'), { workerData: job });
    worker.on('message', (r: unknown) => {
      if (!isWorkerReply(r) || model.state !== 'decoding') return;
      if (r.type === 'batch') {
        if (r.start && !model.start) model.start = r.start;
        model.addBatch(r.messages, r.problems, r.tls, r.packets);
      }
      else if (r.type === 'done') {
        model.packets = r.packets;
        model.finish('done', r.calls);
        settle();
        void worker?.terminate();
      } else stop('failed', r.error);
    });
    worker.on('error', (e) => stop('failed', e.message));
    worker.on('exit', () => {
      if (model.state === 'decoding') stop(cancelled ? 'cancelled' : 'failed', 'the decode worker stopped');
    });
  })();

  // Small captures finish before a notification would be worth showing.
  const timer = setTimeout(() => {
    if (model.state !== 'decoding') return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Decoding ${basename(model.uri.path)}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => handle.cancel());
        const sub = model.onDidChange(() => progress.report({ message: `${model.packets.toLocaleString('en')} packets, ${model.messages.length.toLocaleString('en')} SCCP messages` }));
        return finished.finally(() => sub.dispose());
      },
    );
  }, 500);

  const handle: DecodeHandle = {
    cancel() {
      clearTimeout(timer);
      if (model.state !== 'decoding') return;
      cancelled = true;
      stop('cancelled');
    },
  };
  return handle;
}
