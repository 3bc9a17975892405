/**
 * The Calls tree as pure data, from the calls document (`sccp-dissect calls`): calls -> legs -> media legs (the
 * negotiated endpoints, then the RTP and RTCP streams observed for them), the pinholes an ALG would open for the
 * call, and the call's findings. Nodes are paths of indexes into the document, so children are made on demand.
 */
import type { CallDoc, CallsDocument, LegDoc, MediaLegDoc, MessageRef, PinholeDoc } from '../../core/analysis/document';
import { printable } from '../../core/export/message-text';
import { escapeMarkdown } from '../../core/sccp/catalog-card';
import type { ItemText } from './message-nodes';

export type CallTreeNode =
  | { readonly kind: 'call'; readonly call: number }
  | { readonly kind: 'leg'; readonly call: number; readonly leg: number }
  | { readonly kind: 'media'; readonly call: number; readonly leg: number; readonly media: number }
  /** One line of detail under a media leg: endpoint, source, ack, close; or one RTP/RTCP stream. */
  | { readonly kind: 'mediaItem'; readonly call: number; readonly leg: number; readonly media: number; readonly item: number }
  | { readonly kind: 'pinholes'; readonly call: number }
  | { readonly kind: 'pinhole'; readonly call: number; readonly pinhole: number }
  | { readonly kind: 'findings'; readonly call: number }
  | { readonly kind: 'finding'; readonly call: number; readonly finding: number };

/** Where a node points in the capture: the message (frame + name) to select when it is chosen. */
export interface CallTarget {
  frame: number;
  /** The message name at that frame (absent for RTP, whose frame carries no SCCP). */
  message?: string;
  /** The station whose connection carries it. */
  station?: string;
}

export interface CallItem extends ItemText {
  target?: CallTarget;
}

export function callRoots(doc: CallsDocument | undefined): CallTreeNode[] {
  return doc ? doc.calls.map((_, call) => ({ kind: 'call', call })) : [];
}

/** The pinholes (indexes into alg.pinholes) that belong to a call. */
export function callPinholes(doc: CallsDocument, call: number): number[] {
  const id = doc.calls[call]?.id;
  const out: number[] = [];
  doc.alg.pinholes.forEach((p, i) => {
    if (id !== undefined && p.call === id) out.push(i);
  });
  return out;
}

interface MediaLine {
  label: string;
  description: string;
  target?: CallTarget;
  icon: string;
  tooltip: string;
}

