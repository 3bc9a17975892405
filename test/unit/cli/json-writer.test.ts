import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { writePrettyJson } from '../../../src/core/export/json-writer';

function pieces(value: unknown, depth?: number): string {
  const out: string[] = [];
  writePrettyJson(value, (t) => out.push(t), depth);
  return out.join('');
}

test('writePrettyJson writes exactly what JSON.stringify(value, null, 2) writes, plus a newline', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
      assert.equal(pieces(value, depth), `${JSON.stringify(value, null, 2)}\n`);
    }),
    { numRuns: 500 },
  );
});

test('writePrettyJson drops undefined members and writes null for undefined array items, as JSON.stringify does', () => {
  const value = { a: undefined, b: [undefined, 1, { c: undefined, d: 'x' }], e: {}, f: [] };
  assert.equal(pieces(value, 3), `${JSON.stringify(value, null, 2)}\n`);
});
