import type { MessageDef } from './types';

export const MESSAGES_0140: readonly MessageDef[] = [];
