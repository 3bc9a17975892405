/**
 * A whole captured TCP connection on port 2443 carrying a TLS 1.2 TLS_RSA_WITH_NULL_SHA session with real SCCP
 * messages inside (stream 1 of skinny-call-rtp.pcap): Ethernet/IPv4/TCP frames with the handshake, then both
 * directions' application data. Deterministic, so the same frames can be written to a pcap and given to tshark.
 */
import type { CapturedPacket } from '../../../src/core/capture/types';
import { tcpFrame } from '../../helpers/frames';
import { concat, nullCipherSession, nullShaRecords, realSccp } from './tls-bytes';

export const STATION = { ip: '10.1.1.50', port: 51234 };
export const CALL_MANAGER = { ip: '10.1.1.10', port: 2443 };

export interface NullCaptureOptions {
  /** Plaintext bytes per record, cycled (records cut SCCP messages anywhere); 'whole' puts one SCCP message per record. */
  records: number[] | 'whole';
  /** TCP payload sizes, cycled. */
  segments: number[];
  /** Leave out the SYN handshake and the TLS handshake: the capture starts mid-session. */
  midSession?: boolean;
  /** The CallManager's TCP port (default 2443). */
  port?: number;
}

export function nullCipherCapture(o: NullCaptureOptions): CapturedPacket[] {
  const session = nullCipherSession(o.records === 'whole' ? { client: [1], server: [1] } : { client: o.records, server: o.records });
  const sccp = realSccp();
  const oneEach = (msgs: Uint8Array[]) => concat(msgs.flatMap((m, i) => nullShaRecords(m, [m.length], i + 1)));
  const app: [Uint8Array, Uint8Array] =
    o.records === 'whole' ? [oneEach(sccp.toCallManager), oneEach(sccp.fromCallManager)] : [session.clientApp, session.serverApp];

  const packets: CapturedPacket[] = [];
  const ends = [STATION, { ip: CALL_MANAGER.ip, port: o.port ?? CALL_MANAGER.port }];
  const seq = [0x1000_0000, 0x7000_0000];
  const send = (dir: 0 | 1, payload: Uint8Array, flags: string) => {
    const frame = packets.length + 1;
    packets.push(
      tcpFrame({
        src: ends[dir]!.ip,
        dst: ends[1 - dir]!.ip,
        srcPort: ends[dir]!.port,
        dstPort: ends[1 - dir]!.port,
        seq: seq[dir]!,
        ...(flags === 'S' ? {} : { ack: seq[1 - dir]! }),
        flags,
        payload,
        frame,
        tsSec: 1_700_000_000 + frame,
      }),
    );
    seq[dir] = (seq[dir]! + payload.length + (flags.includes('S') ? 1 : 0)) >>> 0;
  };
  let n = 0;
  const cut = () => o.segments[n++ % o.segments.length]!;
  if (!o.midSession) {
    send(0, new Uint8Array(0), 'S');
    send(1, new Uint8Array(0), 'SA');
    send(0, new Uint8Array(0), 'A');
    for (const [dir, bytes] of session.flights) {
      for (let at = 0; at < bytes.length; ) {
        const size = cut();
        send(dir, bytes.subarray(at, at + size), 'PA');
        at += size;
      }
    }
  }
  const at = [0, 0];
  while (at[0]! < app[0].length || at[1]! < app[1].length) {
    for (const dir of [0, 1] as const) {
      if (at[dir]! >= app[dir].length) continue;
      const size = cut();
      send(dir, app[dir].subarray(at[dir], at[dir]! + size), 'PA');
      at[dir]! += size;
    }
  }
  return packets;
}
