/**
 * The language server over stdio, as an editor talks to it: hover, diagnostics, symbols, folding, semantic tokens,
 * code lenses and the decoded-tree request, on real bytes (the shared captures' dumps); bad text and bad requests
 * do not take it down; a 10 MB dump stays responsive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { messageById } from '../../../src/core/sccp/catalog';
import { directionLabel, junosLabel } from '../../../src/core/sccp/catalog-doc';
import { idHex } from '../../../src/core/sccp/header';
import { TOKEN_TYPES } from '../../../src/server/semantic-tokens';
import { hexFixture, reference } from '../hexdump/fixtures';
import { LspClient } from './lsp-client';

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
  severity: number;
}
interface Sym {
  name: string;
  children?: Sym[];
}
type Hover = { contents: { value: string }; range: Diag['range'] } | null;

const ACK = hexFixture('open_receive_ack_7961_v22_sanitized.hex');

describe('language server over stdio', () => {
  let c: LspClient;
  const diagnostics = new Map<string, Promise<{ diagnostics: Diag[] }>>();
  const open = (uri: string, text: string): void => {
    diagnostics.set(uri, c.waitFor<{ uri: string; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri, 60000));
    c.open(uri, text);
  };
  const hover = (uri: string, line: number, character: number): Promise<Hover> =>
    c.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  before(async () => {
    c = new LspClient();
    const init = await c.initialize();
    assert.ok(init.capabilities.hoverProvider);
  });
  after(async () => {
    await c.shutdown();
  });

  it('hover on message-ID bytes: the catalog card', async () => {
    open('file:///ack.sccphex', ACK);
    const def = messageById(0x22)!;
    // "28 00 00 00 16 00 00 00 22 00 00 00 ...": the ID's bytes are at columns 24-34 of line 0.
    for (const ch of [24, 28, 33]) {
      const h = await hover('file:///ack.sccphex', 0, ch);
      assert.ok(h);
      const md = h.contents.value;
      assert.ok(md.includes(`**${def.name}** \`${idHex(def.id)}\``), md);
      assert.ok(md.includes(directionLabel(def.direction)));
      assert.ok(md.includes(def.class));
      assert.ok(md.includes(idHex(def.partner!)), 'partner');
      assert.ok(md.includes(def.purpose.slice(0, 30)), 'purpose');
      assert.ok(md.includes(`**JUNOS SCCP ALG table:** ${junosLabel(def.junos!)}`));
      for (const m of def.media!) assert.ok(md.includes(`${m.role} —`), `media role ${m.role}`);
      assert.ok(md.includes('portNumber'), 'fields');
      assert.ok(md.includes('media receive: 192.0.2.1:4000'), 'this instance');
      assert.deepEqual(h.range, { start: { line: 0, character: 24 }, end: { line: 0, character: 35 } });
    }
  });

  it('hover on any other byte: its field, decoded value and byte range', async () => {
    const h = await hover('file:///ack.sccphex', 1, 13); // line 2: "00 00 00 00 c0 00 02 01": bytes 20-23
    assert.ok(h);
    assert.match(h.contents.value, /\*\*ipAddr\*\* = `192\.0\.2\.1`/);
    assert.match(h.contents.value, /Message bytes 20–23 \(4 bytes\)/);
    assert.deepEqual(h.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 23 } });
    const port = await hover('file:///ack.sccphex', 2, 12); // "a0 0f 00 00" = 4000
    assert.match(port!.contents.value, /\*\*portNumber\*\* = 4000 \(0xfa0\)/);
    assert.equal(await hover('file:///ack.sccphex', 0, 2), null, 'the space between two bytes');
  });

  it('hover in a tcpdump dump: message ID of the RegisterReq in frame 4, and the TCP header', async () => {
    const text = hexFixture('skinny-register.tcpdump-XX-tttt.txt');
    open('file:///reg.hexdump', text);
    const lines = text.split('\n');
    const headers = lines.map((l, i) => (l.startsWith('\t') ? -1 : i)).filter((i) => i >= 0);
    const line = headers[3]! + 4; // frame 4, bytes 0x30-0x3f: the SCCP header starts at byte 54
    assert.ok(lines[line]!.startsWith('\t0x0030:  1020 540e 0000 8000 0000 0000 0000 0100'));
    const h = await hover('file:///reg.hexdump', line, 45);
    assert.ok(h!.contents.value.includes('`0x0001`'), h!.contents.value);
    const tcp = await hover('file:///reg.hexdump', line - 1, 40);
    assert.match(tcp!.contents.value, /\*\*TCP\*\* header, packet bytes 34–53/);
    assert.match(tcp!.contents.value, /port 46461 → 2000/);
  });

  it('diagnostics on the byte ranges at fault', async () => {
    const cases: [string, string, string, Diag['range']][] = [
      // Cut after two lines: the length field says 48 bytes, 32 are there.
      ['cut', ACK.split('\n').slice(0, 2).join('\n'), 'sccp.truncated', { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } }],
      ['unknown-id', ACK.replace('22 00 00 00', '77 77 00 00'), 'sccp.unknown-message', { start: { line: 0, character: 24 }, end: { line: 0, character: 35 } }],
      ['unknown-version', ACK.replace('16 00 00 00', '99 00 00 00'), 'sccp.unknown-version', { start: { line: 0, character: 12 }, end: { line: 0, character: 23 } }],
      // KeepAliveReq has no body: 4 bytes after its header are trailing.
      ['trailing', '08 00 00 00 00 00 00 00 00 00 00 00 de ad be ef\n', 'sccp.trailing-bytes', { start: { line: 0, character: 36 }, end: { line: 0, character: 47 } }],
      ['bad-text', ACK.replace('c0 00', 'c0 zz'), 'hexdump.bad-character', { start: { line: 1, character: 15 }, end: { line: 1, character: 17 } }],
      ['odd', ACK.replace('a0 0f', 'a0 0f0'), 'hexdump.odd-digits', { start: { line: 2, character: 15 }, end: { line: 2, character: 18 } }],
    ];
    for (const [name, text, code, range] of cases) {
      const uri = `file:///${name}.sccphex`;
      open(uri, text);
      const { diagnostics: ds } = await diagnostics.get(uri)!;
      const d = ds.find((x) => x.code === code);
      assert.ok(d, `${name}: ${JSON.stringify(ds)}`);
      assert.deepEqual(d.range, range, name);
    }
    const clean = await diagnostics.get('file:///ack.sccphex')!;
    assert.deepEqual(clean.diagnostics, []);
  });

  it('document symbols: one per packet, the messages inside, in capture order', async () => {
    const syms = await c.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///reg.hexdump' } });
    assert.equal(syms.length, 17);
    assert.match(syms[3]!.name, /^Packet 4: Ethernet, 1 SCCP message$/);
    // Per frame, the messages tshark found there. Frame 16 is a TCP retransmission of frame 15: tshark shows no
    // message for it, the dump shows the bytes it carries (VersionRes again).
    const byFrame = new Map<number, string[]>();
    for (const m of reference('skinny-register.pcapng').messages) byFrame.set(m.frame, [...(byFrame.get(m.frame) ?? []), messageById(m.id)?.name ?? `Unknown (${idHex(m.id)})`]);
    byFrame.set(16, byFrame.get(15)!);
    syms.forEach((s, i) => assert.deepEqual((s.children ?? []).map((m) => m.name), byFrame.get(i + 1) ?? [], `packet ${i + 1}`));
    const single = await c.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///ack.sccphex' } });
    assert.equal(single.length, 1);
    assert.equal(single[0]!.name, 'OpenReceiveChannelAck');
    assert.ok(single[0]!.children!.some((f) => f.name === 'ipAddr'));
  });

  it('folding: each packet of the tcpdump dump folds', async () => {
    const f = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: 'file:///reg.hexdump' } });
    const text = hexFixture('skinny-register.tcpdump-XX-tttt.txt').split('\n');
    const headers = text.map((l, i) => (l.startsWith('\t') || l === '' ? -1 : i)).filter((i) => i >= 0);
    for (const h of headers) assert.ok(f.some((r) => r.startLine === h && r.endLine > h), `packet at line ${h}`);
  });

  it('semantic tokens set apart header length, version, message ID and body fields', async () => {
    const r = await c.request<{ data: number[] }>('textDocument/semanticTokens/range', {
      textDocument: { uri: 'file:///ack.sccphex' },
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 100 } },
    });
    const tokens: { line: number; char: number; length: number; type: string }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < r.data.length; i += 5) {
      line += r.data[i]!;
      char = r.data[i]! === 0 ? char + r.data[i + 1]! : r.data[i + 1]!;
      tokens.push({ line, char, length: r.data[i + 2]!, type: TOKEN_TYPES[r.data[i + 3]!]! });
    }
    assert.deepEqual(tokens.slice(0, 4), [
      { line: 0, char: 0, length: 11, type: 'sccpLength' },
      { line: 0, char: 12, length: 11, type: 'sccpVersion' },
      { line: 0, char: 24, length: 11, type: 'sccpMessageId' },
      { line: 0, char: 36, length: 11, type: 'sccpField' }, // mediaReceptionStatus
    ]);
    assert.ok(tokens.some((t) => t.line === 1 && t.char === 12 && t.length === 11 && t.type === 'sccpAddress'), 'ipAddr');
    // Neighbouring numeric fields alternate: passThroughPartyId and callReference on line 2.
    const l2 = tokens.filter((t) => t.line === 2 && t.char >= 12);
    assert.equal(l2.length, 3);
    assert.notEqual(l2[1]!.type, l2[2]!.type);
  });

  it('code lenses and the decoded tree', async () => {
    const lenses = await c.request<{ command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: 'file:///reg.hexdump' } });
    assert.equal(lenses.length, 9); // the 8 messages and frame 16's retransmitted VersionRes
    assert.ok(lenses.every((l) => l.command.command === 'sccpDissect.hex.showDecodedTree'));
    const tree = await c.request<{ title: string; text: string }>('sccpHex/decodedTree', { uri: 'file:///ack.sccphex', position: { line: 1, character: 0 } });
    assert.match(tree.title, /^OpenReceiveChannelAck/);
    assert.match(tree.text, /ipAddr: 192\.0\.2\.1 {2}\[20\+4\]/);
    const all = await c.request<{ text: string }>('sccpHex/decodedTree', { uri: 'file:///reg.hexdump' });
    assert.equal(all.text.match(/^Packet /gm)!.length, 9);
  });

  it('never dies on bad text or bad requests', async () => {
    open('file:///junk.sccphex', '\u0000\u0001 zz 0x 0xg1 *\n*\n000000 ff\nffffffffffffffffffff 00\n|||\n\t0x0000: 45\n');
    await diagnostics.get('file:///junk.sccphex');
    for (const [line, character] of [[0, 0], [2, 8], [99, 99], [-1, -5], [3, 1e9]] as const) await hover('file:///junk.sccphex', line, character);
    c.notify('textDocument/didChange', {
      textDocument: { uri: 'file:///junk.sccphex', version: 2 },
      contentChanges: [{ range: { start: { line: 50, character: 3 }, end: { line: 2, character: 0 } }, text: '1c 00\n\n' }],
    });
    await c.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///junk.sccphex' } });
    await assert.rejects(c.request('sccpHex/noSuchRequest', {}));
    await c.request('textDocument/hover', { textDocument: { uri: 'file:///never-opened' }, position: { line: 0, character: 0 } });
    const h = await hover('file:///ack.sccphex', 0, 25);
    assert.ok(h);
    assert.equal(c.exited, null);
  });

  it('a 10 MB dump stays responsive: edits re-read locally, hover answers at once', async () => {
    const one = hexFixture('skinny-register.tcpdump-XX-tttt.txt');
    const text = one.repeat(Math.ceil((10 * 1024 * 1024) / one.length));
    assert.ok(text.length >= 10 * 1024 * 1024);
    const uri = 'file:///big.hexdump';
    open(uri, text);
    const ds = await diagnostics.get(uri)!;
    assert.deepEqual(ds.diagnostics, []);
    const opened = Date.now();
    const lines = text.split('\n');
    const mid = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('\t0x0030:  1020 540e 0000 8000'));
    let version = 2;
    for (let k = 0; k < 5; k++) {
      // Type into a byte of the middle packet, then ask about the message ID beside it.
      c.notify('textDocument/didChange', {
        textDocument: { uri, version: version++ },
        contentChanges: [{ range: { start: { line: mid, character: 10 }, end: { line: mid, character: 12 } }, text: k % 2 ? '10' : '11' }],
      });
      const t0 = Date.now();
      const h = await hover(uri, mid, 45);
      const ms = Date.now() - t0;
      assert.ok(h!.contents.value.includes('`0x0001`'));
      assert.ok(ms < 1500, `hover took ${ms} ms after an edit`);
    }
    const t0 = Date.now();
    const tokens = await c.request<{ data: number[] }>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: mid - 30, character: 0 }, end: { line: mid + 30, character: 0 } } });
    assert.ok(tokens.data.length > 0);
    assert.ok(Date.now() - t0 < 1500, 'semantic tokens for a screen');
    const syms = await c.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(syms.length, 17 * Math.ceil((10 * 1024 * 1024) / one.length));
    void opened;
  });
});
