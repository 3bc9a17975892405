import { u32 } from '../layout';
import type { MessageDef } from './types';

/**
 * Message IDs Wireshark 4.0 does not know, named by other public sources: chan-sccp (src/sccp_protocol.h, the
 * Asterisk SCCP channel driver), Scapy (scapy/layers/skinny.py) and pyskinny (a Python SCCP phone whose captures
 * contain 0x008C / 0x008D). Names follow Wireshark's style (no "Message" suffix). Bodies are opaque unless a
 * source documents them well enough.
 */
export const MESSAGES_EXTRA: readonly MessageDef[] = [
  {
    id: 0x0011,
    name: 'MediaPortList',
    direction: 'station-to-callmanager',
    class: 'event',
    group: 'media',
    purpose:
      'Used instead of IpPort by devices with several RTP ports (media bridges): how many ports the device has and their numbers (chan-sccp documents the layout, up to 16 ports; Scapy names it too).',
    media: [{ role: 'station-rtp', port: 'rtpMediaPort' }],
    fields: [
      u32('portCount'),
      {
        kind: 'array',
        name: 'rtpMediaPorts',
        count: { field: 'portCount' },
        max: 16,
        loop: 'bounded',
        elementSize: 4,
        element: [u32('rtpMediaPort')],
      },
    ],
    source: 'chan-sccp',
  },
  {
    id: 0x008c,
    name: 'StartMediaReception',
    direction: 'callmanager-to-station',
    class: 'event',
    group: 'media',
    purpose:
      'Sent by a CallManager 2.x (protocol 5) together with StartMediaTransmission when a held call resumes, as seen in pyskinny\'s capture: apparently the receive-side counterpart from before OpenReceiveChannel. Scapy and chan-sccp know only its name; the body is not documented and is shown as bytes.',
    bodyKnown: false,
    source: 'pyskinny',
  },
  {
    id: 0x008d,
    name: 'StopMediaReception',
    direction: 'callmanager-to-station',
    class: 'event',
    group: 'media',
    purpose:
      'Sent by a CallManager 2.x (protocol 5) just before StopMediaTransmission when a call is put on hold, as seen in pyskinny\'s capture. chan-sccp gives it a conferenceId and passThruPartyId, but the captured message carries only 4 bytes, so the body is shown as bytes.',
    bodyKnown: false,
    source: 'pyskinny',
  },
  {
    id: 0x009c,
    name: 'EnunciatorCommand',
    direction: 'callmanager-to-station',
    class: 'event',
    group: 'display',
    purpose:
      'A CallManager-to-station command named by Scapy and chan-sccp (EnunciatorCommandMessage) and never decoded by either; neither its purpose nor its body is documented, so the body is shown as bytes.',
    bodyKnown: false,
    source: 'chan-sccp',
  },
  {
    id: 0xff02,
    name: 'SPCPPlatformInfoGetReq',
    direction: 'either',
    class: 'request',
    partner: 0xff03,
    group: 'spcp',
    purpose:
      'An SPCP request for platform information, known only by name from chan-sccp (listed, commented out, after its SPCP messages); its body is not documented and is shown as bytes.',
    bodyKnown: false,
    source: 'chan-sccp',
  },
  {
    id: 0xff03,
    name: 'SPCPPlatformInfoGetRsp',
    direction: 'either',
    class: 'response',
    partner: 0xff02,
    group: 'spcp',
    purpose: 'The answer to SPCPPlatformInfoGetReq, known only by name from chan-sccp; its body is not documented and is shown as bytes.',
    bodyKnown: false,
    source: 'chan-sccp',
  },
  {
    id: 0xff04,
    name: 'SPCPPlatformInfoGetRej',
    direction: 'either',
    class: 'response',
    partner: 0xff02,
    group: 'spcp',
    purpose: 'The refusal of SPCPPlatformInfoGetReq, known only by name from chan-sccp; its body is not documented and is shown as bytes.',
    bodyKnown: false,
    source: 'chan-sccp',
  },
];
