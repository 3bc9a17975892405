#!/usr/bin/env node
/**
 * Writes test/fixtures/captures/hostile-names.pcap: one station's SCCP session whose text fields carry HTML,
 * <script>, <img onerror>, CSP-bypass attempts, control characters, a right-to-left override and very long
 * strings, for the editor-security tests in the real browser (test/e2e/ui/security.mjs). The layouts follow the
 * message catalog (src/core/sccp/catalog, docs/messages.md); the frames are Ethernet/IPv4/TCP with valid
 * checksums and a TCP handshake, so Wireshark opens the file too.
 *
 *   node scripts/make-hostile-capture.mjs [OUT]
 *
 * HOSTILE (exported) lists every planted string with the message and field it is in; the tests import it.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every URL points at evil.example (evil.ex where a field is short) or carries "hostile-probe", so that a test can tell any fetch they cause.
const LONG_TAIL = '<img src=https://evil.example/hostile-probe-long.png onerror=alert(9)>';
export const HOSTILE = {
  /** RegisterReq deviceName: a fixed 16-byte field, filled to the last byte (no NUL). */
  deviceName: '<script>alert(1)',
  /** CallInfo (fixed 40- and 24-byte fields). */
  callingPartyName: '<img src=hostile-probe onerror=alert(2)>',
  calledPartyName: '</div><svg onload=alert(3)>&amp;"\'',
  callingParty: '"><iframe src=//evil.ex>',
  calledParty: 'javascript:alert(4)//',
  /** DisplayPromptStatus promptStatus (32 bytes): a <base> that would redirect relative URLs. */
  prompt: '<base href=//evil.example/x/>',
  /** A second prompt: control characters (BEL, ESC sequence, DEL, CR, LF, TAB, backspace) between letters. */
  controlPrompt: 'A\x01B\x07C\x1b[2JD\x7fE\rF\nG\tH\bI',
  /** CallInfoV2 (NUL-terminated strings): CSP-bypass attempts and a very long name. */
  cspCallingPartyName:
    '<meta http-equiv="Content-Security-Policy" content="default-src * \'unsafe-inline\'">' +
    '<meta http-equiv=refresh content="0;url=https://evil.example/hostile-probe-refresh">' +
    '<iframe srcdoc="<script>parent.postMessage(1,\'*\')</script>"></iframe>' +
    '<link rel=stylesheet href=https://evil.example/hostile-probe.css>' +
    '<style>@import url(https://evil.example/hostile-probe-import.css);*{display:none}</style>' +
    '<a href="javascript:alert(5)">x</a>{{constructor.constructor(\'alert(6)\')()}}${alert(7)}' +
    '</script><script>alert(8)</script>',
  longCalledPartyName: 'W'.repeat(3000 - LONG_TAIL.length) + LONG_TAIL,
  /** EnhancedAlarm alarmInfo (UTF-8 XML): a right-to-left override that would reverse what follows. */
  alarm: '<x>\u202Egnp.exe\u202C \u2067<script>alert(10)</script>\u2069 \u200F\u05D0 <b onmouseover=alert(11)>bold</b></x>',
  /** The body of a message no catalog knows (ID 0x7ABC): HTML the hex view's ASCII column shows. */
  unknownBody: '<script src=https://evil.example/hostile-probe.js></script><img src=x onerror=alert(12)>',
};
export const UNKNOWN_ID = 0x7abc;

// ------------------------------------------------------------------------------------------------ SCCP bytes
class Body {
  parts = [];
  u32(v) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  u16(v) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u8(v) {
    this.parts.push(v & 0xff);
    return this;
  }
  ip(text) {
    for (const p of text.split('.')) this.parts.push(Number(p));
    return this;
  }
  /** A fixed-size Latin-1 field, zero padded (filled to the last byte when the text is that long). */
  str(text, size) {
    if (text.length > size) throw new Error(`${JSON.stringify(text)} is longer than its ${size}-byte field`);
    for (let i = 0; i < size; i++) this.parts.push(i < text.length ? latin1(text.charCodeAt(i)) : 0);
    return this;
  }
  /** A NUL-terminated Latin-1 string. */
  cstr(text) {
    for (let i = 0; i < text.length; i++) this.parts.push(latin1(text.charCodeAt(i)));
    this.parts.push(0);
    return this;
  }
  bytes(b) {
    for (const x of b) this.parts.push(x);
    return this;
  }
}
function latin1(code) {
  if (code === 0 || code > 0x7f) throw new Error('Latin-1 fields get ASCII (and control characters) only, so that every decoder reads them alike');
  return code;
}
const body = () => new Body();
function sccp(id, b) {
  const data = b.parts;
  return Uint8Array.from([...body().u32(4 + data.length).u32(0).u32(id).parts, ...data]);
}

const H = HOSTILE;
const registerReq = sccp(0x0001, body().str(H.deviceName, 16).u32(0).u32(1).ip('10.0.0.20').u32(30007).u32(0).u32(0).u8(11).u8(0).u16(0).u32(0)
  .u32(0).bytes([0, 0x11, 0x22, 0x33, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0]).u32(0).u32(1).bytes(new Array(16).fill(0)).u32(0).str('SCCP-TEST', 32));
