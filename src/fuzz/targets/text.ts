/** Hex-dump parsing and the language server's handlers, over mutated dumps. */
import type { CapturedPacket } from '../../core/capture';
import { HexDumpStream, looksLikeHexDump, parseHexDump, readHexDumpBytes, readHexDumpText } from '../../core/capture/hexdump';
import type { Problem } from '../../core/problems';
import { SccpSession } from '../../core/session';
import { codeLenses, decodedTree } from '../../server/decoded-tree';
import { documentDiagnostics } from '../../server/diagnostics';
import { HexDocument, type Range } from '../../server/document-model';
import { hoverAt } from '../../server/hover';
import { documentSymbols, foldingRanges, type HexSymbol } from '../../server/outline';
import { semanticTokens } from '../../server/semantic-tokens';
import { checkProblem, checkRange, ensure } from '../invariants';
import { mutateText } from '../mutate';
import { FuzzRng, fnv1a } from '../rng';
import type { FuzzTarget } from '../target';

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

function mutateDump(rng: FuzzRng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(mutateText(rng, utf8(seed), utf8(other)), 'utf8'));
}

function samePackets(a: readonly CapturedPacket[], b: readonly CapturedPacket[], what: string): void {
  ensure(a.length === b.length, 'hexdump-chunking', () => `${what}: ${a.length} packets one way, ${b.length} the other`);
  a.forEach((p, i) => {
    const q = b[i]!;
    ensure(p.fileOffset === q.fileOffset && p.linkType === q.linkType && Buffer.compare(p.data, q.data) === 0, 'hexdump-chunking', () => `${what}: packet ${i + 1} differs`);
  });
}

export const hexdumpTarget: FuzzTarget = {
  name: 'hexdump',
  description: 'hex-dump text (all formats, mutated by characters and lines) -> readHexDumpBytes/Text, HexDumpStream in chunks, the session',
  seeds: (c) => c.hexdumps,
  mutate: mutateDump,
  run(input) {
    const whole = readHexDumpBytes(input);
    for (const p of whole.problems) checkProblem(p, 'hexdump', { maxOffset: input.length });
    whole.packets.forEach((p, i) => ensure(p.frame === i + 1, 'frame-numbers', () => `hexdump packet ${i} has frame ${p.frame}`));
    // The same bytes pushed in pieces give the same packets.
    const rng = new FuzzRng(fnv1a(input));
    const chunked: CapturedPacket[] = [];
    const stream = new HexDumpStream({ packet: (p) => chunked.push(p), problem: () => {} });
    for (let at = 0; at < input.length; ) {
      const n = rng.int(1, 700);
      stream.push(input.subarray(at, at + n));
      at += n;
    }
    stream.end();
    samePackets(whole.packets, chunked, 'whole vs chunked');
    const text = readHexDumpText(latin1(input));
    for (const p of text.problems) checkProblem(p, 'hexdump text');
    parseHexDump(utf8(input));
    looksLikeHexDump(input);
    const problems: Problem[] = [];
    const session = new SccpSession({ message: () => {}, problem: (p) => problems.push(p) });
    for (const p of whole.packets) session.packet(p);
    session.finish();
    for (const p of problems) checkProblem(p, 'hexdump session');
  },
};

function checkSymbols(symbols: readonly HexSymbol[], line: (n: number) => number | undefined, where: string, depth = 0): void {
  for (const s of symbols) {
    checkRange(s.range, line, `${where} symbol ${s.name}`);
    checkRange(s.selectionRange, line, `${where} symbol ${s.name} selection`);
    ensure(typeof s.name === 'string' && s.name.length > 0, 'symbol-name', () => `symbol with empty name at ${JSON.stringify(s.range)}`);
    if (s.children) checkSymbols(s.children, line, where, depth + 1);
  }
}

