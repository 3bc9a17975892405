/**
 * Captured packets -> SCCP messages, with the project's own layers (IP, TCP reassembly, message framing, catalog
 * decoding), for comparing what a hex dump yields with tshark's decode of the capture it was made from.
 */
import type { CapturedPacket } from '../../../src/core/capture/types';
import { PacketDecoder, TcpStreamTable, type StreamEndpoints } from '../../../src/core/net';
import { decodeMessage } from '../../../src/core/sccp/decode';
import { MessageFramer } from '../../../src/core/sccp/framer';

export interface PipelineMessage {
  frame: number;
  id: number;
  name: string;
  bytes: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
}

export function sccpMessages(packets: readonly CapturedPacket[], port = 2000): PipelineMessage[] {
  const out: PipelineMessage[] = [];
  const framers = new Map<string, MessageFramer>();
  const framer = (s: StreamEndpoints, dir: 0 | 1): MessageFramer => {
    const key = `${s.index}/${dir}`;
    let f = framers.get(key);
    if (!f) {
      const fromClient = dir === 0;
      f = new MessageFramer(
        {
          message: (m) => {
            const body = decodeMessage(m.bytes);
            out.push({
              frame: m.frames[m.frames.length - 1]!,
              id: body.id,
              name: body.name,
              bytes: Buffer.from(m.bytes).toString('hex'),
              src: fromClient ? s.clientAddr : s.serverAddr,
              srcPort: fromClient ? s.clientPort : s.serverPort,
              dst: fromClient ? s.serverAddr : s.clientAddr,
              dstPort: fromClient ? s.serverPort : s.clientPort,
            });
          },
          problem: () => {},
        },
        { startsAtConnectionStart: s.handshakeSeen },
      );
      framers.set(key, f);
    }
    return f;
  };
  const table = new TcpStreamTable({
    open: () => {},
    data: (s, dir, bytes, offset, frame) => framer(s, dir).data(bytes, offset, frame),
    gap: (s, dir, from, to, frame) => framer(s, dir).gap(from, to, frame),
    close: (s, dir, _how, frame) => framer(s, dir).end(frame),
    problem: () => {},
  });
  const decoder = new PacketDecoder(() => {});
  let last = 0;
  for (const p of packets) {
    last = p.frame;
    const net = decoder.decode(p);
    if (net?.tcp && (net.tcp.srcPort === port || net.tcp.dstPort === port)) table.push(net);
  }
  table.finish();
  for (const f of framers.values()) f.end(last);
  return out.sort((a, b) => a.frame - b.frame);
}
