/**
 * Structural checks over the whole message catalog: every entry is consistent with itself and with its partner,
 * and every layout decodes at every protocol version without leaving the message's bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, messageById } from '../../../src/core/sccp/catalog';
import type { FieldSpec } from '../../../src/core/sccp/layout';
import { KNOWN_HEADER_VERSIONS } from '../../../src/core/sccp/header';
import { decodeMessage } from '../../../src/core/sccp/decode';
import type { FieldNode } from '../../../src/core/sccp/message';

function layoutNames(specs: readonly FieldSpec[], out = new Set<string>()): Set<string> {
  for (const s of specs) {
    if ('name' in s) out.add(s.name);
    if (s.kind === 'struct' || s.kind === 'when') layoutNames(s.fields, out);
    if (s.kind === 'array') layoutNames(s.element, out);
    if (s.kind === 'union') for (const c of s.cases) layoutNames(c.fields, out);
    if (s.kind === 'flags') for (const f of s.flags) out.add(f.name);
  }
  return out;
}

test('IDs and names are unique', () => {
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const d of CATALOG) {
    assert.ok(!ids.has(d.id), `duplicate id 0x${d.id.toString(16)}`);
    assert.ok(!names.has(d.name), `duplicate name ${d.name}`);
    ids.add(d.id);
    names.add(d.name);
  }
});

test('every entry says what it is for, in its own words', () => {
  for (const d of CATALOG) {
    assert.ok(d.purpose.length >= 20, `${d.name}: purpose too short`);
    assert.ok(/^[A-Z]/.test(d.purpose) && /[.)]$/.test(d.purpose.trim()), `${d.name}: purpose should be a sentence`);
  }
});

test('partners exist, and a response points at its request', () => {
  for (const d of CATALOG) {
    if (d.partner === undefined) continue;
    const p = messageById(d.partner);
    assert.ok(p, `${d.name}: partner 0x${d.partner.toString(16)} is not in the catalog`);
    if (d.class === 'response') assert.notEqual(p.class, 'response', `${d.name}: partner ${p.name} is a response too`);
  }
});

test('media specs refer to fields the layout has', () => {
  for (const d of CATALOG) {
    if (!d.media) continue;
    const names = layoutNames(d.fields ?? []);
    for (const m of d.media) {
      assert.ok(names.has(m.port), `${d.name}: media port field ${m.port} not in layout`);
      if (m.ip) assert.ok(names.has(m.ip), `${d.name}: media ip field ${m.ip} not in layout`);
      for (const id of m.ids ?? []) assert.ok(names.has(id), `${d.name}: media id field ${id} not in layout`);
    }
  }
});

function checkInside(nodes: readonly FieldNode[], end: number, where: string): void {
  let last = 0;
  for (const n of nodes) {
    assert.ok(n.offset >= 0 && n.offset + n.length <= end, `${where}: ${n.name} [${n.offset}+${n.length}] outside the message (${end})`);
    if (n.children && n.value !== null && typeof n.value === 'number' && n.children.every((c) => c.offset === n.offset)) continue; // flags
    assert.ok(n.offset >= last, `${where}: ${n.name} at ${n.offset} overlaps the previous field ending at ${last}`);
    last = n.offset + n.length;
    if (n.children && !n.children.every((c) => c.offset === n.offset && c.length === n.length)) checkInside(n.children, end, `${where}/${n.name}`);
  }
}

test('every layout decodes zero-filled and random bodies at every header version, inside the message bytes', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  for (const d of CATALOG) {
    for (const v of KNOWN_HEADER_VERSIONS) {
      for (const fill of ['zero', 'random'] as const) {
        const body = 4096;
        const bytes = new Uint8Array(12 + body);
        const dv = new DataView(bytes.buffer);
        dv.setUint32(0, body + 4, true);
        dv.setUint32(4, v, true);
        dv.setUint32(8, d.id, true);
        if (fill === 'random') for (let i = 12; i < bytes.length; i++) bytes[i] = rand();
        const m = decodeMessage(bytes);
        const where = `${d.name} v${v} ${fill}`;
        assert.ok(!m.problems.some((p) => p.message.startsWith('internal decoder error')), `${where}: ${JSON.stringify(m.problems)}`);
        if (fill === 'zero') assert.ok(!m.problems.some((p) => p.code === 'sccp.truncated'), `${where}: a 4 KB body should hold every layout`);
        checkInside(m.fields, bytes.length, where);
      }
    }
  }
});
