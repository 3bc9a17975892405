/**
 * Message IDs an ALG like JUNOS's accepts. Its documentation lists the SCCP message IDs "in the four intervals
 * allowed": station to CallManager (table 78: 0x0001-0x0022), CallManager to station (table 79: 0x008A-0x0106),
 * CallManager 4.0 / post-SCCP 6.2 from the station (table 80: 0x0029-0x0031) and from the CallManager (table 81:
 * 0x0131-0x0136). We read each interval as running from the start of its direction's ID block (or the end of the
 * previous interval) to the highest ID its table lists. Messages outside them are the ones such an ALG treats as
 * unknown (dropped unless "unknown-message permit" is configured).
 */
import { messageById } from '../sccp/catalog';
import { idHex } from '../sccp/header';
import type { SccpMessage } from '../sccp/message';
import type { IdCountDoc, JunosInterval } from './document';

interface Interval {
  table: string;
  direction: JunosInterval['direction'];
  from: number;
  to: number;
}

export const JUNOS_INTERVALS: readonly Interval[] = [
  { table: 'station to CallManager (table 78)', direction: 'station-to-callmanager', from: 0x0000, to: 0x0022 },
  { table: 'CallManager 4.0 and post-SCCP 6.2, station (table 80)', direction: 'station-to-callmanager', from: 0x0023, to: 0x0031 },
  { table: 'CallManager to station (table 79)', direction: 'callmanager-to-station', from: 0x0081, to: 0x0106 },
  { table: 'CallManager 4.0 and post-SCCP 6.2, CallManager (table 81)', direction: 'callmanager-to-station', from: 0x0107, to: 0x0136 },
];

export function junosIntervalDocs(): JunosInterval[] {
  return JUNOS_INTERVALS.map((i) => ({ table: i.table, direction: i.direction, from: idHex(i.from), to: idHex(i.to) }));
}

export function insideJunosIntervals(id: number): boolean {
  return JUNOS_INTERVALS.some((i) => id >= i.from && id <= i.to);
}

const MAX_FRAMES = 20;

/** Messages counted by ID, with the first frames each was seen in. */
export class IdCounter {
  private readonly byId = new Map<string, IdCountDoc>();

  add(m: SccpMessage): void {
    const key = `${m.id}|${m.direction}`;
    const known = this.byId.get(key);
    if (known) {
      known.count++;
      if (known.frames.length < MAX_FRAMES) known.frames.push(m.frame);
      return;
    }
    this.byId.set(key, { id: m.id, idHex: m.idHex, name: m.name, direction: m.direction, count: 1, frames: [m.frame] });
  }

  all(): IdCountDoc[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id || a.direction.localeCompare(b.direction));
  }
}

export function isUnknownMessage(m: SccpMessage): boolean {
  return m.id >= 0 && messageById(m.id) === undefined;
}
