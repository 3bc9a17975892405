/**
 * Fuzz failures found, saved and routed, but not yet fixed (the code is another helper's). While listed here the
 * regression replay and the bounded run report them as TODO instead of failing `npm test`; delete the entry once
 * the fix is in, and the tests hold it from then on.
 */
export interface KnownOpen {
  /** Target name and the start of the failure message (the broken invariant). */
  target: string;
  messageStart: string;
  /** And this, somewhere in the message. */
  contains?: string;
  /** Saved inputs that show it (test/fixtures/fuzz/...). */
  files: string[];
  owner: string;
  note: string;
}

export const KNOWN_OPEN: readonly KnownOpen[] = [
  {
    target: 'sccp-recovery',
    messageStart: 'recovery:',
    files: ['sccp-recovery-592b85eee176.bin'],
    owner: 'decoder (src/core/sccp/framer.ts)',
    note:
      'after a corrupt header the framer can still resynchronise on body bytes that look like a header (about 2% of sccp-recovery cases, ' +
      'from 6.6% before chain scoring): a false header whose length lands on a real boundary ties with the true one (docs/fuzzing.md)',
  },
];

export function knownOpen(target: string, message: string): KnownOpen | undefined {
  return KNOWN_OPEN.find((k) => k.target === target && message.startsWith(k.messageStart) && (k.contains === undefined || message.includes(k.contains)));
}
