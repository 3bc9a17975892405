/**
 * Every media endpoint carries the identifiers that tie it to a call (passThroughPartyId, callReference,
 * conferenceId), whatever Wireshark names the field in that message (StartMultiMediaTransmission's
 * passthruPartyID), in both the IPv4 (basic) and the IPv4-or-IPv6 (V17+) layouts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG } from '../../../src/core/sccp/catalog';
import { decodeMessage, findField } from '../../../src/core/sccp/decode';
import type { FieldNode } from '../../../src/core/sccp/message';
import { hexToBytes, loadReferences } from '../../helpers/tshark-reference';

/** Identifier fields (Wireshark names) and the key the media record uses for each. */
const ID_FIELDS: Readonly<Record<string, string>> = {
  passThroughPartyId: 'passThroughPartyId',
  passthruPartyID: 'passThroughPartyId',
  callReference: 'callReference',
  conferenceId: 'conferenceId',
};

function message(id: number, version: number, body: Uint8Array): Uint8Array {
  const b = new Uint8Array(12 + body.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, 4 + body.length, true);
  v.setUint32(4, version, true);
  v.setUint32(8, id, true);
  b.set(body, 12);
  return b;
}

function leaves(nodes: readonly FieldNode[], out: FieldNode[] = []): FieldNode[] {
  for (const n of nodes) {
    if (n.children) leaves(n.children, out);
    else out.push(n);
  }
  return out;
}

for (const def of CATALOG.filter((d) => d.media && d.fields)) {
  for (const version of [0, 0x11]) {
    test(`media of ${def.name} (v${version}) carries the call identifiers its body has`, () => {
      // Lay the message out over zeros, then write a distinct value into every identifier field and the port.
      const body = new Uint8Array(600);
      const first = decodeMessage(message(def.id, version, body));
      if (def.media!.every((spec) => !findField(first.fields, spec.port))) {
        // No address in this version's layout (OpenReceiveChannel names its source only from V11).
        assert.deepEqual(first.media, []);
        return;
      }
      const ids = leaves(first.fields).filter((f) => f.name in ID_FIELDS && f.length === 4);
      let value = 0x01020300;
      const want: Record<string, number> = {};
      for (const f of ids) {
        value += 0x11;
        new DataView(body.buffer).setUint32(f.offset - 12, value, true);
        want[ID_FIELDS[f.name]!] ??= value;
      }
      const m = decodeMessage(message(def.id, version, body));
      assert.ok(m.media.length > 0, `${def.name}: no media endpoint`);
      for (const ep of m.media) {
        for (const [key, v] of Object.entries(want)) assert.equal(ep[key], v, `${def.name} ${ep.role}: ${key}`);
      }
    });
  }
}

test('StartMultiMediaTransmission built byte by byte: the endpoint has passThroughPartyId, callReference, conferenceId', () => {
  // conferenceId, passthruPartyID, payloadCapability, remote address (basic layout: 4 bytes) and port, callReference.
  const b = new Uint8Array(200);
  const v = new DataView(b.buffer);
  v.setUint32(0, 1234, true); // conferenceId
  v.setUint32(4, 5678, true); // passthruPartyID
  v.setUint32(8, 4, true); // payloadCapability: G.711 u-law
  const m0 = decodeMessage(message(0x0132, 0, b));
  const ip = findField(m0.fields, 'remoteIpAddr')!;
  const port = findField(m0.fields, 'remotePortNumber')!;
  const ref = findField(m0.fields, 'callReference')!;
  b.set([10, 1, 2, 3], ip.offset - 12);
  v.setUint32(port.offset - 12, 16384, true);
  v.setUint32(ref.offset - 12, 99, true);
  const m = decodeMessage(message(0x0132, 0, b));
  assert.deepEqual(m.media, [{ role: 'send-to', ip: '10.1.2.3', port: 16384, passThroughPartyId: 5678, callReference: 99, conferenceId: 1234 }]);
});

test('MediaPortList: one station-rtp endpoint per listed port', () => {
  const body = new Uint8Array(4 + 16 * 4);
  const v = new DataView(body.buffer);
  v.setUint32(0, 3, true);
  [16384, 16386, 16388].forEach((p, i) => v.setUint32(4 + 4 * i, p, true));
  const m = decodeMessage(message(0x0011, 0, body));
  assert.deepEqual(m.media, [16384, 16386, 16388].map((port) => ({ role: 'station-rtp', port })));
});

test('real media messages of the fixtures: the ids in media are the values of the fields', () => {
  let checked = 0;
  for (const cap of loadReferences()) {
    for (const ref of cap.messages) {
      const m = decodeMessage(hexToBytes(ref.bytes));
      for (const ep of m.media) {
        for (const [field, key] of Object.entries(ID_FIELDS)) {
          const f = findField(m.fields, field);
          if (f) {
            assert.equal(ep[key], f.value, `${cap.capture} frame ${ref.frame} ${m.name}: ${key}`);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} identifiers checked`);
});
