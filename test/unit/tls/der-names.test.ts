import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { certificateNames } from '../../../src/core/tls/der-names';
import { CUCM_CERT, DIGICERT_ROOT, PHONE_CERT, UTF8_CERT, concat } from './tls-bytes';

/** node's own X.509 parser (OpenSSL) as the oracle: "C=US\nO=...\nCN=..." -> the CN and O we should find. */
function oracle(text: string): { commonName?: string; organization?: string } {
  const out: { commonName?: string; organization?: string } = {};
  for (const line of text.split('\n')) {
    const [k, ...v] = line.split('=');
    if (k === 'CN') out.commonName ??= v.join('=');
    if (k === 'O') out.organization ??= v.join('=');
  }
  return out;
}

test('subject and issuer CN/O of real certificates match what OpenSSL reads', () => {
  for (const der of [CUCM_CERT, PHONE_CERT, UTF8_CERT, DIGICERT_ROOT]) {
    const x = new X509Certificate(Buffer.from(der));
    const names = certificateNames(der);
    assert.ok(names, x.subject);
    const s = oracle(x.subject);
    const i = oracle(x.issuer);
    assert.equal(names.subject.commonName, s.commonName);
    assert.equal(names.subject.organization, s.organization);
    assert.equal(names.issuer.commonName, i.commonName);
    assert.equal(names.issuer.organization, i.organization);
  }
});

test('the name text keeps certificate order and leaves out attributes other than CN and O', () => {
  const cm = certificateNames(CUCM_CERT)!;
  assert.equal(cm.subject.text, 'O=Example Voice Lab, CN=cucm-pub.lab.example'); // C and OU are in the certificate, not in the text
  assert.equal(cm.issuer.text, 'O=Example Voice Lab, CN=Example Lab CA');
  assert.equal(certificateNames(UTF8_CERT)!.subject.text, 'O=Société Téléphonique, CN=Téléphone-Zürich');
  assert.equal(certificateNames(DIGICERT_ROOT)!.subject.text, 'O=DigiCert Inc, CN=DigiCert Global Root CA');
});

// A tiny DER encoder for hand-made names (BMPString, control characters, a long value).
function tlv(tag: number, value: Uint8Array): Uint8Array {
  const n = value.length;
  const len = n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
  return concat([Uint8Array.of(tag), len, value]);
}
const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(parts));
const attr = (oidLast: number, tag: number, value: Uint8Array) => tlv(0x31, seq(tlv(0x06, Uint8Array.of(0x55, 0x04, oidLast)), tlv(tag, value)));
const ascii = (s: string) => new TextEncoder().encode(s);
const bmp = (s: string) => new Uint8Array([...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
function cert(issuer: Uint8Array, subject: Uint8Array): Uint8Array {
  return seq(seq(tlv(0x02, Uint8Array.of(1)), seq(), issuer, seq(), subject), seq(), tlv(0x03, Uint8Array.of(0)));
}

test('BMPString names, escaped control characters and capped long values', () => {
  const names = certificateNames(
    cert(seq(attr(0x0a, 0x1e, bmp('Ωmega Corp'))), seq(attr(0x03, 0x13, ascii('bad\x07name\x1b[31m')), attr(0x03, 0x0c, ascii('x'.repeat(1000))))),
  )!;
  assert.equal(names.issuer.organization, 'Ωmega Corp');
  assert.equal(names.subject.commonName, 'bad\\x07name\\x1b[31m');
  assert.equal(names.subject.text, `CN=bad\\x07name\\x1b[31m, CN=${'x'.repeat(256)}…`);
});

test('cut or corrupted DER never throws, and a cut certificate is not read', () => {
  for (const der of [CUCM_CERT, DIGICERT_ROOT]) {
    for (let n = 0; n < der.length; n++) assert.equal(certificateNames(der.subarray(0, n)), undefined, `cut at ${n}`);
    for (let i = 0; i < der.length; i++) {
      for (const v of [0x00, 0x80, 0x84, 0xff]) {
        const bad = der.slice();
        bad[i] = v;
        certificateNames(bad); // must return, whatever it finds
      }
    }
  }
  assert.equal(certificateNames(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff)), undefined);
  assert.equal(certificateNames(Uint8Array.of(0x30, 0x80, 0x00, 0x00)), undefined, 'indefinite length is not DER');
});
