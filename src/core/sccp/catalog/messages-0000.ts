import { i32, ipv4, ipv4or6, str, struct, u32, when } from '../layout';
import * as E from './enums';
import type { MessageDef } from './types';

/** Messages 0x0000-0x007F: mostly station to CallManager. */
export const MESSAGES_0000: readonly MessageDef[] = [
  {
    id: 0x0000,
    name: 'KeepAliveReq',
    direction: 'station-to-callmanager',
    class: 'request',
    partner: 0x0100,
    group: 'keepalive',
    purpose: 'The station tells the CallManager it is still alive; the CallManager answers with KeepAliveAck. Sent every keepAliveInterval seconds from RegisterAck.',
    fields: [],
    source: 'wireshark',
  },
  {
    id: 0x0022,
    name: 'OpenReceiveChannelAck',
    direction: 'station-to-callmanager',
    class: 'response',
    partner: 0x0105,
    group: 'media',
    purpose: 'The station answers OpenReceiveChannel with the IP address and UDP port where it will receive RTP for the call. This is where a firewall learns the receive side of the media stream.',
    junos: 'station-to-callmanager',
    media: [{ role: 'receive', ip: 'ipAddr', port: 'portNumber', ids: ['passThroughPartyId', 'callReference'] }],
    fields: [
      u32('mediaReceptionStatus', E.MediaStatus),
      ipv4or6('ipAddr'),
      u32('portNumber'),
      u32('passThroughPartyId'),
      when({ lengthGreaterThan: 20 }, [u32('callReference')]),
    ],
    source: 'wireshark',
  },
];
// Silence unused-import checks until the remaining entries use these builders.
void [i32, ipv4, str, struct];
