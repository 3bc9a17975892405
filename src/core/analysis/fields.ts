/** Reading decoded fields by their (Wireshark) names, tolerant of absent fields and of the other type. */
import { findField } from '../sccp/decode';
import type { FieldNode } from '../sccp/message';
import type { Labelled } from './document';

interface HasFields {
  fields: readonly FieldNode[];
}

export function num(m: HasFields, ...names: string[]): number | undefined {
  for (const name of names) {
    const f = findField(m.fields, name);
    if (f && typeof f.value === 'number') return f.value;
  }
  return undefined;
}

/** A string field's value, or undefined when absent or empty. */
export function text(m: HasFields, name: string): string | undefined {
  const f = findField(m.fields, name);
  return f && typeof f.value === 'string' && f.value !== '' ? f.value : undefined;
}

/** An enumerated field: its number and Wireshark's label. */
export function labelled(m: HasFields, name: string): Labelled | undefined {
  const f = findField(m.fields, name);
  if (!f || typeof f.value !== 'number') return undefined;
  return { value: f.value, name: f.display ?? String(f.value) };
}

/** The pass-through party ID, which a few messages spell as Wireshark's passthruPartyID. */
export function passThroughPartyId(m: HasFields): number | undefined {
  return num(m, 'passThroughPartyId', 'passthruPartyID');
}

/** A non-zero identifier (zero means "none" for call references and conference IDs). */
export function nonZero(v: number | undefined): number | undefined {
  return v === undefined || v === 0 ? undefined : v;
}
