/**
 * Legs tied into calls. Legs of different stations are one call when their media point at each other (one's
 * transmit endpoint is the other's receive endpoint, or one observed stream is the first's transmit and the second's
 * receive), when they share a conference ID, or when the CallManager gave both the same calling and called party
 * while both were up.
 */
import type { LegState } from './calls';
import type { TieReason } from './document';
import type { StreamMatch } from './matching';

export interface CallGroup {
  legs: LegState[];
  tiedBy: TieReason[];
}

class UnionFind {
  private readonly parent = new Map<LegState, LegState>();

  find(x: LegState): LegState {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }

  union(a: LegState, b: LegState): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export function groupLegs(legs: readonly LegState[], streamMatches: readonly (readonly StreamMatch[])[], captureEnd: number): CallGroup[] {
  const uf = new UnionFind();
  const ties: { a: LegState; b: LegState; reason: TieReason }[] = [];
  const tie = (a: LegState | undefined, b: LegState | undefined, reason: TieReason) => {
    if (!a || !b || a === b) return;
    ties.push({ a, b, reason });
    uf.union(a, b);
  };

  // Media: negotiated endpoints that point at each other, and streams seen leaving one leg and reaching another.
  const receivers = new Map<string, LegState[]>();
  for (const leg of legs) {
    for (const m of leg.media) {
      if (m.direction === 'receive' && m.endpoint && m.kind !== 'multicast') {
        const key = `${m.endpoint.ip}:${m.endpoint.port}`;
        receivers.set(key, [...(receivers.get(key) ?? []), leg]);
      }
    }
  }
  for (const leg of legs) {
    for (const m of leg.media) {
      if (m.direction !== 'transmit' || !m.endpoint || m.kind === 'multicast') continue;
      for (const other of receivers.get(`${m.endpoint.ip}:${m.endpoint.port}`) ?? []) {
        if (other.station !== leg.station && overlaps(leg.span(captureEnd), other.span(captureEnd))) tie(leg, other, 'media');
      }
    }
  }
  for (const matches of streamMatches) {
    const tx = matches.find((x) => x.media.direction === 'transmit');
    const rx = matches.find((x) => x.media.direction === 'receive');
    if (tx && rx && tx.media.station !== rx.media.station) tie(tx.media.leg, rx.media.leg, 'media');
  }

  // Conference IDs shared by legs (a conference bridge's participants, both ends of a media resource).
  const byConference = new Map<number, LegState>();
  for (const leg of legs) {
    for (const id of leg.conferenceIds) {
      const first = byConference.get(id);
      if (first) tie(first, leg, 'conference');
      else byConference.set(id, leg);
    }
  }

  // Parties: the same calling and called numbers on two stations at the same time (compared within each pair of
  // numbers only, so the work stays proportional to the legs that share them).
  const byParties = new Map<string, LegState[]>();
  for (const leg of legs) {
    const { callingParty, calledParty } = leg.parties;
    if (!callingParty || !calledParty) continue;
    const key = `${callingParty}\u0000${calledParty}`;
    const same = byParties.get(key);
    if (same) same.push(leg);
    else byParties.set(key, [leg]);
  }
  for (const same of byParties.values()) {
    for (let i = 0; i < same.length; i++) {
      for (let j = i + 1; j < same.length; j++) {
        const a = same[i]!;
        const b = same[j]!;
        if (b.station !== a.station && overlaps(a.span(captureEnd), b.span(captureEnd))) tie(a, b, 'parties');
      }
    }
  }

  const groups = new Map<LegState, CallGroup>();
  for (const leg of legs) {
    const root = uf.find(leg);
    const g = groups.get(root) ?? { legs: [], tiedBy: [] };
    g.legs.push(leg);
    groups.set(root, g);
  }
  for (const t of ties) {
    const g = groups.get(uf.find(t.a))!;
    if (!g.tiedBy.includes(t.reason)) g.tiedBy.push(t.reason);
  }
  const order: TieReason[] = ['media', 'conference', 'parties'];
  const out = [...groups.values()];
  for (const g of out) {
    g.legs.sort((a, b) => a.start.frame - b.start.frame || a.station.stream - b.station.stream || a.callReference - b.callReference);
    g.tiedBy.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  return out.sort((a, b) => a.legs[0]!.start.frame - b.legs[0]!.start.frame || a.legs[0]!.station.stream - b.legs[0]!.station.stream);
}

function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}
