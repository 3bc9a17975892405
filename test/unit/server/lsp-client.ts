/**
 * A minimal LSP client for tests: starts the language server as a child process over stdio and speaks JSON-RPC
 * with Content-Length framing, as an editor does.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** out/src/server/server.js, next to this compiled test (out/test/unit/server/). */
export const SERVER_JS = join(__dirname, '..', '..', '..', 'src', 'server', 'server.js');

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class LspClient {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((method: string, params: unknown) => void)[] = [];
  stderr = '';
  exited: number | null = null;

  constructor() {
    this.proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('exit', (code) => {
      this.exited = code ?? -1;
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error('bad LSP header from the server');
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = JSON.parse(this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8')) as {
        id?: number;
        method?: string;
        params?: unknown;
        result?: unknown;
        error?: { message: string };
      };
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      if (body.method !== undefined && body.id !== undefined) {
        // A request from the server (workspace/configuration, client/registerCapability …): answer null.
        this.write({ jsonrpc: '2.0', id: body.id, result: null });
      } else if (body.method !== undefined) {
        for (const l of this.listeners) l(body.method, body.params);
      } else if (body.id !== undefined) {
        const p = this.pending.get(body.id);
        this.pending.delete(body.id);
        if (body.error) p?.reject(new Error(body.error.message));
        else p?.resolve(body.result);
      }
    }
  }

  private write(msg: unknown): void {
    const json = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${json.length}\r\n\r\n`);
    this.proc.stdin.write(json);
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification of this method that satisfies `accept`. */
  waitFor<T = unknown>(method: string, accept: (params: T) => boolean = () => true, timeoutMs = 20000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      const l = (m: string, params: unknown): void => {
        if (m === method && accept(params as T)) {
          clearTimeout(timer);
          this.listeners.splice(this.listeners.indexOf(l), 1);
          resolve(params as T);
        }
      };
      this.listeners.push(l);
    });
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sccp-hex', version: 1, text } });
  }

  async shutdown(): Promise<void> {
    if (this.exited !== null) return;
    try {
      await this.request('shutdown', null);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.exited !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill();
        resolve();
      }, 3000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
