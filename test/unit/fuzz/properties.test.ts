/**
 * Property-based checks with fast-check (seeded, so reproducible; fast-check shrinks a failure to a small input):
 * generated captures and messages go through the same targets, with the same invariants, as the fuzz run.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { captureArbitrary, captureTarget, netTarget, tcpTarget } from '../../../src/fuzz/targets/capture';
import { framerTarget, messageArbitrary, sccpDecodeTarget } from '../../../src/fuzz/targets/sccp';
import { callsTarget, sessionTarget, sessionTlsTarget } from '../../../src/fuzz/targets/session';

const SEED = 20261125;

test('generated pcap/pcapng files: reader, network layers, TCP, session (clear and TLS) and calls keep their invariants', () => {
  fc.assert(
    fc.property(captureArbitrary(), (bytes) => {
      for (const t of [captureTarget, netTarget, tcpTarget, sessionTarget, sessionTlsTarget, callsTarget]) t.run(bytes);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test('generated SCCP messages (catalog IDs, any version, lying lengths, random bodies): the decoder keeps its invariants', () => {
  fc.assert(
    fc.property(messageArbitrary(), (bytes) => sccpDecodeTarget.run(bytes)),
    { seed: SEED, numRuns: 2000 },
  );
});

test('streams of generated messages: the framer keeps its invariants whatever the segmentation', () => {
  fc.assert(
    fc.property(fc.array(messageArbitrary(), { minLength: 1, maxLength: 8 }), (messages) => {
      framerTarget.run(Buffer.concat(messages));
    }),
    { seed: SEED, numRuns: 300 },
  );
});
