import type { CipherSuiteInfo } from './cipher-suites';
import type { CertificateNames } from './der-names';

/** What the capture shows about one TLS connection. */
export interface TlsConnectionInfo {
  /**
   * 'not-encrypted' when the chosen cipher suite is a NULL-cipher one (or, without a handshake, when the application
   * data is plainly SCCP followed by a MAC); 'encrypted' otherwise.
   */
  protection: 'encrypted' | 'not-encrypted';
  /** "SCCP over TLS, encrypted" or "SCCP over TLS, NULL cipher: not encrypted". */
  label: string;
  /** A ServerHello was seen: the version and cipher suite are known, not guessed. */
  handshakeSeen: boolean;
  /** The negotiated version (from the ServerHello, its supported_versions extension, or else the record headers). */
  version?: { code: number; name: string; source: 'server-hello' | 'supported-versions' | 'record-header' };
  /** Versions the ClientHello offered (supported_versions, or its legacy version). */
  offeredVersions?: number[];
  cipherSuite?: CipherSuiteInfo;
  /** Without a handshake: the MAC length of a NULL cipher recognised from the application data itself. */
  macLengthFromData?: number;
  /** TLS <= 1.2 resumed an earlier session (abbreviated handshake): no certificate is exchanged. */
  resumed?: boolean;
  /** Host name the client asked for (SNI). */
  serverName?: string;
  /** Names in the server's (CallManager's) certificate, when sent in the clear (TLS <= 1.2). */
  serverCertificate?: CertificateNames;
  /** Names in the client's (phone's) certificate, when mutual authentication sent it in the clear. */
  clientCertificate?: CertificateNames;
  /** Frame of the first TLS record of the connection. */
  firstFrame: number;
  /** One line for people: label, version, cipher suite, certificate. */
  summary: string;
}

export function summarise(info: Omit<TlsConnectionInfo, 'summary' | 'label'>): { label: string; summary: string } {
  const label = info.protection === 'encrypted' ? 'SCCP over TLS, encrypted' : 'SCCP over TLS, NULL cipher: not encrypted';
  const parts: string[] = [];
  if (info.version) parts.push(info.version.source === 'record-header' ? `${info.version.name} (from the record headers)` : info.version.name);
  if (info.cipherSuite) parts.push(info.cipherSuite.name);
  else if (info.macLengthFromData !== undefined) parts.push(`cipher suite unknown, NULL cipher with a ${info.macLengthFromData}-byte MAC recognised from the data`);
  else parts.push('cipher suite unknown');
  if (info.serverName) parts.push(`server name ${info.serverName}`);
  if (info.serverCertificate) parts.push(`certificate ${describeCertificate(info.serverCertificate)}`);
  if (info.clientCertificate) parts.push(`client certificate ${describeCertificate(info.clientCertificate)}`);
  if (info.resumed) parts.push('session resumed, no certificate exchanged');
  if (!info.handshakeSeen) parts.push('no handshake in the capture');
  else if (!info.serverCertificate && info.version?.code === 0x0304) parts.push('certificate not visible (TLS 1.3 encrypts it)');
  return { label, summary: `${label} (${parts.join('; ')})` };
}

function describeCertificate(c: CertificateNames): string {
  const subject = c.subject.text || '(no CN or O)';
  return c.issuer.text ? `${subject}, issued by ${c.issuer.text}` : subject;
}
