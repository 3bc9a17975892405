import type { MessageDef } from './types';

export const MESSAGES_0100: readonly MessageDef[] = [];
