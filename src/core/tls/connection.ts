import { problem, type Problem } from '../problems';
import { alertDescription } from './alerts';
import { cipherSuite, type CipherSuiteInfo } from './cipher-suites';
import type { CertificateNames } from './der-names';
import {
  HandshakeReader,
  HS_CERTIFICATE,
  HS_CLIENT_HELLO,
  HS_SERVER_HELLO,
  handshakeTypeName,
  parseCertificateMessage,
  parseClientHello,
  parseServerHello,
  type ClientHello,
  type ServerHello,
} from './handshake';
import { summarise, type TlsConnectionInfo } from './info';
import { guessNullCipherMac } from './null-guess';
import {
  CONTENT_ALERT,
  CONTENT_APPLICATION_DATA,
  CONTENT_CHANGE_CIPHER_SPEC,
  CONTENT_HANDSHAKE,
  RECORD_HEADER_SIZE,
  TlsDirection,
  type TlsRecord,
} from './record-layer';
import { TLS13, tlsVersionName } from './versions';

type Dir = 0 | 1;

/** Receives the readable application data of one direction, as a byte stream of its own (offsets count plaintext). */
export interface PlaintextSink {
  data(bytes: Uint8Array, plainOffset: number, frame: number): void;
  gap(from: number, to: number, frame: number): void;
  end(frame: number): void;
}

export interface TlsConnectionSink {
  /** Once the connection is understood (first application data, or its end); again only if a later record changes the verdict. */
  info(info: TlsConnectionInfo): void;
  problem(p: Problem): void;
  /**
   * A direction carries readable application data (NULL cipher). `startsAtMessageStart` is true when the plaintext
   * starts at the first application byte after a seen handshake, false when it was recognised mid-session.
   */
  openPlaintext?(dir: Dir, startsAtMessageStart: boolean): PlaintextSink;
}

export interface TlsConnectionOptions {
  /** The capture saw the TCP connection open (SYN): the first byte of each direction starts a record. */
  startsAtConnectionStart: boolean;
  /** Names the connection in problems, e.g. "TCP stream 3 (10.0.0.5:51234 -> 10.0.0.1:2443)". */
  describe: string;
  /** Names the two directions (0: TCP client to server, 1: back), e.g. "station -> CallManager". */
  directionNames?: [string, string];
}

/** How many application_data records per direction are checked for readable SCCP when the handshake is missing. */
const GUESS_RECORDS = 8;

/**
 * One TLS connection seen from the wire: both directions' record layers, the handshake in the clear (hellos,
 * certificates, alerts), the verdict (encrypted or not), and for NULL-cipher sessions the application data's
 * plaintext. Nothing is decrypted: there is no key, and no cryptography.
 */
export class TlsConnection {
  private readonly dirs: [TlsDirection, TlsDirection];
  private readonly handshakes: [HandshakeReader, HandshakeReader];
  private readonly names: [string, string];
  private readonly changedCipher: [boolean, boolean] = [false, false];
  private readonly ended: [boolean, boolean] = [false, false];
  private readonly plain: [PlaintextSink | undefined, PlaintextSink | undefined] = [undefined, undefined];
  private readonly plainOffset: [number, number] = [0, 0];
  private readonly guessesLeft: [number, number] = [GUESS_RECORDS, GUESS_RECORDS];

  private clientHello: ClientHello | undefined;
  private serverHello: ServerHello | undefined;
  private serverDir: Dir | undefined;
  private suite: CipherSuiteInfo | undefined;
  private serverCertificate: CertificateNames | undefined;
  private clientCertificate: CertificateNames | undefined;
  private firstRecordVersion: number | undefined;
  private firstFrame: number | undefined;
  /** MAC length recognised from the data itself when there is no handshake. */
  private guessedMac: number | undefined;
  private infoSent = false;
  private completing: number | undefined;
  private noHandshakeReported = false;

  constructor(
    private readonly sink: TlsConnectionSink,
    private readonly opts: TlsConnectionOptions,
  ) {
    this.names = opts.directionNames ?? ['client -> server', 'server -> client'];
    this.dirs = [0, 1].map(
      (d) =>
        new TlsDirection(
          { record: (r) => this.record(d as Dir, r), problem: (p) => this.sink.problem(p) },
          { startsAtConnectionStart: opts.startsAtConnectionStart },
          `${opts.describe} ${this.names[d]!}`,
        ),
    ) as [TlsDirection, TlsDirection];
    this.handshakes = [0, 1].map(
      (d) =>
        new HandshakeReader(
          { message: (type, body, frame) => this.handshakeMessage(d as Dir, type, body, frame), problem: (p) => this.sink.problem(p) },
          `${opts.describe} ${this.names[d]!}`,
        ),
    ) as [HandshakeReader, HandshakeReader];
  }

  data(dir: Dir, bytes: Uint8Array, streamOffset: number, frame: number): void {
    this.dirs[dir].data(bytes, streamOffset, frame);
  }

