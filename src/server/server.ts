/**
 * The language server for `sccp-hex` documents (hex dumps of SCCP traffic). Entry point, bundled as dist/server.js
 * and started by the extension's language client; runs over stdio, node IPC or a socket (as the arguments say).
 *
 * All the logic is in small modules that take a HexDocument and return plain values; this file only wires them to
 * the protocol. Every handler catches its own errors: bad text must never take the server down.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSymbol,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { codeLenses, decodedTree, DECODED_TREE_REQUEST } from './decoded-tree';
import { documentDiagnostics } from './diagnostics';
import { HexDocument, type Position } from './document-model';
import { hoverAt } from './hover';
import { documentSymbols, foldingRanges } from './outline';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './semantic-tokens';

/** Diagnostics wait for the typing to pause this long (ms). */
const DIAGNOSTICS_DELAY = 300;

export function startServer(connection: Connection): void {
  const docs = new Map<string, HexDocument>();
  const timers = new Map<string, NodeJS.Timeout>();

  const log = (what: string, e: unknown): void => {
    try {
      connection.console.error(`sccp-hex: ${what} failed: ${(e as Error)?.stack ?? String(e)}`);
    } catch {
      // the connection itself may be gone
    }
  };
  /** Runs a handler; on any error logs it and answers `fallback`. */
  const safe =
    <A extends unknown[], R>(what: string, fallback: R, fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (e) {
        log(what, e);
        return fallback;
      }
    };

  const publish = (uri: string): void => {
    timers.delete(uri);
    const doc = docs.get(uri);
    if (!doc) return;
    try {
      void connection.sendDiagnostics({ uri, diagnostics: documentDiagnostics(doc) });
    } catch (e) {
      log('diagnostics', e);
    }
  };
  const schedule = (uri: string, delay: number): void => {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(uri, setTimeout(() => publish(uri), delay));
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: TOKEN_MODIFIERS }, range: true, full: false },
      },
      serverInfo: { name: 'sccp-hex language server' },
    }),
  );

  connection.onDidOpenTextDocument(
    safe('open', undefined, (p) => {
      docs.set(p.textDocument.uri, new HexDocument(p.textDocument.text));
      schedule(p.textDocument.uri, 0);
    }),
  );
  connection.onDidChangeTextDocument(
    safe('change', undefined, (p) => {
      const uri = p.textDocument.uri;
      const doc = docs.get(uri);
      if (!doc) return;
      for (const c of p.contentChanges) doc.applyChange('range' in c ? c.range : undefined, c.text);
      schedule(uri, DIAGNOSTICS_DELAY);
    }),
  );
  connection.onDidCloseTextDocument(
    safe('close', undefined, (p) => {
      const uri = p.textDocument.uri;
      docs.delete(uri);
      const t = timers.get(uri);
      if (t) clearTimeout(t);
      timers.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    safe('hover', null, (p) => {
      const doc = docs.get(p.textDocument.uri);
      const h = doc && hoverAt(doc, p.position.line, p.position.character);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }),
  );
  connection.onDocumentSymbol(
    safe('symbols', [] as DocumentSymbol[], (p) => {
      const doc = docs.get(p.textDocument.uri);
      // HexSymbol.kind holds LSP SymbolKind numbers.
      return doc ? (documentSymbols(doc) as DocumentSymbol[]) : [];
    }),
  );
  connection.onFoldingRanges(
    safe('folding', [], (p) => {
      const doc = docs.get(p.textDocument.uri);
      return doc ? foldingRanges(doc) : [];
    }),
  );
  connection.onCodeLens(
    safe('code lens', [], (p) => {
      const doc = docs.get(p.textDocument.uri);
      return doc ? codeLenses(doc, p.textDocument.uri) : [];
    }),
  );
  connection.languages.semanticTokens.onRange(
    safe('semantic tokens', { data: [] as number[] }, (p) => {
      const doc = docs.get(p.textDocument.uri);
      return { data: doc ? semanticTokens(doc, p.range.start.line, p.range.end.line) : [] };
    }),
  );
  connection.onRequest(
    DECODED_TREE_REQUEST,
    safe('decoded tree', null, (p: { uri: string; position?: Position }) => {
      const doc = docs.get(p.uri);
      return doc ? decodedTree(doc, p.position) ?? null : null;
    }),
  );

  connection.listen();
}

if (require.main === module) {
  process.on('uncaughtException', (e) => {
    // Keep serving: one bad request must not end the session.
    process.stderr.write(`sccp-hex server: uncaught ${(e as Error)?.stack ?? String(e)}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
