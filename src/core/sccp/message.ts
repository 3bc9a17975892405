import type { Problem } from '../problems';
import type { Direction, MediaRole } from './catalog/types';

/** One decoded field; offsets are bytes from the start of the SCCP message (header included). */
export interface FieldNode {
  name: string;
  /** number for integers, string for strings and addresses, null for structure nodes. */
  value: number | string | null;
  /** Human-readable value: enum label, flag state, escaped string. */
  display?: string;
  offset: number;
  length: number;
  children?: FieldNode[];
}

export interface MediaEndpoint {
  role: MediaRole;
  ip?: string;
  port: number;
  /** Identifiers that tie the endpoint to a call: passThroughPartyId, callReference, conferenceId, ... */
  [id: string]: string | number | undefined;
}

/** The result of decoding one SCCP message's bytes (transport context is added by the session). */
export interface DecodedBody {
  headerVersion: number;
  id: number;
  idHex: string;
  /** Wireshark's name, or "Unknown (0x....)" */
  name: string;
  /** The header's length field: bytes after the length word's own 4 bytes and the header-version word. */
  length: number;
  /** The version whose layout was used (header version, or the negotiated one where the header says 0). */
  layoutVersion: number;
  fields: FieldNode[];
  media: MediaEndpoint[];
  problems: Problem[];
}

/** A decoded SCCP message in its capture context. */
export interface SccpMessage extends DecodedBody {
  /** 1-based frame number of the frame that carries the message's last byte. */
  frame: number;
  /** Frames that carried parts of the message, in order (more than one when it was split across segments). */
  frames: number[];
  /** ISO-8601 UTC time of `frame`. */
  time: string;
  tsSec: number;
  tsNsec: number;
  /** TCP stream index, 0-based in order of first appearance (as Wireshark's tcp.stream). */
  stream: number;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  direction: Direction | 'unknown';
  /** Where the message sits in its TCP stream (sequence-relative byte offset of its first byte). */
  streamOffset: number;
  /** The message's bytes, header included (possibly cut short if the capture was). */
  bytes: Uint8Array;
  /**
   * True when the message was read from the plaintext of a NULL-cipher TLS session (see docs/tls.md); `streamOffset`
   * then counts plaintext bytes of the TLS application data in that direction, not TCP bytes.
   */
  tls?: boolean;
  /**
   * The protocol version negotiated on this connection before this message (the lower of RegisterReq's protocolVer
   * and RegisterAck's maxProtocolVer); absent until both were seen.
   */
  negotiatedVersion?: number;
}
