/**
 * Just enough DER to read who a certificate names: the subject's and issuer's common name (CN) and organisation (O).
 * Nothing is verified; the walk follows the fixed X.509 layout (RFC 5280 4.1), checks every length against its
 * enclosing element, and gives up (undefined) on anything it does not expect.
 */

export interface DistinguishedName {
  commonName?: string;
  organization?: string;
  /** "CN=..., O=..." with the attributes in certificate order (only CN and O are read). */
  text: string;
}

export interface CertificateNames {
  subject: DistinguishedName;
  issuer: DistinguishedName;
}

interface Tlv {
  tag: number;
  valueStart: number;
  end: number;
}

const TAG_INTEGER = 0x02;
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_EXPLICIT_0 = 0xa0;

/** Attribute type OIDs 2.5.4.3 (commonName) and 2.5.4.10 (organizationName), DER-encoded. */
const OID_CN = [0x55, 0x04, 0x03];
const OID_O = [0x55, 0x04, 0x0a];

/** The longest attribute value we keep (real CNs are host names and device names). */
const MAX_VALUE_CHARS = 256;

/** One tag-length-value at `at`, wholly inside [at, limit); undefined when it is not. */
function readTlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags do not occur in the parts we read
  const first = b[at + 1]!;
  let length: number;
  let valueStart: number;
  if (first < 0x80) {
    length = first;
    valueStart = at + 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > limit) return undefined; // indefinite length is not DER
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[at + 2 + i]!;
    valueStart = at + 2 + n;
  }
  const end = valueStart + length;
  if (end > limit) return undefined;
  return { tag, valueStart, end };
}

/** Subject and issuer names of a DER certificate, or undefined when the bytes are not one. */
export function certificateNames(der: Uint8Array): CertificateNames | undefined {
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== TAG_SEQUENCE) return undefined;
  const tbs = readTlv(der, cert.valueStart, cert.end);
  if (!tbs || tbs.tag !== TAG_SEQUENCE) return undefined;
  let at = tbs.valueStart;
  const next = (tag: number): Tlv | undefined => {
    const t = readTlv(der, at, tbs.end);
    if (!t || t.tag !== tag) return undefined;
    at = t.end;
    return t;
  };
  const maybeVersion = readTlv(der, at, tbs.end);
  if (maybeVersion?.tag === TAG_EXPLICIT_0) at = maybeVersion.end;
  if (!next(TAG_INTEGER)) return undefined; // serialNumber
  if (!next(TAG_SEQUENCE)) return undefined; // signature algorithm
  const issuer = next(TAG_SEQUENCE);
  if (!issuer) return undefined;
  if (!next(TAG_SEQUENCE)) return undefined; // validity
  const subject = next(TAG_SEQUENCE);
  if (!subject) return undefined;
  return { subject: readName(der, subject), issuer: readName(der, issuer) };
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue). */
function readName(b: Uint8Array, name: Tlv): DistinguishedName {
  const out: DistinguishedName = { text: '' };
  const parts: string[] = [];
  for (let at = name.valueStart; at < name.end; ) {
    const rdn = readTlv(b, at, name.end);
    if (!rdn || rdn.tag !== TAG_SET) break;
    at = rdn.end;
    for (let a = rdn.valueStart; a < rdn.end; ) {
      const atv = readTlv(b, a, rdn.end);
      if (!atv || atv.tag !== TAG_SEQUENCE) break;
      a = atv.end;
      const oid = readTlv(b, atv.valueStart, atv.end);
      if (!oid || oid.tag !== TAG_OID) continue;
      const value = readTlv(b, oid.end, atv.end);
      if (!value) continue;
      const text = decodeString(value.tag, b.subarray(value.valueStart, value.end));
      if (text === undefined) continue;
      if (oidIs(b, oid, OID_CN)) {
        out.commonName ??= text;
        parts.push(`CN=${text}`);
      } else if (oidIs(b, oid, OID_O)) {
        out.organization ??= text;
        parts.push(`O=${text}`);
      }
    }
  }
  out.text = parts.join(', ');
  return out;
}

function oidIs(b: Uint8Array, oid: Tlv, want: readonly number[]): boolean {
  if (oid.end - oid.valueStart !== want.length) return false;
  return want.every((v, i) => b[oid.valueStart + i] === v);
}

/** The directory string types X.509 names use; control characters are escaped, length is capped. */
function decodeString(tag: number, v: Uint8Array): string | undefined {
  let s: string;
  switch (tag) {
    case 0x0c: // UTF8String
      s = new TextDecoder('utf-8').decode(v);
      break;
    case 0x13: // PrintableString
    case 0x14: // TeletexString (treated as Latin-1)
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      s = latin1(v);
      break;
    case 0x1e: // BMPString: UTF-16BE
      s = '';
      for (let i = 0; i + 1 < v.length && s.length <= MAX_VALUE_CHARS; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      break;
    case 0x1c: // UniversalString: UTF-32BE
      s = '';
      for (let i = 0; i + 3 < v.length && s.length <= MAX_VALUE_CHARS; i += 4) {
        const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      break;
    default:
      return undefined;
  }
  if (s.length > MAX_VALUE_CHARS) s = `${s.slice(0, MAX_VALUE_CHARS)}…`;
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function latin1(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i < v.length && s.length <= MAX_VALUE_CHARS; i++) s += String.fromCharCode(v[i]!);
  return s;
}
