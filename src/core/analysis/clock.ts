/** Times in the document: seconds since the capture's first packet, rounded so output is stable and diffable. */
import { formatTime } from '../time';
import type { At, TimeRef } from './document';

export class CaptureClock {
  private baseSec: number | undefined;
  private baseNsec = 0;
  private lastSec = 0;
  private lastNsec = 0;
  digits = 6;
  packets = 0;

  /** Every packet of the capture, in file order (gives the packet count, time span and the origin of `t`). */
  packet(sec: number, nsec: number, digits: number): void {
    this.packets++;
    if (this.baseSec === undefined) this.digits = digits;
    this.observe(sec, nsec);
  }

  /** Seconds since the origin (the first time seen), to the microsecond. */
  t(sec: number, nsec: number): number {
    this.observe(sec, nsec);
    return round6(sec - this.baseSec! + (nsec - this.baseNsec) / 1e9);
  }

  at(frame: number, sec: number, nsec: number): At {
    return { frame, t: this.t(sec, nsec) };
  }

  timeRef(frame: number, sec: number, nsec: number): TimeRef {
    return { frame, t: this.t(sec, nsec), time: formatTime(sec, nsec, this.digits) };
  }

  /** Seconds from the origin to the latest time seen. */
  get end(): number {
    return this.baseSec === undefined ? 0 : round6(this.lastSec - this.baseSec + (this.lastNsec - this.baseNsec) / 1e9);
  }

  get firstTime(): string | null {
    return this.baseSec === undefined ? null : formatTime(this.baseSec, this.baseNsec, this.digits);
  }

  get lastTime(): string | null {
    return this.baseSec === undefined ? null : formatTime(this.lastSec, this.lastNsec, this.digits);
  }

  private observe(sec: number, nsec: number): void {
    if (this.baseSec === undefined) {
      this.baseSec = this.lastSec = sec;
      this.baseNsec = this.lastNsec = nsec;
    } else if (sec > this.lastSec || (sec === this.lastSec && nsec > this.lastNsec)) {
      this.lastSec = sec;
      this.lastNsec = nsec;
    }
  }
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function round3(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}
