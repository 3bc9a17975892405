/**
 * Builds TLS bytes for the tests: handshake messages, records, a whole NULL-cipher session carrying real SCCP
 * messages. The certificates are real DER made by openssl (and one public root), kept as base64.
 */
import { concat as concatBytes } from '../../helpers/frames';
import { createHmac } from 'node:crypto';
import { hexToBytes, loadReferences } from '../../helpers/tshark-reference';

export function der(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

const u8 = (v: number) => Uint8Array.of(v & 0xff);
const u16 = (v: number) => Uint8Array.of((v >> 8) & 0xff, v & 0xff);
const u24 = (v: number) => Uint8Array.of((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
const vec8 = (b: Uint8Array) => concat([u8(b.length), b]);
const vec16 = (b: Uint8Array) => concat([u16(b.length), b]);
const vec24 = (b: Uint8Array) => concat([u24(b.length), b]);
const filled = (n: number, v: number) => new Uint8Array(n).fill(v);

export function record(contentType: number, version: number, payload: Uint8Array): Uint8Array {
  return concat([u8(contentType), u16(version), u16(payload.length), payload]);
}

export function handshake(type: number, body: Uint8Array): Uint8Array {
  return concat([u8(type), u24(body.length), body]);
}

function extension(type: number, data: Uint8Array): Uint8Array {
  return concat([u16(type), vec16(data)]);
}

export function clientHello(opts: { version?: number; suites: number[]; serverName?: string; supportedVersions?: number[] }): Uint8Array {
  const exts: Uint8Array[] = [];
  if (opts.serverName !== undefined) {
    const name = new TextEncoder().encode(opts.serverName);
    exts.push(extension(0x0000, vec16(concat([u8(0), vec16(name)]))));
  }
  exts.push(extension(0x000a, vec16(concat([u16(0x0017), u16(0x0018)])))); // supported_groups, ignored
  if (opts.supportedVersions) exts.push(extension(0x002b, vec8(concat(opts.supportedVersions.map(u16)))));
  const body = concat([
    u16(opts.version ?? 0x0303),
    filled(32, 0x11), // random
    vec8(filled(32, 0x22)), // session id
    vec16(concat(opts.suites.map(u16))),
    vec8(u8(0)), // compression: null
    vec16(concat(exts)),
  ]);
  return handshake(1, body);
}

/** `resume`: echo the ClientHello's session id (0x22...), as a server resuming that session does. */
export function serverHello(opts: { version?: number; suite: number; selectedVersion?: number; resume?: boolean }): Uint8Array {
  const exts: Uint8Array[] = [extension(0xff01, vec8(new Uint8Array(0)))]; // renegotiation_info, ignored
  if (opts.selectedVersion !== undefined) exts.push(extension(0x002b, u16(opts.selectedVersion)));
  const body = concat([u16(opts.version ?? 0x0303), filled(32, 0x33), vec8(filled(32, opts.resume ? 0x22 : 0x44)), u16(opts.suite), u8(0), vec16(concat(exts))]);
  return handshake(2, body);
}

export function certificate(ders: readonly Uint8Array[]): Uint8Array {
  return handshake(11, vec24(concat(ders.map(vec24))));
}

export const SERVER_HELLO_DONE = handshake(14, new Uint8Array(0));
/** A ClientKeyExchange with a 256-byte encrypted pre-master secret (its content does not matter here). */
export const CLIENT_KEY_EXCHANGE = handshake(16, vec16(filled(256, 0x5a)));
export const CERTIFICATE_REQUEST = handshake(13, concat([vec8(u8(1)), vec16(u16(0x0401)), vec16(new Uint8Array(0))]));

export const TLS_RSA_WITH_NULL_SHA = 0x0002;

/** HMAC-SHA1 over the sequence number and record, as TLS 1.2 NULL_SHA computes it (key made up: nothing checks it). */
export function macSha1(seq: number, contentType: number, version: number, plain: Uint8Array): Uint8Array {
  const h = createHmac('sha1', Buffer.from('not-a-real-mac-key'));
  h.update(concat([new Uint8Array(4), Uint8Array.of(seq >>> 24, seq >>> 16, seq >>> 8, seq), u8(contentType), u16(version), u16(plain.length), plain]));
  return new Uint8Array(h.digest());
}

/** Real SCCP messages of one connection (stream 1 of skinny-call-rtp.pcap, tshark's bytes), per direction. */
export function realSccp(): { toCallManager: Uint8Array[]; fromCallManager: Uint8Array[] } {
  const cap = loadReferences().find((c) => c.capture === 'skinny-call-rtp.pcap')!;
  const msgs = cap.messages.filter((m) => m.stream === 1);
  return {
    toCallManager: msgs.filter((m) => m.dstPort === 2000).map((m) => hexToBytes(m.bytes)),
    fromCallManager: msgs.filter((m) => m.srcPort === 2000).map((m) => hexToBytes(m.bytes)),
  };
}

/**
 * Cuts a byte stream into application_data records of TLS_RSA_WITH_NULL_SHA (plaintext + 20-byte MAC), at the
 * given plaintext sizes (cycled): records start and end anywhere, also inside SCCP headers.
 */
export function nullShaRecords(plain: Uint8Array, sizes: readonly number[], firstSeq = 1): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let i = 0;
  while (at < plain.length) {
    const n = Math.min(plain.length - at, Math.max(1, sizes[i % sizes.length]!));
    const chunk = plain.subarray(at, at + n);
    out.push(record(23, 0x0303, concat([chunk, macSha1(firstSeq + i, 23, 0x0303, chunk)])));
    at += n;
    i++;
  }
  return out;
}

/**
 * A TLS 1.2 session with TLS_RSA_WITH_NULL_SHA and mutual authentication, SCCP inside, as flights in the order the
 * peers send them (each side waits for the other's flight): [direction, bytes], direction 0 = client (station).
 */
export function nullCipherSession(sizes: { client: number[]; server: number[] }) {
  const sccp = realSccp();
  const finishedPlain = handshake(20, filled(12, 0x46));
  const finished = record(22, 0x0303, concat([finishedPlain, macSha1(0, 22, 0x0303, finishedPlain)]));
  const ccs = record(20, 0x0303, u8(1));
  const flights: [0 | 1, Uint8Array][] = [
    [0, record(22, 0x0301, clientHello({ suites: [0xc02f, 0x002f, TLS_RSA_WITH_NULL_SHA], serverName: 'cucm-pub.lab.example' }))],
    // ServerHello, Certificate, CertificateRequest and ServerHelloDone in one record, as servers often send them.
    [1, record(22, 0x0303, concat([serverHello({ suite: TLS_RSA_WITH_NULL_SHA }), certificate([CUCM_CERT]), CERTIFICATE_REQUEST, SERVER_HELLO_DONE]))],
    [0, concat([record(22, 0x0303, concat([certificate([PHONE_CERT]), CLIENT_KEY_EXCHANGE])), ccs, finished])],
    [1, concat([ccs, finished])],
  ];
  const clientApp = concat(nullShaRecords(concat(sccp.toCallManager), sizes.client));
  const serverApp = concat(nullShaRecords(concat(sccp.fromCallManager), sizes.server));
  const whole = (dir: 0 | 1) => concat([...flights.filter((f) => f[0] === dir).map((f) => f[1]), dir === 0 ? clientApp : serverApp]);
  return { flights, clientApp, serverApp, client: whole(0), server: whole(1), sccp };
}

/** openssl 3.0 (v1, ECDSA P-256): subject C=US, O=Example Voice Lab, OU=Telephony, CN=cucm-pub.lab.example; issuer O=Example Voice Lab, CN=Example Lab CA */
export const CUCM_CERT = der(
  'MIIBjTCCATICFFNGSdhdWeo6cv0Eqm8rrtIFed2eMAoGCCqGSM49BAMCMDUxGjAYBgNVBAoMEUV4YW1wbGUgVm9pY2UgTGFiMRcw' +
  'FQYDVQQDDA5FeGFtcGxlIExhYiBDQTAeFw0yNjExMjUwNTAxMzZaFw0zNjExMjIwNTAxMzZaMFwxCzAJBgNVBAYTAlVTMRowGAYD' +
  'VQQKDBFFeGFtcGxlIFZvaWNlIExhYjESMBAGA1UECwwJVGVsZXBob255MR0wGwYDVQQDDBRjdWNtLXB1Yi5sYWIuZXhhbXBsZTBZ' +
  'MBMGByqGSM49AgEGCCqGSM49AwEHA0IABCVurv57CqEZiQD0FE+clS2pN6rWNvQFWJ24YEgak8apzFn1fI+xN6rBGPrMQdBFo2e5' +
  '5yxaPl+M0OpT8q4lsBEwCgYIKoZIzj0EAwIDSQAwRgIhANP+BBrC2ykdJ4fOMTiSq2V30ZskDE6DpwPNHNZ6B0xSAiEAk4IwY10y' +
  'BjjGPgSt4nshjAwx7t5T+Ddtk2b2EhG/ZSU=',
);

/** openssl 3.0 (v1): subject O=Example Voice Lab, CN=SEP001122334455; issuer O=Example Voice Lab, CN=CAPF-1a2b3c4d */
export const PHONE_CERT = der(
  'MIIBZTCCAQsCFHuKqnagiFqEoUi8pGiNz7KHgSwIMAoGCCqGSM49BAMCMDQxGjAYBgNVBAoMEUV4YW1wbGUgVm9pY2UgTGFiMRYw' +
  'FAYDVQQDDA1DQVBGLTFhMmIzYzRkMB4XDTI2MTEyNTA1MDEzNloXDTM2MTEyMjA1MDEzNlowNjEaMBgGA1UECgwRRXhhbXBsZSBW' +
  'b2ljZSBMYWIxGDAWBgNVBAMMD1NFUDAwMTEyMjMzNDQ1NTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABK8Uk4NBLZ3O2x8cv9mQ' +
  'aMJvh4MQP5VgcpsQNaccFzfbEqcQdDgYKNZWCaJWGCG5scFL/Njq0ssnPv0vNjPcyuMwCgYIKoZIzj0EAwIDSAAwRQIgAI4oqHn5' +
  'zGSEPFj8yMNpojNHVyFt2mYg7CfJniCvI54CIQDyMdkcBaAb+8nWNM+kqFthwhKiaqwbntzOyfMBHjZlmA==',
);

/** openssl 3.0 -utf8 (v3, self-signed): O=Société Téléphonique, CN=Téléphone-Zürich (UTF8String) */
export const UTF8_CERT = der(
  'MIIB1zCCAX2gAwIBAgIURDdiLDxv/P1ovMTTKYvysam3In4wCgYIKoZIzj0EAwIwQTEhMB8GA1UECgwYU29jacOpdMOpIFTDqWzD' +
  'qXBob25pcXVlMRwwGgYDVQQDDBNUw6lsw6lwaG9uZS1aw7xyaWNoMB4XDTI2MTEyNTA1MDE0MVoXDTM2MTEyMjA1MDE0MVowQTEh' +
  'MB8GA1UECgwYU29jacOpdMOpIFTDqWzDqXBob25pcXVlMRwwGgYDVQQDDBNUw6lsw6lwaG9uZS1aw7xyaWNoMFkwEwYHKoZIzj0C' +
  'AQYIKoZIzj0DAQcDQgAEKa4JWwc21upHHj0jSpWaD2APlYMYS8eqosh8ntEqVxW96tP4mi7mKCNXRWRLLvlHgLQvCiVDqy7yr3HK' +
  'GoKM0aNTMFEwHQYDVR0OBBYEFNBCrl2ZvR/gRFDPZHHTAanGTB8jMB8GA1UdIwQYMBaAFNBCrl2ZvR/gRFDPZHHTAanGTB8jMA8G' +
  'A1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAJ/GJBNLRcqdTD/7bcbreZUAVPaMLnQ5ZNFLlCnsr+LFAiBwj0m9i8WE' +
  'vnZlRKmiAuy00F7TzKmcNnLNGzw6pFLjlA==',
);

/** the public DigiCert Global Root CA (v3, RSA-2048, PrintableString names, long-form lengths) */
export const DIGICERT_ROOT = der(
  'MIIDrzCCApegAwIBAgIQCDvgVpBCRrGhdWrJWZHHSjANBgkqhkiG9w0BAQUFADBhMQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGln' +
  'aUNlcnQgSW5jMRkwFwYDVQQLExB3d3cuZGlnaWNlcnQuY29tMSAwHgYDVQQDExdEaWdpQ2VydCBHbG9iYWwgUm9vdCBDQTAeFw0w' +
  'NjExMTAwMDAwMDBaFw0zMTExMTAwMDAwMDBaMGExCzAJBgNVBAYTAlVTMRUwEwYDVQQKEwxEaWdpQ2VydCBJbmMxGTAXBgNVBAsT' +
  'EHd3dy5kaWdpY2VydC5jb20xIDAeBgNVBAMTF0RpZ2lDZXJ0IEdsb2JhbCBSb290IENBMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A' +
  'MIIBCgKCAQEA4jvhEXLeqKTTo1eqUKKPC3eQyaKl7hLOllsBCSDMAZOnTjC3U/dDxGkAV53ijSLdhwZAAIEJzs4bg7/fzTtxRuLW' +
  'ZscFs3YnFo97nh6Vfe63SKMI2tavegw5BmV/Sl0fvBf4q77uKNd0f3p4mVmFaG5cIzJLv07A6Fpt43C/dxC//AH2hdmoRBBYMql1' +
  'GNXRor5H4idq9Joz+EkIYIvUX7Q6hL+hqkpMfT7PT19sdl6gSzeRntwi5m3OFBqOasv+zbMUZBfHWymeMr/y7vrTC0LUq7dBMtoM' +
  '1O/4gdW7jVg/tRvoSSiicNoxBN33shbyTApOB6jtSj1etX+jkMOvJwIDAQABo2MwYTAOBgNVHQ8BAf8EBAMCAYYwDwYDVR0TAQH/' +
  'BAUwAwEB/zAdBgNVHQ4EFgQUA95QNVbRTLtm8KPiGxvDl7I90VUwHwYDVR0jBBgwFoAUA95QNVbRTLtm8KPiGxvDl7I90VUwDQYJ' +
  'KoZIhvcNAQEFBQADggEBAMucN6pIExIK+t1EnE9SsPTfrgT1eXkIoyQY/EsrhMAtudXH/vTBH1jLuG2cenTnmCmrEbXjcKChzUyI' +
  'mZOMkXDiqw8cvpOp/2PV5Adg06O/nVsJ8dWO41P0jmP6P6fbtGbfYmbW0W5BjfIttep3Sp+dWOIrWcBAI+0tKIJFPnlUkiaY4IBI' +
  'qDfv8NZ5YBberOgOzW6sRBc4L0na4UU+Krk2U886UAb3LujEV0lsYSEY1QSteDwsOoBrp+uvFRTp2InBuThs4pFsiv9kuXclVzDA' +
  'GySj4dzp30d8tbQkCAUw7C29C79Fv1C5qfPrmAESrciIxpg0X40KPMbp1ZWVbd4=',
);
