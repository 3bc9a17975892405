/**
 * Captures built packet by packet: stations with their TCP connection to the CallManager (handshake included),
 * SCCP messages in segments (several per segment, or one message cut across segments), RTP and RTCP datagrams.
 * The result goes through the real pipeline: a classic pcap file, read by the capture reader, framed and decoded
 * by the session, analysed by the call analyzer.
 */
import type { CapturedPacket } from '../../../src/core/capture/types';
import type { CallsDocument } from '../../../src/core/analysis/document';
import type { AnalyzerOptions } from '../../../src/core/analysis/options';
import { analyzeCaptureBytes } from '../../../src/core/export/calls-json';
import { captured, concat, ethernet, ipv4, pcapFile, PROTO_UDP, tcpFrame, udp } from '../../helpers/frames';

export const CALL_MANAGER = '10.0.0.1';
const BASE_SEC = 1_700_000_000;

interface Connection {
  ip: string;
  port: number;
  seq: [number, number];
}

export class CaptureBuilder {
  private readonly packets: CapturedPacket[] = [];
  private readonly connections: Connection[] = [];
  /** Milliseconds since the start of the capture: the time of the next packet (packets do not advance it). */
  now = 0;
  /** When set, how every send is cut into TCP segments (sizes; the rest goes in a last segment). */
  cut: ((length: number) => number[]) | undefined;

  /** Opens a station's TCP connection to the CallManager (port 2000): SYN, SYN-ACK, ACK. */
  station(ip: string, port = 50000 + this.connections.length): number {
    const c: Connection = { ip, port, seq: [1000, 90000] };
    this.connections.push(c);
    this.tcp(c, 0, new Uint8Array(0), 'S');
    c.seq[0]++;
    this.tcp(c, 1, new Uint8Array(0), 'SA');
    c.seq[1]++;
    this.tcp(c, 0, new Uint8Array(0), 'A');
    return this.connections.length - 1;
  }

  /** Messages from the station (`toCallManager`) or to it, in one segment, or cut into segments of these sizes. */
  send(station: number, toCallManager: boolean, messages: Uint8Array[], segmentSizes?: number[]): this {
    const c = this.connections[station]!;
    const dir = toCallManager ? 0 : 1;
    const all = concat(...messages);
    const sizes = (segmentSizes ?? this.cut?.(all.length) ?? [all.length]).filter((n) => n > 0);
    let at = 0;
    for (let i = 0; at < all.length; i++) {
      const size = i < sizes.length ? sizes[i]! : all.length - at;
      const part = all.subarray(at, at + size);
      this.tcp(c, dir, part, 'PA');
      c.seq[dir] += part.length;
      at += size;
    }
    return this;
  }

  fromStation(station: number, ...messages: Uint8Array[]): this {
    return this.send(station, true, messages);
  }

  toStation(station: number, ...messages: Uint8Array[]): this {
    return this.send(station, false, messages);
  }

  udp(src: string, srcPort: number, dst: string, dstPort: number, payload: Uint8Array): this {
    const ip = ipv4({ src, dst, protocol: PROTO_UDP, payload: udp({ srcPort, dstPort, payload }) });
    this.push(ethernet(ip));
    return this;
  }

  /** Advances the clock. */
  wait(ms: number): this {
    this.now += ms;
    return this;
  }

  build(): CapturedPacket[] {
    return this.packets;
  }

  analyze(opts: AnalyzerOptions = {}): CallsDocument {
    return analyzeCaptureBytes(pcapFile(this.packets), 'built.pcap', { analyzer: opts });
  }

  private tcp(c: Connection, dir: 0 | 1, payload: Uint8Array, flags: string): void {
    const fromStation = dir === 0;
    const p = tcpFrame({
      src: fromStation ? c.ip : CALL_MANAGER,
      dst: fromStation ? CALL_MANAGER : c.ip,
      srcPort: fromStation ? c.port : 2000,
      dstPort: fromStation ? 2000 : c.port,
      seq: c.seq[dir],
      ack: flags === 'S' ? undefined : c.seq[1 - dir],
      flags,
      payload,
    });
    this.push(p.data);
  }

  private push(data: Uint8Array): void {
    const ms = this.now;
    this.packets.push(captured(data, { frame: this.packets.length + 1, tsSec: BASE_SEC + Math.floor(ms / 1000), tsNsec: Math.round((ms % 1000) * 1e3) * 1e3 }));
  }
}
