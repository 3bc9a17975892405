import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogMarkdown } from '../../../src/core/sccp/catalog-doc';

test('docs/messages.md is the catalog as it is now (run `npm run docs` after changing the catalog)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'messages.md'), 'utf8');
  assert.equal(committed, catalogMarkdown());
});