function ep(e: { ip: string; port: number } | null): string {
  if (!e) return '?';
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

function refText(r: MessageRef | null): string {
  return r ? `${r.message}, frame ${r.frame}` : 'none';
}

/** The detail lines under a media leg, in a fixed order (their positions are the nodes' `item`). */
export function mediaLines(media: MediaLegDoc, station: string): MediaLine[] {
  const lines: MediaLine[] = [];
  const target = (r: MessageRef | null): CallTarget | undefined => (r ? { frame: r.frame, message: r.message, station } : undefined);
  if (media.request) lines.push({ label: `Requested by ${media.request.message}`, description: `frame ${media.request.frame}`, target: target(media.request), icon: 'arrow-right', tooltip: `The message that set the channel up: ${media.request.message}, frame ${media.request.frame}` });
  const where = media.direction === 'receive' ? 'Receives at' : 'Sends to';
  lines.push({
    label: `${where} ${ep(media.endpoint)}`,
    description: media.endpointMessage ? `${media.endpointMessage.message}, frame ${media.endpointMessage.frame}` : 'not negotiated',
    target: target(media.endpointMessage),
    icon: 'shield',
    tooltip: `Negotiated endpoint: ${ep(media.endpoint)} (from ${refText(media.endpointMessage)}). An SCCP ALG opens a pinhole for it.`,
  });
  if (media.source) {
    const what = media.direction === 'receive' ? 'Expects media from' : 'Sends from';
    lines.push({ label: `${what} ${ep(media.source)}`, description: '', icon: 'arrow-left', tooltip: `${what} ${ep(media.source)}` });
  }
  if (media.acknowledged) {
    const status = media.status ? `: ${media.status.name}` : '';
    lines.push({ label: `Acknowledged${status}`, description: `${media.acknowledged.message}, frame ${media.acknowledged.frame}`, target: target(media.acknowledged), icon: 'check', tooltip: `${media.acknowledged.message}, frame ${media.acknowledged.frame}${status}` });
  }
  if (media.closed) {
    const c = media.closed;
    lines.push({ label: `Closed (${c.reason})`, description: c.frame !== null ? `${c.message ?? ''}, frame ${c.frame}` : `at ${c.t} s`, target: c.frame !== null && c.message ? { frame: c.frame, message: c.message, station } : undefined, icon: 'close', tooltip: `Closed: ${c.reason}${c.message ? ` by ${c.message}` : ''}${c.frame !== null ? `, frame ${c.frame}` : ''}, at ${c.t} s` });
  }
  if (media.encryption) lines.push({ label: `SRTP ${media.encryption.algorithmID.name}`, description: `key ${media.encryption.keylen} bytes, salt ${media.encryption.saltlen} bytes`, icon: 'lock', tooltip: 'The SRTP key travels in this SCCP message (in clear unless the signalling uses TLS).' });
  for (const r of media.rtp) {
    const pt = r.payloadTypes.map((p) => p.name ?? `PT ${p.payloadType}`).join(', ') || `PT ${r.payloadType}`;
    lines.push({
      label: `RTP ${r.src}:${r.srcPort} → ${r.dst}:${r.dstPort}`,
      description: `${r.packets} packets · ${pt} · lost ${r.lost}${r.jitterMs !== null ? ` · jitter ${r.jitterMs} ms` : ''}`,
      target: { frame: r.first.frame },
      icon: 'pulse',
      tooltip: `Observed RTP stream ${r.id} (SSRC ${r.ssrc}), matched by ${r.matchedBy}: ${r.packets} packets, ${r.bytes} bytes, frames ${r.first.frame}–${r.last.frame}; ${r.insidePinholes} inside pinholes, ${r.outsidePinholes} outside`,
    });
  }
  for (const r of media.rtcp) {
    lines.push({ label: `RTCP ${r.src}:${r.srcPort} → ${r.dst}:${r.dstPort}`, description: `${r.packets} packets`, target: { frame: r.first.frame }, icon: 'graph-line', tooltip: `Observed RTCP stream ${r.id}, matched by ${r.matchedBy}: ${r.packets} packets` });
  }
  if (media.rtp.length === 0) lines.push({ label: 'No RTP observed', description: '', icon: 'circle-slash', tooltip: 'No RTP stream in the capture matched this media leg.' });
  return lines;
}

export function callChildren(node: CallTreeNode | undefined, doc: CallsDocument | undefined): CallTreeNode[] {
  if (!doc) return [];
  if (!node) return callRoots(doc);
  switch (node.kind) {
    case 'call': {
      const call = doc.calls[node.call];
      if (!call) return [];
      const out: CallTreeNode[] = call.legs.map((_, leg) => ({ kind: 'leg', call: node.call, leg }));
      if (callPinholes(doc, node.call).length) out.push({ kind: 'pinholes', call: node.call });
      if (call.problems.length) out.push({ kind: 'findings', call: node.call });
      return out;
    }
    case 'leg':
      return (doc.calls[node.call]?.legs[node.leg]?.media ?? []).map((_, media) => ({ kind: 'media', call: node.call, leg: node.leg, media }));
    case 'media': {
      const leg = doc.calls[node.call]?.legs[node.leg];
      const media = leg?.media[node.media];
      return media && leg ? mediaLines(media, leg.station).map((_, item) => ({ ...node, kind: 'mediaItem', item })) : [];
    }
    case 'pinholes':
      return callPinholes(doc, node.call).map((pinhole) => ({ kind: 'pinhole', call: node.call, pinhole }));
    case 'findings':
      return (doc.calls[node.call]?.problems ?? []).map((_, finding) => ({ kind: 'finding', call: node.call, finding }));
    default:
      return [];
  }
}

export function callParent(node: CallTreeNode): CallTreeNode | undefined {
  switch (node.kind) {
    case 'call':
      return undefined;
    case 'leg':
    case 'pinholes':
    case 'findings':
      return { kind: 'call', call: node.call };
    case 'media':
      return { kind: 'leg', call: node.call, leg: node.leg };
    case 'mediaItem':
      return { kind: 'media', call: node.call, leg: node.leg, media: node.media };
    case 'pinhole':
      return { kind: 'pinholes', call: node.call };
    case 'finding':
      return { kind: 'findings', call: node.call };
  }
}

/** Stable ids from the document's own ids (C1, C1/leg0, M3, P2 ...). */
export function callNodeId(node: CallTreeNode, doc: CallsDocument): string {
  const call = doc.calls[node.call];
  const c = call?.id ?? `#${node.call}`;
  switch (node.kind) {
    case 'call':
      return `call:${c}`;
    case 'leg':
      return `call:${c}/leg:${node.leg}`;
    case 'media':
      return `call:${c}/leg:${node.leg}/media:${call?.legs[node.leg]?.media[node.media]?.id ?? node.media}`;
    case 'mediaItem':
      return `call:${c}/leg:${node.leg}/media:${call?.legs[node.leg]?.media[node.media]?.id ?? node.media}/${node.item}`;
    case 'pinholes':
      return `call:${c}/pinholes`;
    case 'pinhole':
      return `call:${c}/pinhole:${doc.alg.pinholes[node.pinhole]?.id ?? node.pinhole}`;
    case 'findings':
      return `call:${c}/findings`;
    case 'finding':
      return `call:${c}/finding:${node.finding}`;
  }
}

function party(num: string | null, name: string | null): string {
  const s = [num, name].filter(Boolean).join(' ');
  return s ? printable(s) : '?';
}

function callItem(call: CallDoc, id: string, doc: CallsDocument, index: number): CallItem {
  const label = `${call.id}: ${party(call.callingParty, call.callingPartyName)} → ${party(call.calledParty, call.calledPartyName)}`;
  const dur = call.durationSeconds !== null ? ` · ${call.durationSeconds.toFixed(1)} s` : '';
  const description = `${call.endReason} · ${call.legs.length} leg${call.legs.length === 1 ? '' : 's'}${dur}${call.problems.length ? ` · ${call.problems.length} finding${call.problems.length === 1 ? '' : 's'}` : ''}`;
  const tip = [
    `**${escapeMarkdown(label)}**`,
    '',
    `Started ${escapeMarkdown(call.start.time)} (frame ${call.start.frame})${call.answer ? `, answered at frame ${call.answer.frame}` : ', not answered'}${call.end ? `, ended at frame ${call.end.frame}` : ''}`,
    '',
    `End: ${call.endReason}${call.talkSeconds !== null ? `, talk ${call.talkSeconds} s` : ''}; tied by ${call.tiedBy.join(', ') || 'one leg only'}; ${callPinholes(doc, index).length} pinholes`,
  ];
  return { id, label, description, tooltip: tip.join('\n'), ariaLabel: `Call ${label}, ${description}`, expandable: true, contextValue: 'sccpCall', icon: call.problems.length ? 'warning' : 'call-outgoing', target: { frame: call.start.frame } };
}

function legItem(leg: LegDoc, id: string): CallItem {
  const label = `${printable(leg.stationName)} (${leg.station})`;
  const role = leg.callType?.name ?? '';
  const description = [role, `ref ${leg.callReference}`, leg.endReason, `${leg.messages} messages`].filter(Boolean).join(' · ');
  const tip = [
    `**${escapeMarkdown(label)}**, call reference ${leg.callReference}${leg.lineInstance !== null ? `, line ${leg.lineInstance}` : ''}`,
    '',
    `Calling ${escapeMarkdown(party(leg.callingParty, leg.callingPartyName))}, called ${escapeMarkdown(party(leg.calledParty, leg.calledPartyName))}${leg.dialedNumber ? `, dialed ${escapeMarkdown(leg.dialedNumber)}` : ''}`,
    '',
    `States: ${escapeMarkdown(leg.states.map((s) => `${s.name} (frame ${s.frame})`).join(' → ') || 'none')}`,
  ];
  return { id, label, description, tooltip: tip.join('\n'), ariaLabel: `Leg ${label}, ${description}`, expandable: leg.media.length > 0, contextValue: 'sccpLeg', icon: 'device-mobile', target: { frame: leg.start.frame, station: leg.station } };
}

function mediaItem(m: MediaLegDoc, id: string, station: string): CallItem {
  const codec = m.compressionType ? m.compressionType.name.replace(/^Media_Payload_/, '') : '';
  const label = `${m.id} ${m.direction} ${ep(m.endpoint)}`;
  const description = [m.kind, codec, m.milliSecondPacketSize ? `${m.milliSecondPacketSize} ms` : '', `${m.rtp.length} RTP stream${m.rtp.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
  const tip = `**Media leg ${m.id}** (${m.direction}, ${m.kind}), pass-through party ${m.passThroughPartyId ?? '?'}\n\nNegotiated endpoint ${ep(m.endpoint)}; pinholes ${m.pinholes.join(', ') || 'none'}`;
  return { id, label, description, tooltip: tip, ariaLabel: `Media leg ${label}, ${description}`, expandable: true, contextValue: 'sccpMedia', icon: m.direction === 'receive' ? 'arrow-down' : 'arrow-up', target: m.request ? { frame: m.request.frame, message: m.request.message, station } : undefined };
}

function pinholeItem(p: PinholeDoc, id: string, station: string): CallItem {
  const label = `${p.id} ${p.kind} ${ep(p.to)}`;
  const from = p.fromIp ? `from ${p.fromIp}` : 'from any';
  const description = `${from} · RTCP ${p.rtcpPort} · ${p.rtpPackets} RTP / ${p.rtcpPackets} RTCP packets${p.closed ? ` · closed (${p.closed.reason})` : ' · open at end'}`;
  const tip = `**Pinhole ${p.id}**: ${p.kind} to ${ep(p.to)} (RTCP port ${p.rtcpPort}), ${from}${p.translatedTo ? `; NAT would rewrite to ${ep(p.translatedTo)}` : ''}\n\nOpened by ${p.opened.message} (frame ${p.opened.frame})${p.closed ? `; closed: ${p.closed.reason}${p.closed.frame !== null ? ` at frame ${p.closed.frame}` : ''}` : '; still open when the capture ends'}`;
  return { id, label, description, tooltip: tip, ariaLabel: `Pinhole ${label}, ${description}`, expandable: false, contextValue: 'sccpPinhole', icon: 'unlock', target: { frame: p.opened.frame, message: p.opened.message, station } };
}

export function callItemText(node: CallTreeNode, doc: CallsDocument): CallItem {
  const id = callNodeId(node, doc);
  const call = doc.calls[node.call];
  const gone: CallItem = { id, label: '(gone)', description: '', tooltip: '', ariaLabel: 'no longer available', expandable: false, contextValue: 'sccpGone', icon: 'circle-slash' };
  if (!call) return gone;
  switch (node.kind) {
    case 'call':
      return callItem(call, id, doc, node.call);
    case 'leg': {
      const leg = call.legs[node.leg];
      return leg ? legItem(leg, id) : gone;
    }
    case 'media': {
      const leg = call.legs[node.leg];
      const m = leg?.media[node.media];
      return leg && m ? mediaItem(m, id, leg.station) : gone;
    }
    case 'mediaItem': {
      const leg = call.legs[node.leg];
      const m = leg?.media[node.media];
      const line = leg && m ? mediaLines(m, leg.station)[node.item] : undefined;
      if (!line) return gone;
      return { id, label: line.label, description: line.description, tooltip: escapeMarkdown(line.tooltip), ariaLabel: `${line.label}, ${line.description}`, expandable: false, contextValue: 'sccpMediaDetail', icon: line.icon, target: line.target };
    }
    case 'pinholes': {
      const n = callPinholes(doc, node.call).length;
      return { id, label: 'Pinholes', description: `${n}`, tooltip: 'The media pinholes an SCCP ALG would open for this call', ariaLabel: `Pinholes, ${n}`, expandable: n > 0, contextValue: 'sccpPinholes', icon: 'shield' };
    }
    case 'pinhole': {
      const p = doc.alg.pinholes[node.pinhole];
      return p ? pinholeItem(p, id, p.station) : gone;
    }
    case 'findings':
      return { id, label: 'Findings', description: `${call.problems.length}`, tooltip: 'What looks wrong with this call', ariaLabel: `Findings, ${call.problems.length}`, expandable: call.problems.length > 0, contextValue: 'sccpFindings', icon: 'warning' };
    case 'finding': {
      const f = call.problems[node.finding];
      if (!f) return gone;
      return { id, label: printable(f.text), description: `${f.code} · ${f.message}, frame ${f.frame}`, tooltip: escapeMarkdown(`${f.code}: ${f.text} (${f.message}, frame ${f.frame})`), ariaLabel: `Finding ${f.code}: ${printable(f.text)}`, expandable: false, contextValue: 'sccpFinding', icon: 'warning', target: { frame: f.frame, message: f.message } };
    }
  }
}

/**
 * The message a target names: the message with that name at that frame (on the station's connection when given),
 * else the first message at or after the frame. Returns an index into `messages`, or undefined.
 */
export function findTargetMessage(messages: readonly { frame: number; name: string; stream: number }[], doc: CallsDocument, target: CallTarget): number | undefined {
  const stream = target.station !== undefined ? doc.stations.find((s) => s.id === target.station)?.stream : undefined;
  let best: number | undefined;
  let bestFrame = Infinity;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.frame === target.frame && (target.message === undefined || m.name === target.message) && (stream === undefined || m.stream === stream)) return i;
    if (m.frame >= target.frame && m.frame < bestFrame && (stream === undefined || m.stream === stream)) {
      best = i;
      bestFrame = m.frame;
    }
  }
  return best;
}
