import type { MessageDef } from './types';

export const MESSAGES_0080: readonly MessageDef[] = [];
