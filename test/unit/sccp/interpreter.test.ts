/**
 * Layout-language features of the interpreter, on small hand-built layouts and bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLayout } from '../../../src/core/sccp/interpreter';
import type { FieldSpec } from '../../../src/core/sccp/layout';
import { u32 } from '../../../src/core/sccp/layout';
import type { FieldNode } from '../../../src/core/sccp/message';

const le32 = (...values: number[]): number[] => values.flatMap((n) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);

/** Decodes `specs` over a body placed after a 12-byte header whose data length counts the body. */
function run(specs: readonly FieldSpec[], body: number[], dataLength = body.length + 4) {
  const bytes = Uint8Array.from([...new Array<number>(12).fill(0), ...body]);
  return decodeLayout(bytes, 12, bytes.length, specs, { version: 0, dataLength });
}

function leaves(nodes: readonly FieldNode[], name: string, out: number[] = []): number[] {
  for (const n of nodes) {
    if (n.name === name && !n.children && typeof n.value === 'number') out.push(n.value);
    if (n.children) leaves(n.children, name, out);
  }
  return out;
}

/** count, then an array of up to 4 words of 4 bytes, then a trailer word. */
function layout(loop: 'guarded' | 'guarded-all' | 'bounded' | 'bounded-count', trailer = true): FieldSpec[] {
  const items: FieldSpec = { kind: 'array', name: 'items', count: { field: 'count' }, max: 4, elementSize: 4, loop, element: [u32('item')] };
  return trailer ? [u32('count'), items, u32('trailer')] : [u32('count'), items];
}

test("loop 'guarded': count elements, the unused ones up to max skipped, nothing at all for a count of 0", () => {
  const two = run(layout('guarded'), le32(2, 10, 11, 0, 0, 99));
  assert.deepEqual(leaves(two.fields, 'item'), [10, 11]);
  assert.deepEqual(leaves(two.fields, 'trailer'), [99]);
  assert.deepEqual(two.problems, []);

  const none = run(layout('guarded'), le32(0, 99));
  assert.deepEqual(leaves(none.fields, 'trailer'), [99], 'a count of 0 skips nothing');
  assert.equal(none.fields.some((f) => f.name === 'items'), false);
});

test("loop 'guarded': unused elements missing at the message end are not a problem", () => {
  const r = run(layout('guarded', false), le32(1, 10));
  assert.deepEqual(leaves(r.fields, 'item'), [10]);
  assert.deepEqual(r.problems, []);
  assert.equal(r.end, 20);
});

test("loop 'guarded': a count the declared length cannot hold decodes and skips nothing, and says so", () => {
  // 3 elements would need 12 bytes after the count; the header's length says only 8 follow.
  const r = run(layout('guarded'), le32(3, 10, 99), 12);
  assert.deepEqual(leaves(r.fields, 'item'), []);
  assert.deepEqual(leaves(r.fields, 'trailer'), [10]);
  assert.ok(r.problems.some((p) => p.code === 'sccp.count-limit'));
});

test("loop 'guarded': a count above max skips count elements without decoding them (in 32-bit arithmetic)", () => {
  const r = run(layout('guarded'), le32(5, 1, 2, 3, 4, 5, 99));
  assert.deepEqual(leaves(r.fields, 'item'), []);
  assert.deepEqual(leaves(r.fields, 'trailer'), [99]);
  assert.ok(r.problems.some((p) => p.code === 'sccp.count-limit'));

  // 0x40000000 * 4 wraps to 0 in 32 bits: nothing is skipped, as in Wireshark.
  const wrapped = run(layout('guarded'), le32(0x40000000, 99));
  assert.deepEqual(leaves(wrapped.fields, 'trailer'), [99]);
});

test("loop 'guarded-all': every element up to max is decoded once the count is non-zero", () => {
  const r = run(layout('guarded-all'), le32(1, 10, 11, 12, 13, 99));
  assert.deepEqual(leaves(r.fields, 'item'), [10, 11, 12, 13]);
  assert.deepEqual(leaves(r.fields, 'trailer'), [99]);
  const none = run(layout('guarded-all'), le32(0, 99));
  assert.deepEqual(leaves(none.fields, 'trailer'), [99]);
});

test("loop 'bounded': the unused elements are skipped even for a count of 0; above max, max elements are skipped", () => {
  const zero = run(layout('bounded'), le32(0, 1, 2, 3, 4, 99));
  assert.deepEqual(leaves(zero.fields, 'item'), []);
  assert.deepEqual(leaves(zero.fields, 'trailer'), [99]);
  const over = run(layout('bounded'), le32(9, 1, 2, 3, 4, 99));
  assert.deepEqual(leaves(over.fields, 'item'), []);
  assert.deepEqual(leaves(over.fields, 'trailer'), [99]);
  assert.ok(over.problems.some((p) => p.code === 'sccp.count-limit'));
});

