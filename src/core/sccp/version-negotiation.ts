import { problem, type Problem } from '../problems';
import { decodeMessage, findField } from './decode';
import { KNOWN_HEADER_VERSIONS } from './header';
import type { DecodedBody } from './message';

const REGISTER_REQ = 0x0001;
const REGISTER_ACK = 0x0081;

/** Known header versions, newest first. */
const HEADER_VERSIONS_DESC = [...KNOWN_HEADER_VERSIONS].sort((a, b) => b - a);

/**
 * The header version a sender should use once `negotiated` is agreed: the newest header version that exists at or
 * below it. Protocol versions below 10 use the basic header (0); from 10 on the header carries the protocol version
 * (10, 11, 15-22), and versions without a header value of their own (12-14) keep the one below.
 */
export function expectedHeaderVersion(negotiated: number): number {
  for (const v of HEADER_VERSIONS_DESC) if (v <= negotiated) return v;
  return 0;
}

/**
 * The protocol version of one SCCP connection. The station offers its version in RegisterReq (`protocolVer`; a short
 * RegisterReq without it is a basic, version-0 station), the CallManager answers with the highest it supports in
 * RegisterAck (`maxProtocolVer`); both then use the lower of the two. A new RegisterReq starts a new negotiation.
 *
 * Feed it every message of the connection in stream order. Once both sides are known, a message whose header version
 * is not the one the negotiated version calls for is reported (once per direction and negotiation); messages without
 * a body are not checked.
 */
export class VersionNegotiation {
  private offered: number | undefined;
  private accepted: number | undefined;
  /** Mismatch already reported: [station -> CallManager, CallManager -> station]. */
  private reported: [boolean, boolean] = [false, false];

  /** The negotiated protocol version, once RegisterReq and RegisterAck have both been seen. */
  get negotiated(): number | undefined {
    return this.offered === undefined || this.accepted === undefined ? undefined : Math.min(this.offered, this.accepted);
  }

  /** Takes note of one message; returns the mismatch problem to attach to it, if this is the first one. */
  observe(m: DecodedBody, bytes: Uint8Array, fromStation: boolean): Problem | undefined {
    if (m.id === REGISTER_REQ && fromStation) {
      const v = findField(m.fields, 'protocolVer')?.value;
      this.offered = typeof v === 'number' ? v : 0;
      this.accepted = undefined;
      this.reported = [false, false];
      return undefined;
    }
    if (m.id === REGISTER_ACK && !fromStation) {
      const v = findField(m.fields, 'maxProtocolVer')?.value;
      this.accepted = typeof v === 'number' ? v : 0;
      return undefined;
    }
    const negotiated = this.negotiated;
    if (negotiated === undefined) return undefined;
    const side = fromStation ? 0 : 1;
    const expected = expectedHeaderVersion(negotiated);
    if (m.headerVersion === expected || this.reported[side]) return undefined;
    // An older header on a message whose layout is the same in both versions changes nothing (CallManagers send
    // KeepAliveAck or VersionRes with a basic header on any connection); a newer one than agreed is always wrong.
    if (m.headerVersion < expected && !layoutChanges(bytes, m, expected)) return undefined;
    this.reported[side] = true;
    const who = fromStation ? 'the station' : 'the CallManager';
    return problem(
      'sccp.version-mismatch',
      `header version ${m.headerVersion} (0x${m.headerVersion.toString(16)}) from ${who}, but the connection negotiated protocol version ${negotiated} (RegisterReq offered ${this.offered}, RegisterAck allowed ${this.accepted}), whose header version is ${expected}; reported once per direction`,
      { offset: 4, length: 4 },
    );
  }
}

/** Would the message decode differently with the layouts of `version` than with those of its header? */
function layoutChanges(bytes: Uint8Array, m: DecodedBody, version: number): boolean {
  const other = decodeMessage(bytes, { forceLayoutVersion: version });
  return JSON.stringify(other.fields) !== JSON.stringify(m.fields) || other.problems.length !== m.problems.length;
}
