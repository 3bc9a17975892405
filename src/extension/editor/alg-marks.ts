/**
 * Which fields of a message a firewall's SCCP ALG acts on (media addresses and ports), and what it opens for them.
 * The catalog's media specs name the fields; the message's `media` says which were actually present. Pure.
 */
import { messageById } from '../../core/sccp/catalog';
import type { MediaRole } from '../../core/sccp/catalog/types';
import type { FieldNode, MediaEndpoint, SccpMessage } from '../../core/sccp/message';
import { endpointText } from './rows';

export interface AlgMark {
  /** Indexes from the message's fields down through children. */
  path: number[];
  role: MediaRole;
  tooltip: string;
}

/** Path of the first field with this name, depth-first (the same field the decoder took the media value from). */
export function findFieldPath(nodes: readonly FieldNode[], name: string): number[] | undefined {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.name === name) return [i];
    if (n.children) {
      const sub = findFieldPath(n.children, name);
      if (sub) return [i, ...sub];
    }
  }
  return undefined;
}

export function algMarks(m: Pick<SccpMessage, 'id' | 'fields' | 'media'>): AlgMark[] {
  const specs = messageById(m.id)?.media ?? [];
  const out: AlgMark[] = [];
  for (const spec of specs) {
    const ep = m.media.find((e) => e.role === spec.role);
    if (!ep) continue;
    const tooltip = algTooltip(ep);
    for (const name of spec.ip ? [spec.ip, spec.port] : [spec.port]) {
      const path = findFieldPath(m.fields, name);
      if (path && !out.some((o) => samePath(o.path, path))) out.push({ path, role: spec.role, tooltip });
    }
  }
  return out;
}

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** One or two sentences: what the address is, and what an SCCP ALG does with it. */
export function algTooltip(ep: MediaEndpoint): string {
  const at = ep.ip !== undefined ? endpointText(ep.ip, ep.port) : `port ${ep.port}`;
  const rtcp = ep.port + 1;
  switch (ep.role) {
    case 'receive':
      return `Media receive address ${at}: the station receives RTP here. An SCCP ALG opens a UDP pinhole to ${at} (RTCP to port ${rtcp}) for the far end's media, and rewrites the address if NAT applies.`;
    case 'send-to':
      return `Media destination ${at}: the CallManager tells the station to send RTP here. An SCCP ALG opens a UDP pinhole from the station to ${at} (RTCP to port ${rtcp}).`;
    case 'multicast-receive':
      return `Multicast group ${at}: the station joins it to receive RTP. A firewall must pass multicast to ${at}; an SCCP ALG opens no unicast pinhole for it.`;
    case 'multicast-send-to':
      return `Multicast group ${at}: the station is told to send RTP to it. A firewall must pass the station's multicast to ${at}.`;
    case 'station-rtp':
      return `The station's own RTP port (${at}). An SCCP ALG notes it; media to it is expected only through a pinhole opened by a receive address.`;
    case 'source':
      return `Source address ${at} named in a request. An SCCP ALG opens nothing for it; the pinhole follows the station's answer.`;
    case 'station-address':
      return `The station's signalling address ${at} as it says it in registration. A NAT firewall's ALG rewrites it to the translated address.`;
    case 'transmit':
      return `Address ${at} the station says it sends RTP from. An SCCP ALG checks media against it and rewrites it if NAT applies.`;
    case 'remote':
      return `The far end ${at} of a stream the message only refers to. An SCCP ALG opens nothing for it.`;
  }
}
