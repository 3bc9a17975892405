import type { FieldSpec } from '../layout';

export type Direction = 'station-to-callmanager' | 'callmanager-to-station' | 'either';
export type MessageClass = 'request' | 'response' | 'event';
export type MessageGroup =
  | 'registration'
  | 'keepalive'
  | 'call-control'
  | 'media'
  | 'multimedia'
  | 'display'
  | 'softkeys'
  | 'features'
  | 'configuration'
  | 'device'
  | 'spcp';

/** The four message-ID groups the JUNOS SCCP ALG names (its tables 78-81), plus its registration table (77). */
export type JunosTable =
  | 'registration'
  | 'station-to-callmanager'
  | 'callmanager-to-station'
  | 'cm4-post-sccp62-station'
  | 'cm4-post-sccp62-callmanager';

/** Which role a media address in a message plays, for the ALG view. */
export type MediaRole =
  | 'receive' // where this station receives RTP (OpenReceiveChannelAck, ...)
  | 'send-to' // where this station must send RTP (StartMediaTransmission, ...)
  | 'multicast-receive'
  | 'multicast-send-to'
  | 'station-rtp' // the station's own RTP port (IpPort)
  | 'source' // a source address given in a request (OpenReceiveChannel's sourceIpAddr)
  | 'station-address' // the station's own signalling address (RegisterReq)
  | 'transmit' // the address and port the station sends RTP from, reported back (StartMediaTransmissionAck)
  | 'remote'; // the far end of a stream a message only refers to, without sending to it (QoS / RSVP agent messages)

/** Where, inside a decoded message, a media endpoint lives: field names looked up in the decoded tree. */
export interface MediaSpec {
  readonly role: MediaRole;
  /** Name of the address field (absent for IpPort, which carries only a port). */
  readonly ip?: string;
  /** Name of the port field. */
  readonly port: string;
  /** Names of identifier fields to copy into the media record (passThroughPartyId, callReference, ...). */
  readonly ids?: readonly string[];
}

export interface MessageDef {
  /** The message ID. */
  readonly id: number;
  /** Wireshark's message name (its message_id table), e.g. "OpenReceiveChannelAck". */
  readonly name: string;
  readonly direction: Direction;
  readonly class: MessageClass;
  /** The ID of the request (for a response) or the response (for a request), when there is one. */
  readonly partner?: number;
  readonly group: MessageGroup;
  /** What the message is for, in one or two plain-English sentences of our own. */
  readonly purpose: string;
  /** The JUNOS ALG table the message is listed in, if any. */
  readonly junos?: JunosTable;
  /** Media endpoints the message carries (which makes it ALG-relevant). */
  readonly media?: readonly MediaSpec[];
  /**
   * The body layout. Absent: the message has no body in any version we know of, or its body is not known
   * (then `bodyKnown: false`, and the body is shown as opaque bytes).
   */
  readonly fields?: readonly FieldSpec[];
  /** False when no public source documents the body (decoded by header only). Default true. */
  readonly bodyKnown?: boolean;
  /** Where the facts came from: 'wireshark' (decoded by tshark 4.0), 'chan-sccp', 'scapy', 'pyskinny'. */
  readonly source: 'wireshark' | 'chan-sccp' | 'scapy' | 'pyskinny';
}
