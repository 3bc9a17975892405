import type { FuzzTarget } from '../target';
import { captureTarget, gzipTarget, netTarget, tcpTarget } from './capture';
import { framerTarget, recoveryTarget, sccpDecodeTarget } from './sccp';
import { callsTarget, sessionTarget, sessionTlsTarget } from './session';
import { hexdumpTarget, lspTarget } from './text';

/** Every target, in a fixed order (case i of a run goes to target i mod n). */
export const TARGETS: readonly FuzzTarget[] = [
  captureTarget,
  gzipTarget,
  netTarget,
  tcpTarget,
  sccpDecodeTarget,
  framerTarget,
  recoveryTarget,
  sessionTarget,
  sessionTlsTarget,
  hexdumpTarget,
  lspTarget,
  callsTarget,
];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
