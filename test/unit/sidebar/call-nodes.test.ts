/** The Calls tree over the calls document of real captures: calls, legs, media legs, RTP, pinholes, findings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallsDocument } from '../../../src/core/analysis/document';
import { callChildren, callItemText, callNodeId, callParent, findTargetMessage, mediaLines, type CallTreeNode } from '../../../src/extension/sidebar/call-nodes';
import { decodeFixture } from './fixture';

function walk(doc: CallsDocument, visit: (node: CallTreeNode, parent: CallTreeNode | undefined) => void, node?: CallTreeNode): void {
  for (const child of callChildren(node, doc)) {
    visit(child, node);
    walk(doc, visit, child);
  }
}

test('skinny-call-rtp: one call, two legs, media legs with negotiated endpoints and observed RTP, pinholes', () => {
  const { messages, calls } = decodeFixture('skinny-call-rtp.pcap');
  const roots = callChildren(undefined, calls);
  assert.deepEqual(roots, [{ kind: 'call', call: 0 }]);
  const call = calls.calls[0]!;
  const item = callItemText(roots[0]!, calls);
  assert.equal(item.label, 'C1: 321 RIX Meeting Room → 307 Ervins Gailiss');
  assert.equal(item.description, `in-progress · 2 legs`);
  assert.equal(item.id, 'call:C1');

  const pinholes = calls.alg.pinholes.filter((p) => p.call === 'C1');
  const kids = callChildren(roots[0], calls);
  assert.deepEqual(kids.map((k) => k.kind), ['leg', 'leg', ...(pinholes.length ? ['pinholes'] : []), ...(call.problems.length ? ['findings'] : [])]);
  assert.equal(pinholes.length, 8);
  const pinholeNodes = callChildren({ kind: 'pinholes', call: 0 }, calls);
  assert.equal(pinholeNodes.length, 8);
  const p0 = callItemText(pinholeNodes[0]!, calls);
  assert.equal(p0.label, `${pinholes[0]!.id} ${pinholes[0]!.kind} ${pinholes[0]!.to.ip}:${pinholes[0]!.to.port}`);

  call.legs.forEach((leg, li) => {
    const legNode: CallTreeNode = { kind: 'leg', call: 0, leg: li };
    const t = callItemText(legNode, calls);
    assert.ok(t.description.includes(`ref ${leg.callReference}`));
    assert.ok(t.description.includes(`${leg.messages} messages`));
    const media = callChildren(legNode, calls);
    assert.equal(media.length, leg.media.length);
    leg.media.forEach((m, mi) => {
      const lines = callChildren(media[mi], calls).map((n) => callItemText(n, calls));
      const where = m.direction === 'receive' ? 'Receives at' : 'Sends to';
      assert.ok(lines.some((l) => l.label === `${where} ${m.endpoint!.ip}:${m.endpoint!.port}`), `${m.id} endpoint`);
      assert.equal(lines.filter((l) => l.label.startsWith('RTP ')).length, m.rtp.length);
      for (const r of m.rtp) assert.ok(lines.some((l) => l.label === `RTP ${r.src}:${r.srcPort} → ${r.dst}:${r.dstPort}` && l.description.startsWith(`${r.packets} packets`)));
      assert.equal(lines.length, mediaLines(m, leg.station).length);
    });
  });

  // Ids are unique; every node's parent lists it.
  const ids = new Set<string>();
  walk(calls, (node, parent) => {
    const id = callNodeId(node, calls);
    assert.ok(!ids.has(id), `duplicate id ${id}`);
    ids.add(id);
    assert.deepEqual(callParent(node), parent);
  });
  assert.ok(ids.size > 40);

  // Choosing a media leg selects the message that set it up, on the right station's connection.
  const m2 = call.legs[0]!.media[0]!;
  const target = callItemText({ kind: 'media', call: 0, leg: 0, media: 0 }, calls).target!;
  const index = findTargetMessage(messages, calls, target)!;
  const station = calls.stations.find((s) => s.id === call.legs[0]!.station)!;
  assert.equal(messages[index]!.name, m2.request!.message);
  assert.equal(messages[index]!.frame, m2.request!.frame);
  assert.equal(messages[index]!.stream, station.stream);
});

test('calls with findings list them; captures without calls have no nodes', () => {
  let withFindings = 0;
  for (const name of ['sccp_dtmf_oob.pcapng', 'sccp_hw_conf.pcapng', 'modem_sccp_passthru_nse_tgw.pcapng', 'fax_t38_nse_sccp_ogw.pcapng', 'skinny-register.pcapng']) {
    const { calls } = decodeFixture(name);
    assert.equal(callChildren(undefined, calls).length, calls.calls.length);
    calls.calls.forEach((call, ci) => {
      const kids = callChildren({ kind: 'call', call: ci }, calls);
      assert.equal(kids.some((k) => k.kind === 'findings'), call.problems.length > 0);
      if (call.problems.length) {
        withFindings++;
        const findings = callChildren({ kind: 'findings', call: ci }, calls).map((n) => callItemText(n, calls));
        assert.deepEqual(findings.map((f) => f.description), call.problems.map((p) => `${p.code} · ${p.message}, frame ${p.frame}`));
      }
    });
  }
  assert.ok(withFindings > 0, 'at least one of these calls has findings');
  assert.deepEqual(callChildren(undefined, undefined), []);
});
