/**
 * NAT: every address a station embeds in its messages (its RegisterReq address, where it receives media, where it
 * sends from) compared with the address of its TCP connection. A difference means the station is behind NAT, or an
 * ALG rewrote the TCP address but not the embedded one; without an ALG to fix the embedded address, media sent to it
 * goes nowhere: one-way audio.
 */
import { messageById } from '../sccp/catalog';
import type { SccpMessage } from '../sccp/message';
import type { MessageRef, NatDoc } from './document';
import { text } from './fields';
import type { StationState } from './stations';

const MAX_FRAMES = 20;

/** The embedded-address fields worth comparing: the station's own addresses. */
function ownAddressFields(m: SccpMessage): string[] {
  if (m.id === 0x0001) return ['stationIpAddr']; // RegisterReq
  const def = messageById(m.id);
  return (def?.media ?? []).filter((s) => s.ip && (s.role === 'receive' || s.role === 'transmit' || s.role === 'station-address')).map((s) => s.ip!);
}

export class NatChecker {
  private readonly found = new Map<string, NatDoc>();

  message(station: StationState, m: SccpMessage, ref: MessageRef): NatDoc[] {
    if (m.direction !== 'station-to-callmanager') return [];
    const out: NatDoc[] = [];
    for (const field of ownAddressFields(m)) {
      const embedded = text(m, field);
      if (!embedded || embedded === '0.0.0.0' || embedded === '::' || embedded === station.ip) continue;
      const key = `${station.id}|${m.name}|${field}|${embedded}`;
      const known = this.found.get(key);
      if (known) {
        known.occurrences++;
        if (known.frames.length < MAX_FRAMES) known.frames.push(ref.frame);
        continue;
      }
      const doc: NatDoc = { station: station.id, message: m.name, field, embedded, transport: station.ip, frame: ref.frame, t: ref.t, occurrences: 1, frames: [ref.frame] };
      this.found.set(key, doc);
      out.push(doc);
    }
    return out;
  }

  all(): NatDoc[] {
    return [...this.found.values()];
  }
}