test("loop 'bounded-count': only count elements occupy bytes; above max, count elements are skipped", () => {
  const two = run(layout('bounded-count'), le32(2, 10, 11, 99));
  assert.deepEqual(leaves(two.fields, 'item'), [10, 11]);
  assert.deepEqual(leaves(two.fields, 'trailer'), [99]);
  const over = run(layout('bounded-count'), le32(5, 1, 2, 3, 4, 5, 99));
  assert.deepEqual(leaves(over.fields, 'trailer'), [99]);
});

test('xml: the text stops at the first NUL, the field keeps its declared size', () => {
  const xml = Array.from('<a/>', (c) => c.charCodeAt(0));
  const r = run([u32('dataLength'), { kind: 'xml', name: 'xmldata', size: { field: 'dataLength' }, max: 2000 }], [...le32(8), ...xml, 0, 0, 0, 0]);
  const node = r.fields.find((f) => f.name === 'xmldata');
  assert.equal(node?.value, '<a/>');
  assert.equal(node?.length, 8);
});

test('condition fieldInRange: holds between min and max inclusive, either bound optional', () => {
  const specs: FieldSpec[] = [
    u32('payloadType'),
    { kind: 'when', cond: { fieldInRange: { name: 'payloadType', max: 0x62 } }, fields: [u32('audio')] },
    { kind: 'when', cond: { fieldInRange: { name: 'payloadType', min: 0x64, max: 0x73 } }, fields: [u32('video')] },
    { kind: 'when', cond: { fieldInRange: { name: 'payloadType', min: 0x78 } }, fields: [u32('data')] },
  ];
  const names = (pt: number) => run(specs, le32(pt, 7)).fields.map((f) => f.name).slice(1);
  assert.deepEqual(names(0x62), ['audio']);
  assert.deepEqual(names(0x63), [], 'between the ranges: nothing');
  assert.deepEqual(names(0x64), ['video']);
  assert.deepEqual(names(0x73), ['video']);
  assert.deepEqual(names(0x78), ['data']);
});

test('string excludeNul: a variable string ends before its NUL, which is left for what follows', () => {
  const r = run([{ kind: 'string', name: 'notify', variable: true, excludeNul: true }, { kind: 'uint', name: 'next', size: 1 }], [0x48, 0x69, 0, 5]);
  assert.deepEqual(r.fields.map((f) => [f.name, f.value, f.offset, f.length]), [
    ['notify', 'Hi', 12, 2],
    ['next', 0, 14, 1],
  ]);
  const plain = run([{ kind: 'string', name: 'notify', variable: true }], [0x48, 0x69, 0, 5]);
  assert.equal(plain.fields[0]?.length, 3, 'without excludeNul the NUL belongs to the field');
});

test('ipv4 littleEndian: the four bytes are shown reversed', () => {
  const r = run([{ kind: 'ipv4', name: 'stationIpAddr', littleEndian: true }, { kind: 'ipv4', name: 'ipAddr' }], [10, 0, 0, 1, 10, 0, 0, 1]);
  assert.deepEqual(r.fields.map((f) => f.value), ['1.0.0.10', '10.0.0.1']);
});

test('xml of size 0: the text runs to its NUL, and the field area (max bytes, cut at the message end) is consumed', () => {
  const body = [...Array.from('<x/>', (c) => c.charCodeAt(0)), 0, 0, 0, 0];
  const r = run([{ kind: 'xml', name: 'alarmInfo', size: 0, max: 2048 }], body);
  assert.deepEqual(r.fields.map((f) => [f.value, f.length]), [['<x/>', 4]]);
  assert.equal(r.end, 12 + body.length);
  assert.deepEqual(r.problems, []);
});

test('flags are booleans: a multi-bit mask gives 1 when any of its bits is set', () => {
  const specs: FieldSpec[] = [
    {
      kind: 'flags',
      name: 'bits',
      size: 4,
      flags: [
        { name: 'Low2', mask: 0x3 },
        { name: 'High', mask: 0x80000000 },
        { name: 'Reserved', mask: 0xffffff00 },
      ],
    },
  ];
  const r = run(specs, le32(0x80000002));
  assert.deepEqual(r.fields[0]?.children?.map((c) => [c.name, c.value]), [
    ['Low2', 1],
    ['High', 1],
    ['Reserved', 1],
  ]);
});
