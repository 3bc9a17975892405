import { problem, type Problem } from '../problems';
import { certificateNames, type CertificateNames } from './der-names';
import { isGrease } from './versions';

export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;

const EXT_SERVER_NAME = 0x0000;
const EXT_SUPPORTED_VERSIONS = 0x002b;

/** Largest handshake message we buffer: certificate chains of a few certificates fit many times over. */
export const MAX_HANDSHAKE_MESSAGE = 128 * 1024;

export interface HandshakeSink {
  message(type: number, body: Uint8Array, frame: number): void;
  problem(p: Problem): void;
}

/**
 * Reassembles handshake messages (1-byte type, 3-byte length, body) from the payloads of consecutive handshake
 * records: a message may span records and a record may hold several messages. A message longer than
 * MAX_HANDSHAKE_MESSAGE is skipped without being buffered.
 */
export class HandshakeReader {
  private buf: Uint8Array = new Uint8Array(0);
  /** Bytes of an oversized message still to be skipped. */
  private skipping = 0;

  constructor(
    private readonly sink: HandshakeSink,
    private readonly describe: string,
  ) {}

  push(payload: Uint8Array, frame: number): void {
    let data = payload;
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, data.length);
      this.skipping -= n;
      data = data.subarray(n);
    }
    if (data.length === 0) return;
    this.buf = this.buf.length === 0 ? data.slice() : concat(this.buf, data);
    while (this.buf.length >= 4) {
      const type = this.buf[0]!;
      const length = (this.buf[1]! << 16) | (this.buf[2]! << 8) | this.buf[3]!;
      if (length > MAX_HANDSHAKE_MESSAGE) {
        this.sink.problem(
          problem('tls.bad-handshake', `${this.describe}: a ${handshakeTypeName(type)} handshake message of ${length} bytes is larger than the ${MAX_HANDSHAKE_MESSAGE} we inspect; skipped`, {
            frame,
          }),
        );
        const have = this.buf.length - 4;
        this.skipping = Math.max(0, length - have);
        this.buf = this.buf.subarray(Math.min(this.buf.length, 4 + length)).slice();
        continue;
      }
      if (this.buf.length < 4 + length) return;
      this.sink.message(type, this.buf.subarray(4, 4 + length), frame);
      this.buf = this.buf.subarray(4 + length);
    }
  }

  /** Bytes buffered towards an incomplete message. */
  get pending(): number {
    return this.buf.length;
  }

  /** Forget a partial message (after a gap, or once the handshake is no longer readable). */
  reset(): void {
    this.buf = new Uint8Array(0);
    this.skipping = 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function handshakeTypeName(t: number): string {
  const names: Record<number, string> = {
    0: 'HelloRequest',
    1: 'ClientHello',
    2: 'ServerHello',
    4: 'NewSessionTicket',
    8: 'EncryptedExtensions',
    11: 'Certificate',
    12: 'ServerKeyExchange',
    13: 'CertificateRequest',
    14: 'ServerHelloDone',
    15: 'CertificateVerify',
    16: 'ClientKeyExchange',
    20: 'Finished',
  };
  return names[t] ?? `type ${t}`;
}

/** Reads big-endian fields; reading past the end sets `ok` to false and yields zeros, so parsers never throw. */
class Cursor {
  ok = true;
  constructor(
    private readonly b: Uint8Array,
    public pos = 0,
    private readonly end = b.length,
  ) {}
  get left(): number {
    return this.end - this.pos;
  }
  u8(): number {
    return this.uint(1);
  }
  u16(): number {
    return this.uint(2);
  }
  u24(): number {
    return this.uint(3);
  }
  private uint(n: number): number {
    if (this.left < n) {
      this.ok = false;
      this.pos = this.end;
      return 0;
    }
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.b[this.pos + i]!;
    this.pos += n;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (this.left < n) {
      this.ok = false;
      this.pos = this.end;
      return new Uint8Array(0);
    }
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(n: number): void {
    this.bytes(n);
  }
}

export interface ClientHello {
  legacyVersion: number;
  sessionId: Uint8Array;
  /** From the supported_versions extension, GREASE removed (absent before TLS 1.3-aware clients). */
  supportedVersions?: number[];
  cipherSuites: number[];
  serverName?: string;
}

export interface ServerHello {
  legacyVersion: number;
  /** Equal to the ClientHello's (non-empty) one when TLS <= 1.2 resumes a session: no certificate is sent then. */
  sessionId: Uint8Array;
  /** The version chosen through supported_versions (TLS 1.3), when present. */
  selectedVersion?: number;
  cipherSuite: number;
}

/** Bound on how many offered cipher suites we keep (a ClientHello offers a few dozen). */
const MAX_OFFERED_SUITES = 256;

export function parseClientHello(body: Uint8Array): ClientHello | undefined {
  const c = new Cursor(body);
  const legacyVersion = c.u16();
  c.skip(32); // random
  const sessionId = c.bytes(c.u8());
  const suitesLength = c.u16();
  const suites = new Cursor(c.bytes(suitesLength));
  const cipherSuites: number[] = [];
  while (suites.left >= 2 && cipherSuites.length < MAX_OFFERED_SUITES) cipherSuites.push(suites.u16());
  c.skip(c.u8()); // compression methods
  if (!c.ok) return undefined;
  const hello: ClientHello = { legacyVersion, sessionId, cipherSuites };
  if (c.left < 2) return hello; // no extensions
  for (const ext of extensions(c.bytes(c.u16()))) {
    if (ext.type === EXT_SERVER_NAME) {
      const name = readServerName(ext.data);
      if (name !== undefined) hello.serverName = name;
    } else if (ext.type === EXT_SUPPORTED_VERSIONS) {
      const e = new Cursor(ext.data);
      const list = new Cursor(e.bytes(e.u8()));
      const versions: number[] = [];
      while (list.left >= 2) {
        const v = list.u16();
        if (!isGrease(v)) versions.push(v);
      }
      if (e.ok) hello.supportedVersions = versions;
    }
  }
  return hello;
}

export function parseServerHello(body: Uint8Array): ServerHello | undefined {
  const c = new Cursor(body);
  const legacyVersion = c.u16();
  c.skip(32); // random
  const sessionId = c.bytes(c.u8());
  const cipherSuite = c.u16();
  c.u8(); // compression method
  if (!c.ok) return undefined;
  const hello: ServerHello = { legacyVersion, sessionId, cipherSuite };
  if (c.left < 2) return hello;
  for (const ext of extensions(c.bytes(c.u16()))) {
    if (ext.type === EXT_SUPPORTED_VERSIONS && ext.data.length === 2) hello.selectedVersion = (ext.data[0]! << 8) | ext.data[1]!;
  }
  return hello;
}

/** The names in the first (end-entity) certificate of a TLS 1.0-1.2 Certificate message. */
export function parseCertificateMessage(body: Uint8Array): CertificateNames | 'empty' | undefined {
  const c = new Cursor(body);
  const listLength = c.u24();
  if (!c.ok) return undefined;
  if (listLength === 0) return 'empty';
  const list = new Cursor(c.bytes(listLength));
  const der = list.bytes(list.u24());
  if (!c.ok || !list.ok) return undefined;
  return certificateNames(der);
}

/** Extensions as (type, data) pairs; stops quietly at the first one that overruns the block. */
function extensions(block: Uint8Array): { type: number; data: Uint8Array }[] {
  const out: { type: number; data: Uint8Array }[] = [];
  const c = new Cursor(block);
  while (c.left >= 4) {
    const type = c.u16();
    const data = c.bytes(c.u16());
    if (!c.ok) break;
    out.push({ type, data });
  }
  return out;
}

/** server_name extension: a list of (type, name); type 0 is a DNS host name. */
function readServerName(data: Uint8Array): string | undefined {
  const c = new Cursor(data);
  const list = new Cursor(c.bytes(c.u16()));
  while (list.ok && list.left >= 3) {
    const type = list.u8();
    const name = list.bytes(list.u16());
    if (!list.ok) return undefined;
    if (type === 0) return printable(name);
  }
  return undefined;
}

/** Host names are ASCII; anything else is shown escaped. */
function printable(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length && i < 255; i++) {
    const v = b[i]!;
    s += v >= 0x20 && v < 0x7f && v !== 0x5c ? String.fromCharCode(v) : `\\x${v.toString(16).padStart(2, '0')}`;
  }
  return s;
}
