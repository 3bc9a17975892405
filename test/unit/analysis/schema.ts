/** The published JSON Schemas (schema/), compiled with ajv for the tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { SCHEMA } from './fixtures';

const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const f of ['calls.schema.json', 'stats.schema.json']) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA, f), 'utf8')) as object);

function compiled(id: string): ValidateFunction {
  const v = ajv.getSchema(`https://sccp-dissect.invalid/schema/${id}`);
  if (!v) throw new Error(`schema ${id} not found`);
  return v;
}

export const validateCalls = compiled('calls.schema.json');
export const validateStats = compiled('stats.schema.json');

/** The validation errors in one line each, for assertion messages. */
export function errorsOf(v: ValidateFunction): string {
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}