const registerAck = sccp(0x0081, body().u32(30).str('M/D/Y', 6).u16(0).u32(60).u8(11).u8(0).u16(0));
const callInfo = sccp(0x008f, body().str(H.callingPartyName, 40).str(H.callingParty, 24).str(H.calledPartyName, 40).str(H.calledParty, 24)
  .u32(1).u32(0x1234).u32(1).str('', 40).str(H.calledParty, 24).str('', 40).str('', 24).u32(0).u32(0)
  .str('', 24).str('', 24).str('', 24).str('', 24).u32(1).u32(0).u32(0));
const prompt = (text) => sccp(0x0112, body().u32(10).str(text, 32).u32(1).u32(0x1234));
// CallInfoV2: eight words, then 13 NUL-terminated strings (callingParty ... lastRedirectingPartyName).
const v2strings = ['1000', '', '2000', '', '', '', '', '', '', H.cspCallingPartyName, H.longCalledPartyName, '', ''];
const callInfoV2 = sccp(0x014a, v2strings.reduce((b, s) => b.cstr(s), body().u32(1).u32(0x1234).u32(1).u32(0).u32(0).u32(1).u32(1).u32(0)));
const alarmBytes = new TextEncoder().encode(H.alarm);
const enhancedAlarm = sccp(0x015a, body().bytes(alarmBytes).u8(0));
const unknown = sccp(UNKNOWN_ID, body().bytes(Array.from(H.unknownBody, (c) => latin1(c.charCodeAt(0)))));

// ------------------------------------------------------------------------------------------------ frames
function checksum(parts) {
  let sum = 0;
  for (const p of parts) for (let i = 0; i < p.length; i += 2) sum += (p[i] << 8) | (i + 1 < p.length ? p[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
const put16 = (b, at, v) => ((b[at] = (v >>> 8) & 0xff), (b[at + 1] = v & 0xff));
const put32 = (b, at, v) => (put16(b, at, v >>> 16), put16(b, at + 2, v & 0xffff));
const addr = (t) => Uint8Array.from(t.split('.').map(Number));

function tcpFrame(src, dst, sport, dport, seq, ack, flags, payload) {
  const tcp = new Uint8Array(20 + payload.length);
  put16(tcp, 0, sport);
  put16(tcp, 2, dport);
  put32(tcp, 4, seq);
  put32(tcp, 8, ack);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  put16(tcp, 14, 65535);
  tcp.set(payload, 20);
  const pseudo = new Uint8Array(12);
  pseudo.set(addr(src), 0);
  pseudo.set(addr(dst), 4);
  pseudo[9] = 6;
  put16(pseudo, 10, tcp.length);
  put16(tcp, 16, checksum([pseudo, tcp]));
  const ip = new Uint8Array(20 + tcp.length);
  ip[0] = 0x45;
  put16(ip, 2, ip.length);
  ip[8] = 64;
  ip[9] = 6;
  ip.set(addr(src), 12);
  ip.set(addr(dst), 16);
  put16(ip, 10, checksum([ip.subarray(0, 20)]));
  ip.set(tcp, 20);
  const eth = new Uint8Array(14 + ip.length);
  eth.set([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa, 0x08, 0x00]);
  eth.set(ip, 14);
  return eth;
}

function build() {
  const PHONE = '10.0.0.20';
  const CM = '10.0.0.1';
  const seq = [1000, 90000];
  const frames = [];
  const F = { S: 0x02, A: 0x10, P: 0x08 };
  const send = (fromPhone, flags, payload = new Uint8Array(0)) => {
    const d = fromPhone ? 0 : 1;
    const f = fromPhone
      ? tcpFrame(PHONE, CM, 50000, 2000, seq[0], flags === F.S ? 0 : seq[1], flags, payload)
      : tcpFrame(CM, PHONE, 2000, 50000, seq[1], seq[0], flags, payload);
    frames.push(f);
    seq[d] += payload.length + (flags & F.S ? 1 : 0);
  };
  send(true, F.S);
  send(false, F.S | F.A);
  send(true, F.A);
  send(true, F.P | F.A, registerReq);
  send(false, F.P | F.A, registerAck);
  send(false, F.P | F.A, callInfo);
  send(false, F.P | F.A, prompt(H.prompt));
  send(false, F.P | F.A, prompt(H.controlPrompt));
  send(false, F.P | F.A, callInfoV2);
  send(true, F.P | F.A, enhancedAlarm);
  send(true, F.P | F.A, unknown);
  // classic pcap, microseconds, Ethernet; one frame every 10 ms
  const header = new Uint8Array(24);
  const v = new DataView(header.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  const out = [header];
  frames.forEach((f, i) => {
    const r = new Uint8Array(16);
    const rv = new DataView(r.buffer);
    rv.setUint32(0, 1_700_000_000, true);
    rv.setUint32(4, i * 10_000, true);
    rv.setUint32(8, f.length, true);
    rv.setUint32(12, f.length, true);
    out.push(r, f);
  });
  return Buffer.concat(out);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const target = resolve(process.argv[2] ?? join(root, 'test/fixtures/captures/hostile-names.pcap'));
  writeFileSync(target, build());
  console.log(`wrote ${target}`);
}
