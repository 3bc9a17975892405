/**
 * The TextMate grammar, loaded with the engine VS Code uses (vscode-textmate + Oniguruma), on lines of the real
 * dumps: offsets, bytes, the ASCII gutter and header lines get their scopes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { hexFixture } from './fixtures';

const ROOT = join(__dirname, '..', '..', '..', '..');

let grammar: textmate.IGrammar;

/** The scopes of the token covering `needle`'s first character on `line` (innermost last). */
function scopesAt(line: string, needle: string, from = 0): string[] {
  const at = line.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} in ${line}`);
  const r = grammar.tokenizeLine(line, textmate.INITIAL);
  const t = r.tokens.find((x) => x.startIndex <= at && at < x.endIndex)!;
  return t.scopes;
}

function has(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s.startsWith(prefix));
}

describe('sccp-hex TextMate grammar', () => {
  before(async () => {
    const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
      loadGrammar: async () => textmate.parseRawGrammar(readFileSync(join(ROOT, 'syntaxes', 'sccp-hex.tmLanguage.json'), 'utf8'), 'sccp-hex.tmLanguage.json'),
    });
    grammar = (await registry.loadGrammar('source.sccp-hex'))!;
    assert.ok(grammar);
  });

  it('hexdump -C: offset, bytes, zero bytes, gutter between bars', () => {
    const line = hexFixture('skinny-register-messages.hexdump-C.txt').split('\n')[0]!; // 00000000  80 00 … |…NONS|
    assert.ok(has(scopesAt(line, '00000000'), 'keyword.other.offset'));
    assert.ok(has(scopesAt(line, '80'), 'constant.numeric.byte'));
    assert.ok(has(scopesAt(line, ' 00 ', 10), 'constant.numeric.byte') || has(scopesAt(line, '00 ', 12), 'constant.numeric.byte.zero'));
    assert.ok(has(scopesAt(line, 'NONS'), 'string.unquoted.ascii'));
    assert.ok(has(scopesAt(line, '|'), 'punctuation.definition.string'));
  });

  it('tcpdump -XX: header line with timestamp, offset, byte groups, gutter', () => {
    const [header, data] = hexFixture('skinny-register.tcpdump-XX-tttt.txt').split('\n');
    assert.ok(has(scopesAt(header!, '2019-05-06'), 'constant.numeric.timestamp'));
    assert.ok(has(scopesAt(header!, 'IP'), 'entity.name.section.packet'));
    assert.ok(has(scopesAt(data!, '0x0000:'), 'keyword.other.offset'));
    assert.ok(has(scopesAt(data!, '56ea'), 'constant.numeric.byte'));
    assert.ok(has(scopesAt(data!, '.PV'), 'string.unquoted.ascii'));
  });

  it('xxd and Wireshark gutters; od without one', () => {
    const xxd = hexFixture('skinny-register-messages.xxd.txt').split('\n')[0]!;
    assert.ok(has(scopesAt(xxd, '00000000:'), 'keyword.other.offset'));
    assert.ok(has(scopesAt(xxd, '8000'), 'constant.numeric.byte'));
    assert.ok(has(scopesAt(xxd, '....'), 'string.unquoted.ascii'));
    const ws = hexFixture('skinny-register.tshark-x.txt').split('\n')[0]!;
    assert.ok(has(scopesAt(ws, '0000'), 'keyword.other.offset'));
    assert.ok(has(scopesAt(ws, '.PV'), 'string.unquoted.ascii'));
    const od = hexFixture('skinny-register.od-per-frame.txt').split('\n')[0]!;
    assert.ok(has(scopesAt(od, '000000'), 'keyword.other.offset'));
    assert.ok(!grammar.tokenizeLine(od, textmate.INITIAL).tokens.some((t) => has(t.scopes, 'string.unquoted.ascii')));
  });

  it('C arrays, comments, repeats, plain hex', () => {
    const c = hexFixture('skinny-register-messages.c-array.txt').split('\n');
    assert.ok(has(scopesAt(c[0]!, 'unsigned char'), 'storage.type'));
    assert.ok(has(scopesAt(c[1]!, '0x'), 'punctuation.definition.numeric'));
    assert.ok(has(scopesAt(c[1]!, '80'), 'constant.numeric.byte'));
    assert.ok(has(scopesAt('# from a 7961', '#'), 'comment.line'));
    assert.ok(has(scopesAt('*', '*'), 'keyword.operator.repeat'));
    assert.ok(has(scopesAt('1c 00 00 00 16', '1c'), 'constant.numeric.byte'));
  });
});
