/**
 * Where generated frames go: a frame builder over one reusable buffer, and the capture writer. Timestamps never go
 * backwards (a frame is stamped no earlier than the one before it), as in a real capture.
 */
import type { CaptureWriter } from './capture-writer';
import { FrameBuilder, UDP_PAYLOAD_OFFSET, type Host } from './frames';

export class Emitter {
  /** Scratch buffer every frame is built in (largest frame: 1514 bytes). */
  readonly buf = Buffer.alloc(2048);
  private readonly frames: FrameBuilder;
  private last = 0;

  constructor(
    readonly writer: CaptureWriter,
    checksums: boolean,
  ) {
    this.frames = new FrameBuilder(checksums);
  }

  private stamp(time: number): number {
    this.last = Math.max(this.last, Math.round(time));
    return this.last;
  }

  tcp(time: number, src: Host, srcPort: number, dst: Host, dstPort: number, seq: number, ack: number, flags: number, payload: Uint8Array): void {
    const len = this.frames.tcp(this.buf, src, srcPort, dst, dstPort, seq, ack, flags, payload);
    this.writer.packet(this.stamp(time), this.buf, len);
  }

  /** The place to write a UDP payload before calling `udp`. */
  get udpPayload(): Buffer {
    return this.buf.subarray(UDP_PAYLOAD_OFFSET);
  }

  udp(time: number, src: Host, srcPort: number, dst: Host, dstPort: number, payloadLength: number): void {
    const len = this.frames.udpInPlace(this.buf, src, srcPort, dst, dstPort, payloadLength);
    this.writer.packet(this.stamp(time), this.buf, len);
  }
}
