/**
 * Our observed RTP against tshark's (`tshark -z rtp,streams`, committed by scripts/make-rtp-refs.mjs): every stream
 * tshark lists is in the calls document, attached to the call and direction written below or listed as
 * un-negotiated, with tshark's packet count and lost count; for streams of one payload type, its maximum jitter too.
 * The table below was made by reading each capture's media messages (`sccp-dissect decode --format text`): which
 * station's OpenReceiveChannelAck gives the stream's destination, which StartMediaTransmission its destination and
 * source. "C1 S2 transmit" means: call C1, station S2's transmit media leg.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CallsDocument, RtpStreamDoc } from '../../../src/core/analysis';
import { analyzeCaptureFile } from '../../../src/core/export/calls-json';
import { CAPTURES, captureNames, tsharkRtpStreams } from './fixtures';

const EXPECTED: Record<string, Record<string, string[]>> = {
  // A gateway's fax call: G.729 both ways. The station embeds 14.50.245.3 but its packets carry 10.10.245.3 (the
  // lab's addresses were rewritten in the IP headers only), so receive streams match by the station's own address
  // and the transmit stream by its port (`endpoint-port`).
  'fax_t38_nse_sccp_ogw.pcapng': {
    '10.10.245.3:16420 -> 10.10.245.5:16420': ['C1 S1 transmit'],
    '10.10.245.5:16420 -> 10.10.245.3:16420': ['C1 S1 receive'],
  },
  'modem_sccp_passthru_nse_tgw.pcapng': {
    '10.10.245.3:16416 -> 10.10.245.5:16416': ['C1 S1 receive'],
    '10.10.245.5:16416 -> 10.10.245.3:16416': ['C1 S1 transmit'],
  },
  // A 7912 answers a call: OpenReceiveChannelAck 10.102.10.209:16384, StartMediaTransmission to 10.102.219.27:60186.
  'pyskinny-cm4-register-call-to-7912.pcapng': {
    '10.102.10.209:16384 -> 10.102.219.27:60186': ['C1 S1 transmit'],
    '10.102.219.27:64037 -> 10.102.10.209:16384': ['C1 S1 receive'],
  },
  // An MTP bridging two parties: two channels (pass-through party IDs), each with a receive and a transmit leg.
  'russo-mixed-dtmf-relay-mtp-sccp-media-control.pcapng': {
    '10.10.223.106:8004 -> 10.10.223.107:8122': ['C1 S1 transmit'],
    '10.10.223.106:8006 -> 10.10.224.27:30766': ['C1 S1 transmit'],
    '10.10.223.107:8122 -> 10.10.223.106:8004': ['C1 S1 receive'],
    '10.10.224.27:30766 -> 10.10.223.106:8006': ['C1 S1 receive'],
  },
  // The call is SIP; the SCCP phones only keep alive: no SCCP message negotiated this media.
  'russo-mixed-sip-call-with-sccp-phone-keepalives-rawip.pcapng': {
    '10.10.223.105:16686 -> 192.168.182.130:24606': ['unnegotiated'],
    '10.10.223.105:16688 -> 10.10.224.9:18762': ['unnegotiated'],
    '10.10.224.9:18762 -> 10.10.223.105:16688': ['unnegotiated'],
    '14.0.25.205:53058 -> 10.10.223.105:16686': ['unnegotiated'],
  },
  // One call, media renegotiated once (channels 16777326, then 16777328).
  'sccp_dtmf_oob.pcapng': {
    '10.180.110.57:16400 -> 172.29.183.213:17788': ['C1 S1 transmit'],
    '10.247.172.188:24664 -> 10.180.110.57:16398': ['C1 S1 receive'],
    '172.29.183.213:17788 -> 10.180.110.57:16400': ['C1 S1 receive'],
  },
  // A conference bridge. Its StartMediaTransmission uses the IPv4-or-IPv6 layout under a basic header, which
  // Wireshark (and so our decoder) reads as 0.0.0.0: the transmit stream matches by the source its Ack gave.
  'sccp_hw_conf.pcapng': {
    '10.180.110.58:8084 -> 192.168.38.108:19512': ['C1 S1 transmit'],
    '192.168.38.108:19512 -> 10.180.110.58:8084': ['C1 S1 receive'],
  },
  'sccp_hw_xcode.pcapng': {
    '192.168.136.40:20394 -> 10.180.110.58:8148': ['C1 S1 receive'],
  },
  // Two phones in one call: each phone-to-phone stream is one's transmit leg and the other's receive leg; the four
  // streams to 192.168.193.24 are each phone's extra transmit channels (recording), whose receiver is not a station.
  'skinny-call-rtp.pcap': {
    '192.168.195.50:17718 -> 192.168.195.58:32144': ['C1 S1 receive', 'C1 S2 transmit'],
    '192.168.195.50:17726 -> 192.168.193.24:9399': ['C1 S2 transmit'],
    '192.168.195.50:17732 -> 192.168.193.24:9400': ['C1 S2 transmit'],
    '192.168.195.58:32144 -> 192.168.195.50:17718': ['C1 S1 transmit', 'C1 S2 receive'],
    '192.168.195.58:32150 -> 192.168.193.24:9395': ['C1 S1 transmit'],
    '192.168.195.58:32152 -> 192.168.193.24:9396': ['C1 S1 transmit'],
  },
};

interface Found {
  where: string;
  stream: RtpStreamDoc;
}

function streamsOf(doc: CallsDocument): Map<string, Found[]> {
  const out = new Map<string, Found[]>();
  const add = (s: RtpStreamDoc, where: string) => {
    const key = `${s.src}:${s.srcPort} -> ${s.dst}:${s.dstPort}|${s.ssrc}`;
    out.set(key, [...(out.get(key) ?? []), { where, stream: s }]);
  };
  for (const c of doc.calls) for (const l of c.legs) for (const m of l.media) for (const s of m.rtp) add(s, `${c.id} ${l.station} ${m.direction}`);
  for (const s of doc.unnegotiatedRtp) add(s, 'unnegotiated');
  return out;
}

for (const name of captureNames()) {
  test(`tshark rtp,streams: ${name}`, async () => {
    const doc = await analyzeCaptureFile(join(CAPTURES, name));
    const ours = streamsOf(doc);
    const theirs = tsharkRtpStreams(name);
    const expected = EXPECTED[name] ?? {};
    assert.equal(theirs.length, Object.keys(expected).length, 'every stream tshark lists has a line in the table');
    for (const t of theirs) {
      const flow = `${t.src}:${t.srcPort} -> ${t.dst}:${t.dstPort}`;
      const found = ours.get(`${flow}|${t.ssrc}`) ?? [];
      assert.deepEqual(found.map((f) => f.where).sort(), expected[flow], `${flow} ${t.ssrc}: where it is`);
      for (const { stream } of found) {
        assert.equal(stream.packets, t.packets, `${flow}: packets`);
        assert.equal(stream.lost, t.lost, `${flow}: lost`);
        // tshark's jitter restarts on payload-type changes (telephone events): compare single-codec streams only.
        if (!t.payload.includes(',')) assert.ok(Math.abs((stream.maxJitterMs ?? 0) - t.maxJitterMs) <= 0.0015, `${flow}: max jitter ${stream.maxJitterMs} vs tshark ${t.maxJitterMs}`);
      }
    }
    // And no stream of ours that tshark does not see as RTP, among those we attach to calls.
    const tsharkKeys = new Set(theirs.map((t) => `${t.src}:${t.srcPort} -> ${t.dst}:${t.dstPort}|${t.ssrc}`));
    for (const [key, found] of ours) assert.ok(tsharkKeys.has(key), `${key} (${found.map((f) => f.where).join(', ')}) is not a stream tshark lists`);
  });
}
