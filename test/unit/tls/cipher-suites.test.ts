import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cipherSuite } from '../../../src/core/tls/cipher-suites';

test('NULL-cipher suites are recognised with the MAC length of their hash', () => {
  const expect: [number, string, number][] = [
    [0x0001, 'TLS_RSA_WITH_NULL_MD5', 16],
    [0x0002, 'TLS_RSA_WITH_NULL_SHA', 20],
    [0x003b, 'TLS_RSA_WITH_NULL_SHA256', 32],
    [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', 20],
    [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA', 20],
    [0xc03b, 'TLS_ECDHE_PSK_WITH_NULL_SHA384', 48],
    [0x00b0, 'TLS_PSK_WITH_NULL_SHA256', 32],
    [0xc0b4, 'TLS_SHA256_SHA256', 32],
    [0x0000, 'TLS_NULL_WITH_NULL_NULL', 0],
  ];
  for (const [code, name, mac] of expect) {
    const s = cipherSuite(code);
    assert.equal(s.name, name);
    assert.equal(s.nullCipher, true, name);
    assert.equal(s.macLength, mac, name);
  }
  assert.equal(cipherSuite(0xc0b4).tls13, true);
  assert.equal(cipherSuite(0x0002).tls13, false);
});

test('encrypting suites are not NULL; unknown codes are named by their number', () => {
  for (const code of [0x002f, 0x0035, 0x009c, 0xc02b, 0xc02f, 0xc030, 0xcca8, 0x1301, 0x1302, 0x0005]) {
    const s = cipherSuite(code);
    assert.equal(s.nullCipher, false, s.name);
    assert.equal(s.macLength, undefined);
    assert.match(s.name, /^TLS_/);
  }
  assert.equal(cipherSuite(0xc02f).name, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  assert.equal(cipherSuite(0x1301).tls13, true);
  const unknown = cipherSuite(0xabcd);
  assert.equal(unknown.name, 'unknown (0xabcd)');
  assert.equal(unknown.nullCipher, false);
});
