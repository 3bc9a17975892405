/**
 * The pinholes an SCCP ALG opens for media, replayed on the capture: a receive pinhole when a station says where it
 * receives (OpenReceiveChannelAck), a transmit pinhole when the CallManager tells it where to send
 * (StartMediaTransmission); closed by the matching close message, the end of the call, the station going away, or
 * the inactive-media timeout (no RTP or RTCP in the call for that long). Each pinhole passes RTP to its port and
 * RTCP to the port above (or the same port, multiplexed).
 */
import { round6 } from './clock';
import type { CloseDoc, CloseReason, Endpoint, MessageRef, OutsideReason, PinholeDoc, PinholeKind } from './document';
import type { MediaLegState } from './media';

export class PinholeState {
  closed: CloseDoc | undefined;
  rtpPackets = 0;
  rtcpPackets = 0;

  constructor(
    readonly id: string,
    readonly kind: PinholeKind,
    readonly media: MediaLegState,
    readonly to: Endpoint,
    /** Transmit pinholes pass media from the station only. */
    readonly fromStation: boolean,
    readonly translatedTo: Endpoint | undefined,
    readonly opened: MessageRef,
  ) {}

  /** What `check` answers for a packet inside this pinhole: one object, not one per packet. */
  readonly insideIt: Coverage = { inside: true, pinhole: this };

  /** Address test only (the time is the table's business). */
  matches(kind: 'rtp' | 'rtcp', src: string, dst: string, dstPort: number): boolean {
    if (!reaches(this.to, kind, dst, dstPort) && !reaches(this.translatedTo, kind, dst, dstPort)) return false;
    return !this.fromStation || this.media.station.ownsAddress(src);
  }
}

function reaches(e: Endpoint | undefined, kind: 'rtp' | 'rtcp', dst: string, dstPort: number): boolean {
  return e !== undefined && e.ip === dst && (dstPort === e.port || (kind === 'rtcp' && dstPort === e.port + 1));
}

/**
 * The pinholes at one media stream's destination, kept by the stream: its addresses never change, and the list
 * only changes when a pinhole opens, so most packets skip the search.
 */
export class PinholeCandidates {
  /** The table's `openings` when `list` was found (-1: never). */
  openings = -1;
  list: PinholeState[] = [];
}

export type Coverage =
  | { inside: true; pinhole: PinholeState }
  | { inside: false; reason: Exclude<OutsideReason, 'before-open' | 'no-pinhole'>; pinhole: PinholeState }
  /** No pinhole for this address yet: decided at the end ('before-open' if one opens later, else 'no-pinhole'). */
  | { inside: false; reason: 'pending' };

export class PinholeTable {
  private readonly list: PinholeState[] = [];
  private readonly byAddress = new Map<string, PinholeState[]>();
  /** Pinholes near a destination, sorted by opening, per destination port: built once per change of the table. */
  private near = new Map<number, { kind: 'rtp' | 'rtcp'; dst: string; list: PinholeState[] }[]>();
  /** Last media (or pinhole opening) time of each call leg: the inactive-media timeout runs per call. */
  private readonly activity = new Map<object, number>();
  /** Pinholes opened so far: tells a stream's PinholeCandidates whether its list is still the one. */
  private openings = 0;

  constructor(private readonly timeoutSeconds: number) {}

  all(): readonly PinholeState[] {
    return this.list;
  }

  open(kind: PinholeKind, media: MediaLegState, to: Endpoint, translatedTo: Endpoint | undefined, opened: MessageRef): PinholeState {
    const p = new PinholeState(`P${this.list.length + 1}`, kind, media, to, kind === 'transmit', translatedTo, opened);
    this.list.push(p);
    this.openings++;
    this.near.clear();
    for (const e of translatedTo ? [to, translatedTo] : [to]) {
      const key = `${e.ip}:${e.port}`;
      const at = this.byAddress.get(key);
      if (at) at.push(p);
      else this.byAddress.set(key, [p]);
    }
    this.touch(p, opened.t);
    return p;
  }

  close(p: PinholeState, ref: MessageRef, reason: CloseReason): void {
    this.expire(p, ref.t);
    p.closed ??= { frame: ref.frame, t: ref.t, message: ref.message, reason };
  }

