import type { FieldNode, SccpMessage } from '../sccp/message';

/** The JSON shape of one decoded message, as `sccp-dissect decode --format ndjson` prints it. */
export interface MessageJson {
  frame: number;
  time: string;
  stream: number;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  direction: string;
  headerVersion: number;
  id: number;
  idHex: string;
  name: string;
  length: number;
  fields: FieldNode[];
  media: SccpMessage['media'];
  problems: SccpMessage['problems'];
  /** Present only when the message came from more than one frame. */
  frames?: number[];
  /** Present (true) only when the message was read from the plaintext of a NULL-cipher TLS session. */
  tls?: true;
}

/** Key order is fixed so that output diffs cleanly. */
export function messageToJson(m: SccpMessage): MessageJson {
  const out: MessageJson = {
    frame: m.frame,
    time: m.time,
    stream: m.stream,
    src: m.src,
    srcPort: m.srcPort,
    dst: m.dst,
    dstPort: m.dstPort,
    direction: m.direction,
    headerVersion: m.headerVersion,
    id: m.id,
    idHex: m.idHex,
    name: m.name,
    length: m.length,
    fields: m.fields.slice(3), // the header fields are already the top-level length/headerVersion/id
    media: m.media,
    problems: m.problems,
  };
  if (m.frames.length > 1) out.frames = m.frames;
  if (m.tls) out.tls = true;
  return out;
}
