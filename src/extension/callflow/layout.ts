/**
 * The call-flow (ladder) diagram of one call as pure data, ready to draw: a column per station and per CallManager
 * (stations split left and right of the CallManager, as in figure 82 of the JUNOS SCCP ALG text; other media
 * endpoints on the far right), and one arrow per
 * SCCP message of the call, top to bottom in capture order, plus one dashed arrow per RTP stream seen for the call.
 * The webview only draws what this says; positions are in SVG user units.
 */
import type { CallDoc, CallsDocument, LegDoc, StationDoc } from '../../core/analysis/document';
import { printable } from '../../core/export/message-text';
import type { SccpMessage } from '../../core/sccp/message';
import type { CallFlowLayout, FlowArrow, FlowColumn } from '../../webview/callflow/protocol';
import { callMessages, type CallMessage } from './call-messages';

export type { CallFlowLayout, FlowArrow, FlowColumn };

export const GEOMETRY = { columnWidth: 240, margin: 140, headerHeight: 70, rowHeight: 36, footer: 30 } as const;

/** Capture text can be any length: labels are clipped to fit their box (the full text stays in the tree's tooltips). */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

function stationLabel(s: StationDoc | undefined, fallback: string, number: string | null): { label: string; detail: string } {
  if (!s) return { label: fallback, detail: '' };
  const name = s.deviceName ? clip(printable(s.deviceName), 26) : `Station ${s.id}`;
  return { label: name, detail: clip(`${s.ip}:${s.port}${number ? ` · ${printable(number)}` : ''}`, 36) };
}

/** The station's own number in a leg: the calling party when it called, else the called party. */
function ownNumber(leg: LegDoc): string | null {
  return leg.callType?.name === 'OutBoundCall' ? leg.callingParty : leg.calledParty;
}

function seconds(m: SccpMessage): number {
  return m.tsSec + m.tsNsec / 1e9;
}

/** The call's title: its ID and parties. */
export function callTitle(call: CallDoc): string {
  const party = (num: string | null, name: string | null) => [num, name].filter(Boolean).join(' ') || '?';
  return `${call.id}: ${clip(printable(party(call.callingParty, call.callingPartyName)), 80)} → ${clip(printable(party(call.calledParty, call.calledPartyName)), 80)}`;
}

