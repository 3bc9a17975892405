/**
 * The capture editor's filter (also what CaptureRegistry.setFilter takes). Pure, so that it is unit-tested.
 *
 * Syntax: terms separated by spaces, all of which must match (AND). A term is
 *   name:TEXT     message name contains TEXT (case-insensitive)
 *   id:0x0001|1   message ID equals (hex with 0x, or decimal)
 *   call:N        call reference equals N
 *   station:TEXT  the station's device name (from its RegisterReq) contains TEXT
 *   addr:TEXT     source or destination "ip:port" contains TEXT (ip: is the same)
 *   frame:N       carried (partly) by frame N
 *   0x0001        message ID
 *   12345         call reference
 *   10.0.0.1      an address (anything with a dot or two colons)
 *   TEXT          message name or station name contains TEXT
 * A term may start with ! to negate it.
 */
import { findField } from '../../core/sccp/decode';
import type { SccpMessage } from '../../core/sccp/message';
import { summaryOf } from '../lean-message';
import { endpointText } from './rows';

/** What the filter looks at besides the message: the station names learnt from RegisterReq, by TCP stream. */
export interface FilterContext {
  stationName(stream: number): string | undefined;
}

export type MessagePredicate = (m: SccpMessage, ctx: FilterContext) => boolean;

export interface ParsedFilter {
  /** Undefined when the filter is empty (everything matches). */
  predicate: MessagePredicate | undefined;
  /** Terms that could not be read (e.g. "call:abc"), for the status line; they match nothing. */
  errors: string[];
}

const KEYS = new Set(['name', 'id', 'call', 'station', 'addr', 'ip', 'frame']);

export function parseFilter(text: string): ParsedFilter {
  const errors: string[] = [];
  const terms: MessagePredicate[] = [];
  for (const raw of text.trim().split(/\s+/)) {
    if (raw === '') continue;
    const negate = raw.startsWith('!') && raw.length > 1;
    const term = negate ? raw.slice(1) : raw;
    const p = parseTerm(term);
    if (!p) {
      errors.push(raw);
      terms.push(() => false);
      continue;
    }
    terms.push(negate ? (m, c) => !p(m, c) : p);
  }
  if (terms.length === 0) return { predicate: undefined, errors };
  return { predicate: (m, c) => terms.every((t) => t(m, c)), errors };
}

function parseTerm(term: string): MessagePredicate | undefined {
  const colon = term.indexOf(':');
  const key = colon > 0 ? term.slice(0, colon).toLowerCase() : '';
  if (KEYS.has(key)) {
    const value = term.slice(colon + 1);
    if (value === '') return undefined;
    switch (key) {
      case 'name':
        return nameContains(value);
      case 'id':
        return idEquals(value);
      case 'call':
        return callEquals(value);
      case 'station':
        return stationContains(value);
      case 'frame':
        return frameEquals(value);
      default:
        return addressContains(value);
    }
  }
  if (/^0x[0-9a-f]+$/i.test(term)) return idEquals(term);
  if (/^\d+$/.test(term)) return callEquals(term);
  if (term.includes('.') || term.split(':').length > 2) return addressContains(term);
  const name = nameContains(term);
  const station = stationContains(term);
  return (m, c) => name(m, c) || station(m, c);
}

function parseNumber(v: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(v)) return parseInt(v.slice(2), 16);
  if (/^\d+$/.test(v)) return Number(v);
  return undefined;
}

function nameContains(v: string): MessagePredicate {
  const needle = v.toLowerCase();
  return (m) => m.name.toLowerCase().includes(needle);
}

function idEquals(v: string): MessagePredicate | undefined {
  const id = parseNumber(v);
  return id === undefined ? undefined : (m) => m.id === id;
}

function callEquals(v: string): MessagePredicate | undefined {
  const n = parseNumber(v);
  return n === undefined ? undefined : (m) => summaryOf(m).call === n;
}

function frameEquals(v: string): MessagePredicate | undefined {
  const n = parseNumber(v);
  return n === undefined ? undefined : (m) => m.frame === n || m.frames.includes(n);
}

function stationContains(v: string): MessagePredicate {
  const needle = v.toLowerCase();
  return (m, c) => (c.stationName(m.stream)?.toLowerCase().includes(needle) ?? false);
}

function addressContains(v: string): MessagePredicate {
  const needle = v.toLowerCase();
  return (m) => endpointText(m.src, m.srcPort).toLowerCase().includes(needle) || endpointText(m.dst, m.dstPort).toLowerCase().includes(needle);
}

/** Filters messages[from..] into `out` (indexes); the editor calls it again for each new batch. */
export function filterIndexes(messages: readonly SccpMessage[], from: number, predicate: MessagePredicate, ctx: FilterContext, out: number[]): void {
  for (let i = from; i < messages.length; i++) if (predicate(messages[i]!, ctx)) out.push(i);
}

const REGISTER_REQ = 0x0001;

/** Device names from RegisterReq, by TCP stream: what "station:" filters on. */
export class StationNames implements FilterContext {
  private readonly names = new Map<number, string>();

  learn(m: SccpMessage): void {
    if (m.id !== REGISTER_REQ) return;
    const f = findField(m.fields, 'DeviceName');
    if (f && typeof f.value === 'string' && f.value !== '') this.names.set(m.stream, f.value);
  }

  stationName(stream: number): string | undefined {
    return this.names.get(stream);
  }
}
