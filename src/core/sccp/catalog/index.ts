import type { MessageDef } from './types';
import { MESSAGES_0000 } from './messages-0000';
import { MESSAGES_0080 } from './messages-0080';
import { MESSAGES_0100 } from './messages-0100';
import { MESSAGES_0140 } from './messages-0140';
import { MESSAGES_EXTRA } from './messages-extra';

export type { MessageDef } from './types';

/** Every message the product knows, in ID order. The single source of truth for names, layouts, docs and hovers. */
export const CATALOG: readonly MessageDef[] = [...MESSAGES_0000, ...MESSAGES_0080, ...MESSAGES_0100, ...MESSAGES_0140, ...MESSAGES_EXTRA].sort((a, b) => a.id - b.id);

const byId = new Map<number, MessageDef>();
for (const def of CATALOG) byId.set(def.id, def);

export function messageById(id: number): MessageDef | undefined {
  return byId.get(id);
}
