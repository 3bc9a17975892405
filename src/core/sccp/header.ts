/**
 * The 12-byte SCCP header: length (bytes after the header-version word), header version, message ID, all
 * little-endian. This module says what a plausible header looks like, so that the stream framer can find message
 * boundaries and resynchronise after a gap.
 */
export const HEADER_SIZE = 12;

/** Header versions Wireshark 4.0 accepts (basic, V10, V11, V15-V22). */
export const KNOWN_HEADER_VERSIONS: ReadonlySet<number> = new Set([0x00, 0x0a, 0x0b, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16]);

/** Largest data length we accept as a real message (the largest real bodies, XML pushes, are a few KB). */
export const MAX_DATA_LENGTH = 64 * 1024;

export interface SccpHeader {
  dataLength: number;
  headerVersion: number;
  id: number;
}

export function readHeader(b: Uint8Array, at: number): SccpHeader {
  const v = new DataView(b.buffer, b.byteOffset + at, HEADER_SIZE);
  return { dataLength: v.getUint32(0, true), headerVersion: v.getUint32(4, true), id: v.getUint32(8, true) };
}

/** Total bytes a message occupies on the wire, given its length field. */
export function messageSize(dataLength: number): number {
  return dataLength + 8;
}

export type HeaderVerdict = 'ok' | 'bad-length' | 'unknown-version';

/**
 * Checks the first 8 bytes (length, version): what the framer needs before it trusts a length.
 * A length below 4 cannot even hold the message ID.
 */
export function judgeHeaderStart(dataLength: number, headerVersion: number): HeaderVerdict {
  if (dataLength < 4 || dataLength > MAX_DATA_LENGTH) return 'bad-length';
  if (!KNOWN_HEADER_VERSIONS.has(headerVersion)) return 'unknown-version';
  return 'ok';
}

/** Message IDs that exist at all (known to the catalog or in its ranges): used to score resynchronisation points. */
export function plausibleMessageId(id: number): boolean {
  return id <= 0x01ff || (id >= 0x8000 && id <= 0x81ff);
}

export function idHex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}
