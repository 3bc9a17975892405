/**
 * Trailing bytes after the last field: up to 3 zero bytes that end the message on a 4-byte boundary are padding;
 * anything else is reported as sccp.trailing-bytes with its position. Messages are real ones from the fixtures
 * (capture and frame named), some with one byte changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, findField } from '../../../src/core/sccp/decode';
import { hexToBytes } from '../../helpers/tshark-reference';

function trailing(bytes: Uint8Array): { offset?: number; length?: number }[] {
  return decodeMessage(bytes)
    .problems.filter((p) => p.code === 'sccp.trailing-bytes')
    .map((p) => ({ offset: p.offset, length: p.length }));
}

/** Length-prefixed copy with `extra` appended to the body (the header's length grows with it). */
function withExtra(bytes: Uint8Array, extra: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes);
  out.set(extra, bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length + extra.length - 8, true);
  return out;
}

// fax_t38_nse_sccp_ogw.pcapng frame 24: DialedNumber, v21, the last field ends
// 3 bytes before the end, which 3 zero bytes fill to a multiple of 4.
const DIALED_NUMBER = '28000000150000001d01000031323334000000000000000000000000000000000000000000010000003654bd01000000';
// fax_t38_nse_sccp_ogw.pcapng frame 12: DisplayPromptStatusV2; the display label leaves its NUL out (as Wireshark
// does), then 3 bytes pad the message: 4 zero bytes after the last field.
const PROMPT = '20000000150000004501000000000000010000003654bd01456e746572204e756d62657200000000';
// sccp_cme_init.pcapng frame 57: LineStatV2Res, v17; 4 zero bytes after the last string's NUL: more than padding.
const LINE_STAT = '240000001100000047010000020000000f000000313233340031323334006475616c2d313233340000000000';
// sccp_cme_init.pcapng frame 19: ButtonTemplateReq with a 4-byte body Wireshark does not decode.
const BUTTON_TEMPLATE_REQ = '08000000110000000e00000036000000';

test('up to 3 zero bytes that align the message end are padding, not a problem', () => {
  const dialed = hexToBytes(DIALED_NUMBER);
  assert.equal(dialed.length % 4, 0);
  assert.deepEqual(decodeMessage(dialed).problems, []);
  const prompt = hexToBytes(PROMPT);
  const m = decodeMessage(prompt);
  assert.deepEqual(m.problems, []);
  assert.equal(findField(m.fields, 'promptStatus')?.value, 'Enter Number');
});

test('a non-zero byte in the padding is reported with its position', () => {
  const dialed = hexToBytes(DIALED_NUMBER);
  dialed[dialed.length - 1] = 0x01;
  assert.deepEqual(trailing(dialed), [{ offset: dialed.length - 3, length: 3 }]);
  const prompt = hexToBytes(PROMPT);
  prompt[prompt.length - 2] = 0x07;
  assert.equal(trailing(prompt).length, 1);
});

test('4 or more bytes after the last field are reported, even when zero', () => {
  assert.deepEqual(trailing(hexToBytes(LINE_STAT)), [{ offset: 40, length: 4 }]);
  assert.deepEqual(trailing(hexToBytes(BUTTON_TEMPLATE_REQ)), [{ offset: 12, length: 4 }]);
  // A body-less KeepAliveReq with 4 zero bytes appended.
  assert.deepEqual(trailing(withExtra(hexToBytes('040000000000000000000000'), [0, 0, 0, 0])), [{ offset: 12, length: 4 }]);
});

test('zero bytes that leave the message end unaligned are reported', () => {
  // IpPort (skinny-register.pcapng frame 6) is 16 bytes; 2 more zero bytes end it at 18, which aligns nothing.
  const ipPort = hexToBytes('08000000000000000200000000000000');
  assert.deepEqual(decodeMessage(ipPort).problems, []);
  assert.deepEqual(trailing(withExtra(ipPort, [0, 0])), [{ offset: 16, length: 2 }]);
});

test('RegisterReq of CallManager 4 stations (56 bytes): the 4 bytes after maxConferences are activeConferences', () => {
  // pyskinny-cm4-register-softkeys.pcapng frame 31 (a 7960 registering with protocol version 7).
  const bytes = hexToBytes(
    '3800000000000000010000005345503030313338304144394535460000000000010000000a660ad1377500000000000000000000070000810000000000000000',
  );
  assert.equal(bytes.length, 64);
  const m = decodeMessage(bytes);
  assert.deepEqual(m.problems, []);
  assert.equal(findField(m.fields, 'protocolVer')?.value, 7);
  assert.deepEqual(
    [findField(m.fields, 'activeConferences')].map((f) => f && { value: f.value, offset: f.offset, length: f.length }),
    [{ value: 0, offset: 60, length: 4 }],
  );
  // The basic form (length 40: no protocol version) has neither the field nor trailing bytes.
  const short = bytes.slice(0, 48);
  new DataView(short.buffer).setUint32(0, 40, true);
  const s = decodeMessage(short);
  assert.deepEqual(s.problems, []);
  assert.equal(findField(s.fields, 'activeConferences'), undefined);
});