export function layoutCallFlow(messages: readonly SccpMessage[], doc: CallsDocument, call: CallDoc, members: readonly CallMessage[] = callMessages(messages, doc, call)): CallFlowLayout {
  const stationsById = new Map(doc.stations.map((s) => [s.id, s]));
  // Stations: the caller's first (left of the CallManager, as Phone1 in figure 82), then in the order their legs
  // appear; CallManagers in the order their stations name them.
  const legs = [...call.legs].sort((a, b) => Number(b.callType?.name === 'OutBoundCall') - Number(a.callType?.name === 'OutBoundCall'));
  const stationIds: string[] = [];
  const numbers = new Map<string, string | null>();
  for (const leg of legs) {
    if (stationIds.includes(leg.station)) continue;
    stationIds.push(leg.station);
    numbers.set(leg.station, ownNumber(leg));
  }
  const cmKeys: string[] = [];
  for (const id of stationIds) {
    const cm = stationsById.get(id)?.callManager;
    const key = cm ? `cm:${cm.ip}:${cm.port}` : 'cm:?';
    if (!cmKeys.includes(key)) cmKeys.push(key);
  }
  const left = stationIds.slice(0, Math.ceil(stationIds.length / 2));
  const right = stationIds.slice(left.length);
  const order: { id: string; kind: FlowColumn['kind']; label: string; detail: string }[] = [];
  for (const id of left) order.push({ id: `station:${id}`, kind: 'station', ...stationLabel(stationsById.get(id), id, numbers.get(id) ?? null) });
  cmKeys.forEach((key, i) => {
    const addr = key.slice(3);
    order.push({ id: key, kind: 'callmanager', label: cmKeys.length > 1 ? `CallManager ${i + 1}` : 'CallManager', detail: addr === '?' ? '' : addr });
  });
  for (const id of right) order.push({ id: `station:${id}`, kind: 'station', ...stationLabel(stationsById.get(id), id, numbers.get(id) ?? null) });
  // RTP to or from an address that is none of the call's stations (a gateway, a recorder): a column of its own.
  const stationIps = new Set(stationIds.map((id) => stationsById.get(id)?.ip));
  for (const rtp of call.legs.flatMap((l) => l.media.flatMap((m) => m.rtp))) {
    for (const ip of [rtp.src, rtp.dst]) {
      if (!stationIps.has(ip) && !order.some((c) => c.id === `media:${ip}`)) order.push({ id: `media:${ip}`, kind: 'media', label: 'Media endpoint', detail: ip });
    }
  }
  const columns: FlowColumn[] = order.map((c, i) => ({ ...c, x: GEOMETRY.margin + i * GEOMETRY.columnWidth }));
  const colIndex = new Map(columns.map((c, i) => [c.id, i]));
  const stationOfStream = new Map(doc.stations.map((s) => [s.stream, s]));
  const stationByAddress = new Map<string, string>();
  for (const id of stationIds) {
    const s = stationsById.get(id);
    if (s) stationByAddress.set(s.ip, id);
  }

  type Row = Omit<FlowArrow, 'y' | 'time'> & { at: number };
  const rows: Row[] = [];
  for (const { index } of members) {
    const m = messages[index]!;
    const station = stationOfStream.get(m.stream);
    if (!station) continue;
    const s = colIndex.get(`station:${station.id}`);
    const c = colIndex.get(`cm:${station.callManager.ip}:${station.callManager.port}`);
    if (s === undefined || c === undefined) continue;
    const fromStation = m.direction === 'station-to-callmanager' || (m.direction === 'unknown' && m.src === station.ip && m.srcPort === station.port);
    const name = printable(m.name);
    rows.push({
      id: `msg:${index}`,
      kind: 'message',
      from: fromStation ? s : c,
      to: fromStation ? c : s,
      label: name,
      frame: m.frame,
      messageIndex: index,
      at: seconds(m),
      description: `${name} from ${fromStation ? columns[s]!.label : columns[c]!.label} to ${fromStation ? columns[c]!.label : columns[s]!.label}, frame ${m.frame}`,
    });
  }
  // One clock for messages and RTP: seconds since the capture's first packet, as in the calls document.
  const origin = captureOrigin(messages, members, call, doc);
  for (const r of rows) r.at -= origin;
  const seenStreams = new Set<string>();
  for (const leg of call.legs) {
    for (const media of leg.media) {
      for (const rtp of media.rtp) {
        if (seenStreams.has(rtp.id)) continue;
        seenStreams.add(rtp.id);
        const column = (ip: string) => colIndex.get(stationByAddress.has(ip) ? `station:${stationByAddress.get(ip)}` : `media:${ip}`);
        const from = column(rtp.src);
        const to = column(rtp.dst);
        if (from === undefined || to === undefined || from === to) continue;
        const at = rtp.first.t;
        rows.push({
          id: `rtp:${rtp.id}`,
          kind: 'rtp',
          from,
          to,
          label: `RTP ${rtp.payloadTypes[0]?.name ?? `PT ${rtp.payloadType}`} (${rtp.packets} packets)`,
          frame: rtp.first.frame,
          at,
          description: `RTP stream ${rtp.id} from ${rtp.src}:${rtp.srcPort} to ${rtp.dst}:${rtp.dstPort}, ${rtp.packets} packets, first in frame ${rtp.first.frame}`,
        });
      }
    }
  }
  rows.sort((a, b) => a.frame - b.frame || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1) || (a.messageIndex ?? 0) - (b.messageIndex ?? 0));
  const arrows: FlowArrow[] = rows.map((r, i) => {
    const { at, ...rest } = r;
    return { ...rest, y: GEOMETRY.headerHeight + (i + 1) * GEOMETRY.rowHeight, time: `${(Math.abs(at) < 5e-7 ? 0 : at).toFixed(6)} s` };
  });
  const parties = call.legs.length === 1 ? '1 leg' : `${call.legs.length} legs`;
  return {
    callId: call.id,
    title: callTitle(call),
    subtitle: `${parties} · ${call.endReason} · ${members.length} messages · from frame ${call.start.frame}${call.end ? ` to ${call.end.frame}` : ''}`,
    columns,
    arrows,
    width: GEOMETRY.margin * 2 + Math.max(0, columns.length - 1) * GEOMETRY.columnWidth,
    height: GEOMETRY.headerHeight + (arrows.length + 1) * GEOMETRY.rowHeight + GEOMETRY.footer,
  };
}

/**
 * The capture's first packet on the messages' clock (epoch seconds): from a message in the frame where the call
 * starts (whose capture-relative time the document gives), else from the document's first packet time.
 */
function captureOrigin(messages: readonly SccpMessage[], members: readonly CallMessage[], call: CallDoc, doc: CallsDocument): number {
  const atStart = members.find((cm) => messages[cm.index]!.frame === call.start.frame);
  if (atStart) return seconds(messages[atStart.index]!) - call.start.t;
  const first = doc.source.firstTime ? Date.parse(doc.source.firstTime) : NaN;
  return Number.isFinite(first) ? first / 1000 : members.length ? seconds(messages[members[0]!.index]!) : 0;
}