  /** Is a media datagram, seen now, inside a pinhole that is open? `cache` belongs to the stream it is part of. */
  check(kind: 'rtp' | 'rtcp', src: string, dst: string, dstPort: number, t: number, cache: PinholeCandidates = new PinholeCandidates()): Coverage {
    if (cache.openings !== this.openings) {
      cache.list = this.nearTo(kind, dst, dstPort);
      cache.openings = this.openings;
    }
    let lastClosed: PinholeState | undefined;
    let open: PinholeState | undefined;
    // Every open pinhole the packet fits counts it (a call's receive and transmit pinholes often both do).
    for (const p of cache.list) {
      // Matched per packet: whether a station owns the source address can change (addresses it embeds later).
      if (!p.matches(kind, src, dst, dstPort)) continue;
      this.expire(p, t);
      if (!p.closed) {
        if (kind === 'rtp') p.rtpPackets++;
        else p.rtcpPackets++;
        this.touch(p, t);
        open ??= p;
      } else if (!lastClosed || p.closed.t >= lastClosed.closed!.t) lastClosed = p;
    }
    if (open) return open.insideIt;
    if (!lastClosed) {
      const elsewhere = this.sameStationAndPort(kind, src, dstPort);
      return elsewhere ? { inside: false, reason: 'address-mismatch', pinhole: elsewhere } : { inside: false, reason: 'pending' };
    }
    return { inside: false, reason: lastClosed.closed!.reason === 'inactive-media' ? 'after-inactive-timeout' : 'after-close', pinhole: lastClosed };
  }

  /** The first pinhole ever opened for this address, whatever its time. */
  firstFor(kind: 'rtp' | 'rtcp', src: string, dst: string, dstPort: number): PinholeState | undefined {
    return this.candidates(kind, src, dst, dstPort)[0];
  }

  /** End of capture: pinholes idle for longer than the timeout were closed by it. */
  finish(endT: number): void {
    for (const p of this.list) this.expire(p, endT);
  }

  toDoc(p: PinholeState, callId: string | null): PinholeDoc {
    return {
      id: p.id,
      station: p.media.station.id,
      call: callId,
      mediaLeg: p.media.id,
      kind: p.kind,
      to: { ip: p.to.ip, port: p.to.port },
      rtcpPort: p.to.port + 1,
      fromIp: p.fromStation ? p.media.station.ip : null,
      translatedTo: p.translatedTo ? { ip: p.translatedTo.ip, port: p.translatedTo.port } : null,
      opened: p.opened,
      closed: p.closed ?? null,
      rtpPackets: p.rtpPackets,
      rtcpPackets: p.rtcpPackets,
    };
  }

  /** An open transmit pinhole of the sending station, to this port at another address. */
  private sameStationAndPort(kind: 'rtp' | 'rtcp', src: string, dstPort: number): PinholeState | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const p = this.list[i]!;
      if (p.kind !== 'transmit' || p.closed || !p.media.station.ownsAddress(src)) continue;
      if (dstPort === p.to.port || (kind === 'rtcp' && dstPort === p.to.port + 1)) return p;
    }
    return undefined;
  }

  private candidates(kind: 'rtp' | 'rtcp', src: string, dst: string, dstPort: number): PinholeState[] {
    const out: PinholeState[] = [];
    for (const p of this.nearTo(kind, dst, dstPort)) if (p.matches(kind, src, dst, dstPort)) out.push(p);
    return out;
  }

  /** The pinholes registered at this destination (and the port below, for RTCP), sorted by opening; cached. */
  private nearTo(kind: 'rtp' | 'rtcp', dst: string, dstPort: number): PinholeState[] {
    let entries = this.near.get(dstPort);
    const hit = entries?.find((e) => e.kind === kind && e.dst === dst);
    if (hit) return hit.list;
    const keys = kind === 'rtcp' ? [`${dst}:${dstPort}`, `${dst}:${dstPort - 1}`] : [`${dst}:${dstPort}`];
    const list: PinholeState[] = [];
    for (const key of keys) for (const p of this.byAddress.get(key) ?? []) if (!list.includes(p)) list.push(p);
    list.sort((a, b) => a.opened.frame - b.opened.frame);
    if (!entries) this.near.set(dstPort, (entries = []));
    entries.push({ kind, dst, list });
    return list;
  }

  private owner(p: PinholeState): object {
    return p.media.leg ?? p.media;
  }

  private touch(p: PinholeState, t: number): void {
    const owner = this.owner(p);
    this.activity.set(owner, Math.max(this.activity.get(owner) ?? t, t));
  }

  private expire(p: PinholeState, t: number): void {
    if (p.closed) return;
    const last = this.activity.get(this.owner(p)) ?? p.opened.t;
    if (t - last > this.timeoutSeconds) p.closed = { frame: null, t: round6(last + this.timeoutSeconds), message: null, reason: 'inactive-media' };
  }
}