/** Every handler's answer for the document as it stands. */
function askEverything(doc: HexDocument, rng: FuzzRng, where: string): void {
  const line = (n: number): number | undefined => (n < doc.lineCount ? doc.lineText(n).length : undefined);
  for (const d of documentDiagnostics(doc)) {
    checkRange(d.range, line, `${where} diagnostic ${d.code}`);
    ensure(d.message.length > 0, 'diagnostic-message', () => `${where}: empty diagnostic ${d.code}`);
  }
  checkSymbols(documentSymbols(doc), line, where);
  for (const f of foldingRanges(doc)) ensure(f.startLine <= f.endLine && f.endLine < doc.lineCount, 'folding', () => `${where}: folding ${f.startLine}..${f.endLine} of ${doc.lineCount} lines`);
  const from = rng.below(doc.lineCount);
  const toks = semanticTokens(doc, rng.chance(0.5) ? 0 : from, rng.chance(0.5) ? doc.lineCount - 1 : from + rng.below(50));
  ensure(toks.length % 5 === 0, 'semantic-tokens', () => `${where}: ${toks.length} numbers is not a multiple of 5`);
  let tl = 0;
  let tc = 0;
  for (let i = 0; i < toks.length; i += 5) {
    const [dl, dc, len] = [toks[i]!, toks[i + 1]!, toks[i + 2]!];
    ensure(dl >= 0 && dc >= 0 && len > 0, 'semantic-tokens', () => `${where}: token ${i / 5} deltas ${dl},${dc} length ${len}`);
    tl += dl;
    tc = dl === 0 ? tc + dc : dc;
    const ll = line(tl);
    ensure(ll !== undefined && tc + len <= ll, 'semantic-tokens', () => `${where}: token at ${tl}:${tc}+${len} outside the line (${ll})`);
  }
  for (const l of codeLenses(doc, 'file:///fuzz.sccphex')) checkRange(l.range, line, `${where} code lens`);
  for (let k = 0; k < 8; k++) {
    const ln = rng.below(doc.lineCount + 2);
    const ch = rng.below((doc.lineText(ln).length || 1) + 3);
    const h = hoverAt(doc, ln, ch);
    if (h) {
      checkRange(h.range, line, `${where} hover at ${ln}:${ch}`);
      ensure(h.markdown.length > 0, 'hover', () => `${where}: empty hover at ${ln}:${ch}`);
    }
    decodedTree(doc, rng.chance(0.2) ? undefined : { line: ln, character: ch });
  }
}

function randomRange(doc: HexDocument, rng: FuzzRng): Range {
  const a = rng.below(doc.lineCount + 1);
  const b = Math.min(doc.lineCount, a + rng.below(4));
  return { start: { line: a, character: rng.below(doc.lineText(a).length + 2) }, end: { line: b, character: rng.below(doc.lineText(b).length + 2) } };
}

export const lspTarget: FuzzTarget = {
  name: 'lsp',
  description: 'hex-dump documents and edits -> the language server handlers (diagnostics, symbols, folding, semantic tokens, hover, code lenses, decoded tree); incremental re-reads equal a fresh read',
  seeds: (c) => c.hexdumps,
  mutate: mutateDump,
  run(input) {
    const rng = new FuzzRng(fnv1a(input));
    const doc = new HexDocument(utf8(input));
    askEverything(doc, rng, 'lsp');
    // Edits as an editor sends them; the incremental re-read must agree with reading the new text afresh.
    const edits = rng.int(1, 4);
    for (let k = 0; k < edits; k++) {
      const range = rng.chance(0.1) ? undefined : randomRange(doc, rng);
      const text = rng.pick(['', '0', 'ff ', '\n', '00 11 22 33\n', '*\n', '0000  01 02\n', '\n\n', 'zz', '# hi\n']);
      doc.applyChange(range, text);
      if (rng.chance(0.5)) doc.packets;
    }
    const fresh = new HexDocument(doc.getText());
    const a = doc.packets;
    const b = fresh.packets;
    ensure(doc.format === fresh.format, 'lsp-incremental', () => `format ${doc.format} after edits, ${fresh.format} read afresh`);
    ensure(a.length === b.length, 'lsp-incremental', () => `${a.length} packets after edits, ${b.length} read afresh`);
    a.forEach((p, i) => {
      const q = b[i]!;
      ensure(p.firstLine === q.firstLine && Buffer.compare(p.bytes, q.bytes) === 0, 'lsp-incremental', () => `packet ${i + 1}: line ${p.firstLine}/${p.bytes.length} bytes after edits, line ${q.firstLine}/${q.bytes.length} bytes afresh`);
    });
    askEverything(doc, rng, 'lsp after edits');
  },
};
