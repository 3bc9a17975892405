/**
 * The timestamps of recent frames that carried SCCP bytes, for the messages they complete: a message's time is that
 * of its last frame, which is the frame being read or one whose segment waited for a missing one.
 *
 * Fixed arrays indexed by frame number modulo their size, allocated once: nothing per frame for the collector to
 * promote and free later (a map of small arrays here grew the heap with the capture's length). A frame is found
 * while fewer than RECENT_FRAMES frames have been read since it.
 */
export const RECENT_FRAMES = 65536;

export interface FrameTime {
  tsSec: number;
  tsNsec: number;
  tsDigits: number;
}

export class FrameTimes {
  private readonly frames = new Float64Array(RECENT_FRAMES).fill(-1);
  private readonly sec = new Float64Array(RECENT_FRAMES);
  private readonly nsec = new Uint32Array(RECENT_FRAMES);
  private readonly digits = new Uint8Array(RECENT_FRAMES);

  remember(frame: number, t: FrameTime): void {
    const i = frame % RECENT_FRAMES;
    this.frames[i] = frame;
    this.sec[i] = t.tsSec;
    this.nsec[i] = t.tsNsec;
    this.digits[i] = t.tsDigits;
  }

  /** The frame's time, or undefined when it was not remembered or is too long ago. */
  get(frame: number): FrameTime | undefined {
    const i = frame % RECENT_FRAMES;
    if (this.frames[i] !== frame) return undefined;
    return { tsSec: this.sec[i]!, tsNsec: this.nsec[i]!, tsDigits: this.digits[i]! };
  }
}
