/**
 * Segmentation invariance through the whole pipeline (pcap reader, Ethernet/IPv4, TCP streams and reassembly,
 * framer, decoder): the SCCP streams of real captures, re-cut into segments of every size from 1 to 64 bytes and in
 * seeded random patterns, with retransmitted duplicates and swapped neighbours, decode to exactly the messages of
 * the original capture (ID, name, bytes, fields with their offsets, media, problems).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { byDirection, connectionsOf, decodeCapture, fixtureBytes, pcapOf, recutConnection, type CutPattern, type Perturbation } from './recut';

/** Every capture with SCCP in clear (srst_secure.pcapng has it only inside TLS, tested in test/unit/tls/). */
const CAPTURES = [
  'fax_t38_nse_sccp_ogw.pcapng',
  'modem_sccp_passthru_nse_tgw.pcapng',
  'pyskinny-cm2-virtualphone-hold-unhold.pcap',
  'pyskinny-cm4-register-call-to-7912.pcapng',
  'pyskinny-cm4-register-softkeys.pcapng',
  'russo-mixed-dtmf-relay-mtp-sccp-media-control.pcapng',
  'russo-mixed-sip-call-with-sccp-phone-keepalives-rawip.pcapng',
  'sccp_cme_init.pcapng',
  'sccp_dtmf_oob.pcapng',
  'sccp_fxs_register.pcapng',
  'sccp_hw_conf.pcapng',
  'sccp_hw_mtp.pcapng',
  'sccp_hw_xcode.pcapng',
  'sccp_inbound_call.pcapng',
  'sccp_phone_register.pcapng',
  'skinny-call-rtp.pcap',
  'skinny-register.pcapng',
];

const RANDOM: CutPattern[] = [
  { seed: 11, max: 20 },
  { seed: 12, max: 200 },
  { seed: 13, max: 1460 },
];

/** Every size from 1 to 64 bytes (1-11 cut inside the 12-byte header), then the random patterns. */
const PATTERNS: CutPattern[] = [...Array.from({ length: 64 }, (_, i) => ({ size: i + 1 })), ...RANDOM];

function name(p: CutPattern): string {
  return 'size' in p ? `${p.size}-byte segments` : `random segments of 1-${p.max} bytes (seed ${p.seed})`;
}

for (const capture of CAPTURES) {
  test(`segmentation invariance: ${capture}`, () => {
    const original = decodeCapture(fixtureBytes(capture));
    assert.ok(original.length > 0, 'the fixture has SCCP messages in clear');
    const want = byDirection(original);
    const order = new Map<SccpMessage, number>(original.map((m, i) => [m, i]));
    const connections = connectionsOf(original);
    PATTERNS.forEach((pattern, n) => {
      // Duplicates and swaps on every pattern but the first (1-byte segments in order stay a clean baseline).
      const perturb: Perturbation = n === 0 ? { duplicate: 0, swap: 0, seed: 1 } : { duplicate: 0.15, swap: 0.15, seed: 1000 + n };
      const frames = connections.flatMap((c) => recutConnection(c, pattern, perturb, order).frames);
      const got = byDirection(decodeCapture(pcapOf(frames)));
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `${name(pattern)}: directions`);
      for (const [key, list] of want) {
        const mine = got.get(key)!;
        assert.equal(mine.length, list.length, `${name(pattern)}, ${key}: message count`);
        for (let i = 0; i < list.length; i++) assert.deepEqual(mine[i], list[i], `${name(pattern)}, ${key}: message ${i} (${list[i]!.name})`);
      }
    });
  });
}