  gap(dir: Dir, from: number, to: number, frame: number): void {
    this.dirs[dir].gap(from, to, frame);
    this.handshakes[dir].reset();
    const p = this.plain[dir];
    if (p) {
      // The lost TCP bytes held record headers and MACs too: their count is an upper bound on the plaintext lost.
      const at = this.plainOffset[dir];
      this.plainOffset[dir] = at + (to - from);
      p.gap(at, at + (to - from), frame);
    }
  }

  end(dir: Dir, frame: number): void {
    this.dirs[dir].end(frame);
    this.plain[dir]?.end(frame);
    this.ended[dir] = true;
    if (this.ended[0] && this.ended[1] && !this.infoSent && this.firstFrame !== undefined) this.sendInfo();
  }

  /**
   * While plaintext is being handed on: the frame that completed its record. A message is readable (and tshark shows
   * it) only there, when the MAC has arrived, which may be a frame after its last plaintext byte.
   */
  get recordCompletedInFrame(): number | undefined {
    return this.completing;
  }

  /** What is known so far (also before the sink was told). */
  info(): TlsConnectionInfo | undefined {
    if (this.firstFrame === undefined) return undefined;
    const base: Omit<TlsConnectionInfo, 'summary' | 'label'> = {
      protection: this.suite?.nullCipher || this.guessedMac !== undefined ? 'not-encrypted' : 'encrypted',
      handshakeSeen: this.serverHello !== undefined,
      firstFrame: this.firstFrame,
    };
    if (this.serverHello) {
      const sv = this.serverHello.selectedVersion;
      base.version =
        sv !== undefined
          ? { code: sv, name: tlsVersionName(sv), source: 'supported-versions' }
          : { code: this.serverHello.legacyVersion, name: tlsVersionName(this.serverHello.legacyVersion), source: 'server-hello' };
    } else if (this.firstRecordVersion !== undefined) {
      base.version = { code: this.firstRecordVersion, name: tlsVersionName(this.firstRecordVersion), source: 'record-header' };
    }
    if (this.resumed()) base.resumed = true;
    if (this.clientHello) base.offeredVersions = this.clientHello.supportedVersions ?? [this.clientHello.legacyVersion];
    if (this.suite) base.cipherSuite = this.suite;
    else if (this.guessedMac !== undefined) base.macLengthFromData = this.guessedMac;
    if (this.clientHello?.serverName !== undefined) base.serverName = this.clientHello.serverName;
    if (this.serverCertificate) base.serverCertificate = this.serverCertificate;
    if (this.clientCertificate) base.clientCertificate = this.clientCertificate;
    return { ...base, ...summarise(base) };
  }

  private resumed(): boolean {
    const c = this.clientHello?.sessionId;
    const s = this.serverHello?.sessionId;
    if (!c || !s || c.length === 0 || c.length !== s.length || this.serverHello?.selectedVersion === TLS13) return false;
    return c.every((v, i) => v === s[i]);
  }

  private sendInfo(): void {
    const info = this.info();
    if (!info) return;
    this.infoSent = true;
    this.sink.info(info);
  }

  private record(dir: Dir, r: TlsRecord): void {
    const frame = r.spans[r.spans.length - 1]!.frame;
    this.firstFrame ??= r.spans[0]!.frame;
    this.firstRecordVersion ??= r.version;
    switch (r.contentType) {
      case CONTENT_CHANGE_CIPHER_SPEC:
        // From here on this direction's records are protected; a partial handshake message cannot continue.
        this.changedCipher[dir] = true;
        this.handshakes[dir].reset();
        return;
      case CONTENT_HANDSHAKE:
        if (!this.changedCipher[dir]) this.handshakes[dir].push(r.payload, frame);
        return;
      case CONTENT_ALERT:
        this.alert(dir, r, frame);
        return;
      case CONTENT_APPLICATION_DATA:
        this.applicationData(dir, r, frame);
        return;
      default:
        return; // heartbeat: nothing to report
    }
  }

  private handshakeMessage(dir: Dir, type: number, body: Uint8Array, frame: number): void {
    const where = `${this.opts.describe} ${this.names[dir]}`;
    const unreadable = () =>
      this.sink.problem(problem('tls.bad-handshake', `${where}: the ${handshakeTypeName(type)} message (${body.length} bytes) could not be read`, { frame }));
    if (type === HS_CLIENT_HELLO) {
      const hello = parseClientHello(body);
      if (hello) this.clientHello = hello;
      else unreadable();
    } else if (type === HS_SERVER_HELLO) {
      const hello = parseServerHello(body);
      if (!hello) return unreadable();
      this.serverHello = hello;
      this.serverDir = dir;
      this.suite = cipherSuite(hello.cipherSuite);
      if (this.suite.nullCipher) this.reportNullCipher(frame, `session uses the NULL cipher suite ${this.suite.name} (integrity only, no encryption)`);
    } else if (type === HS_CERTIFICATE) {
      // TLS 1.3 sends certificates encrypted; a Certificate in the clear belongs to TLS <= 1.2.
      const names = parseCertificateMessage(body);
      if (names === 'empty') return;
      if (!names) return unreadable();
      if (this.serverDir === undefined || dir === this.serverDir) this.serverCertificate ??= names;
      else this.clientCertificate ??= names;
    }
  }

  private alert(dir: Dir, r: TlsRecord, frame: number): void {
    let body = r.payload;
    if (this.changedCipher[dir]) {
      if (!this.suite?.nullCipher || this.suite.tls13) return; // encrypted alert: its meaning is hidden
      body = body.subarray(0, Math.max(0, body.length - (this.suite.macLength ?? 0)));
    }
    if (body.length < 2) return;
    const level = body[0] === 2 ? 'fatal' : body[0] === 1 ? 'warning' : `level ${body[0]}`;
    this.sink.problem(
      problem('tls.alert', `${this.opts.describe} ${this.names[dir]}: TLS alert (${level}): ${alertDescription(body[1]!)}`, { frame }),
    );
  }

  private applicationData(dir: Dir, r: TlsRecord, frame: number): void {
    if (!this.serverHello && !this.noHandshakeReported) {
      this.noHandshakeReported = true;
      const seen = this.clientHello ? 'has a ClientHello but no ServerHello' : 'holds no TLS handshake';
      this.sink.problem(
        problem(
          'tls.no-handshake',
          `${this.opts.describe}: the capture ${seen} for this connection (it starts mid-session; the first application data is at frame ${frame}): ` +
            `the TLS version comes from the record headers (${tlsVersionName(this.firstRecordVersion ?? r.version)}), the cipher suite and certificate are unknown`,
          { frame },
        ),
      );
    }
    if (!this.serverHello && this.guessedMac === undefined && this.guessesLeft[dir] > 0) {
      this.guessesLeft[dir]--;
      const mac = guessNullCipherMac(r.payload);
      if (mac !== undefined) {
        this.guessedMac = mac;
        this.reportNullCipher(frame, `application data is readable SCCP followed by a ${mac}-byte MAC, so the session uses a NULL cipher suite (integrity only, no encryption)`);
        if (this.infoSent) this.sendInfo(); // the earlier verdict said encrypted
      }
    }
    if (!this.infoSent) this.sendInfo();

    const suite = this.suite;
    if (suite?.nullCipher) {
      if (suite.tls13) this.tls13Plaintext(dir, r, suite.macLength ?? 0, frame);
      else this.legacyPlaintext(dir, r, suite.macLength ?? 0, frame);
    } else if (!this.serverHello && this.guessedMac !== undefined) {
      this.legacyPlaintext(dir, r, this.guessedMac, frame);
    }
  }

  /** TLS <= 1.2 NULL cipher: the payload is the plaintext followed by the MAC. */
  private legacyPlaintext(dir: Dir, r: TlsRecord, macLength: number, frame: number): void {
    const length = r.payload.length - macLength;
    if (length < 0) {
      this.sink.problem(
        problem('tls.bad-record', `${this.opts.describe} ${this.names[dir]}: an application_data record of ${r.payload.length} bytes is shorter than its ${macLength}-byte MAC`, {
          frame,
        }),
      );
      return;
    }
    this.deliver(dir, r, length);
  }

  /** TLS 1.3 integrity-only: the payload is content, the real content type, zero padding, then the tag. */
  private tls13Plaintext(dir: Dir, r: TlsRecord, tagLength: number, frame: number): void {
    let end = r.payload.length - tagLength - 1;
    while (end >= 0 && r.payload[end] === 0) end--;
    if (end < 0) {
      this.sink.problem(problem('tls.bad-record', `${this.opts.describe} ${this.names[dir]}: a protected record holds no content type`, { frame }));
      return;
    }
    if (r.payload[end] === CONTENT_APPLICATION_DATA) this.deliver(dir, r, end);
  }

  /** Hands the first `length` payload bytes on as plaintext, cut at frame boundaries so each byte keeps its frame. */
  private deliver(dir: Dir, r: TlsRecord, length: number): void {
    if (length === 0 || !this.sink.openPlaintext) return;
    let out = this.plain[dir];
    if (!out) {
      out = this.sink.openPlaintext(dir, this.serverHello !== undefined);
      this.plain[dir] = out;
    }
    const from = r.streamOffset + RECORD_HEADER_SIZE;
    const to = from + length;
    this.completing = r.spans[r.spans.length - 1]!.frame;
    for (const s of r.spans) {
      const a = Math.max(from, s.streamOffset);
      const b = Math.min(to, s.streamOffset + s.length);
      if (a >= b) continue;
      out.data(r.payload.subarray(a - from, b - from), this.plainOffset[dir], s.frame);
      this.plainOffset[dir] += b - a;
    }
    this.completing = undefined;
  }

  private reportNullCipher(frame: number, what: string): void {
    this.sink.problem(
      problem(
        'tls.null-cipher',
        `${this.opts.describe}: the TLS ${what}: the SCCP call signalling, and any SRTP keys inside it, cross the network unencrypted`,
        { frame },
      ),
    );
  }
}

