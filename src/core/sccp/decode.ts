import { problem, type Problem } from '../problems';
import { messageById } from './catalog';
import type { MediaSpec, MessageDef } from './catalog/types';
import { HEADER_SIZE, KNOWN_HEADER_VERSIONS, idHex, readHeader } from './header';
import { decodeLayout, toHex } from './interpreter';
import type { DecodedBody, FieldNode, MediaEndpoint } from './message';

export interface DecodeOptions {
  /**
   * The protocol version negotiated on this connection (RegisterReq / RegisterAck), used to pick the layout when
   * the header says basic (0). Wireshark uses the header version only; we use the negotiated one only where the
   * header is basic AND the caller asks for it (`useNegotiatedVersion`).
   */
  negotiatedVersion?: number;
  useNegotiatedVersion?: boolean;
  /** Use the layouts of this version whatever the header says (to see whether a version changes a message's layout). */
  forceLayoutVersion?: number;
}

/**
 * Decodes one SCCP message from its bytes (header included). `bytes` may be shorter than the header says when the
 * capture cut it; the decode then goes as far as the bytes go and says where they end. Never throws.
 */
export function decodeMessage(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedBody {
  const problems: Problem[] = [];
  if (bytes.length < HEADER_SIZE) {
    return {
      headerVersion: 0,
      id: -1,
      idHex: '',
      name: 'Truncated header',
      length: 0,
      layoutVersion: 0,
      fields: [],
      media: [],
      problems: [problem('sccp.truncated', `only ${bytes.length} byte(s) of the 12-byte header are present`, { offset: 0, length: bytes.length })],
    };
  }
  const h = readHeader(bytes, 0);
  const def = messageById(h.id);
  const fields: FieldNode[] = [
    { name: 'data_length', value: h.dataLength, offset: 0, length: 4 },
    { name: 'hdr_version', value: h.headerVersion, display: versionLabel(h.headerVersion), offset: 4, length: 4 },
    { name: 'messageId', value: h.id, display: def?.name ?? `Unknown (${idHex(h.id)})`, offset: 8, length: 4 },
  ];
  if (!KNOWN_HEADER_VERSIONS.has(h.headerVersion)) {
    problems.push(problem('sccp.unknown-version', `header version 0x${h.headerVersion.toString(16)} is not one Wireshark knows; layouts of the nearest version are used`, { offset: 4, length: 4 }));
  }
  const declaredEnd = h.dataLength + 8;
  // A length below 4 does not even cover the message ID: there is no body then, whatever follows.
  const end = Math.max(HEADER_SIZE, Math.min(declaredEnd, bytes.length));
  if (declaredEnd < HEADER_SIZE) {
    problems.push(problem('sccp.bad-length', `the header's length ${h.dataLength} is less than 4: it does not cover the message ID`, { offset: 0, length: 4 }));
  } else if (bytes.length < declaredEnd) {
    problems.push(problem('sccp.truncated', `the header says ${declaredEnd} bytes, but only ${bytes.length} are present`, { offset: bytes.length, length: 0 }));
  }
  const layoutVersion =
    opts.forceLayoutVersion ??
    (h.headerVersion === 0 && opts.useNegotiatedVersion && opts.negotiatedVersion !== undefined ? opts.negotiatedVersion : h.headerVersion);

  const result: DecodedBody = {
    headerVersion: h.headerVersion,
    id: h.id,
    idHex: idHex(h.id),
    name: def?.name ?? `Unknown (${idHex(h.id)})`,
    length: h.dataLength,
    layoutVersion,
    fields,
    media: [],
    problems,
  };

  if (!def) {
    problems.push(problem('sccp.unknown-message', `message ID ${idHex(h.id)} is not in the catalog; its body is shown as bytes`, { offset: 8, length: 4 }));
    pushOpaqueBody(bytes, end, fields);
    return result;
  }
  if (!def.fields || def.bodyKnown === false) {
    pushOpaqueBody(bytes, end, fields);
    return result;
  }
  const body = decodeLayout(bytes, HEADER_SIZE, end, def.fields, { version: layoutVersion, dataLength: h.dataLength });
  fields.push(...body.fields);
  problems.push(...body.problems);
  if (body.problems.length === 0 && body.end < end && !isPadding(bytes, body.end + (body.endsWithOpenNul ? 1 : 0), end)) {
    problems.push(
      problem('sccp.trailing-bytes', `${end - body.end} byte(s) after the last field of ${def.name} (layout of version ${layoutVersion})`, {
        offset: body.end,
        length: end - body.end,
      }),
    );
  }
  result.media = extractMedia(def, fields);
  if (h.headerVersion === 0 && layoutVersion === 0 && opts.forceLayoutVersion === undefined && bytes.length >= declaredEnd && problems.length > 0) {
    return inferLayout(bytes, result, def.name, opts.negotiatedVersion) ?? result;
  }
  return result;
}

/** The versions whose layouts a basic-header message may really have (each is tried once). */
const NEWER_VERSIONS = [...KNOWN_HEADER_VERSIONS].filter((v) => v > 0).sort((a, b) => a - b);

/**
 * Wireshark picks a layout from the header version alone. Some senders (seen: a conference bridge's
 * OpenReceiveChannel and StartMediaTransmission in sccp_hw_conf.pcapng) put a newer body under a basic header; read
 * with the basic layout the address comes out as 0.0.0.0 and the port as garbage, with bytes left over. When the
 * basic layout does not fit and exactly one newer layout fits the message exactly (no problem at all), that layout
 * is used and said so. Versions whose layouts decode alike count once; two different fits keep the header's layout.
 * The connection's negotiated version (RegisterReq / RegisterAck) is tried first: it settles which of several fits.
 */
function inferLayout(bytes: Uint8Array, basic: DecodedBody, name: string, negotiated: number | undefined): DecodedBody | undefined {
  // The version the connection negotiated says what the header does not, when its layout fits.
  if (negotiated !== undefined && negotiated > 0) {
    const d = decodeMessage(bytes, { forceLayoutVersion: negotiated });
    if (d.problems.length === 0) {
      d.problems.push(
        problem(
          'sccp.layout-inferred',
          `the header says basic (0), but ${name}'s ${bytes.length} bytes do not fit the basic layout (${basic.problems.map((p) => p.code).join(', ')}); they fit the layout of the version this connection negotiated (${negotiated}): decoded with that layout`,
          { offset: 4, length: 4 },
        ),
      );
      return d;
    }
  }
  let fit: DecodedBody | undefined;
  let fitShape = '';
  for (const v of NEWER_VERSIONS) {
    const d = decodeMessage(bytes, { forceLayoutVersion: v });
    if (d.problems.length > 0) continue;
    const shape = d.fields.map(shapeOf).join(';');
    if (fit === undefined) {
      fit = d;
      fitShape = shape;
    } else if (shape !== fitShape) return undefined;
  }
  if (!fit) return undefined;
  fit.problems.push(
    problem(
      'sccp.layout-inferred',
      `the header says basic (0), but ${name}'s ${bytes.length} bytes fit only the layout of version ${fit.layoutVersion} and later (the basic layout leaves ${basic.problems.map((p) => p.code).join(', ')}): decoded with that layout`,
      { offset: 4, length: 4 },
    ),
  );
  return fit;
}

/** A decoded layout's shape: field names, offsets and lengths, without values. */
function shapeOf(f: FieldNode): string {
  return `${f.name}@${f.offset}+${f.length}${f.children ? `(${f.children.map(shapeOf).join(',')})` : ''}`;
}

/**
 * Senders pad a message to a multiple of 4 bytes: up to 3 zero bytes after the last field that end the message on a
 * 4-byte boundary are padding, not a problem. `from` is where the padding would start (after a string's own NUL).
 */
function isPadding(bytes: Uint8Array, from: number, end: number): boolean {
  if (end - from > 3 || end % 4 !== 0) return false;
  for (let i = from; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function pushOpaqueBody(bytes: Uint8Array, end: number, fields: FieldNode[]): void {
  if (end > HEADER_SIZE) fields.push({ name: 'body', value: toHex(bytes.subarray(HEADER_SIZE, end)), offset: HEADER_SIZE, length: end - HEADER_SIZE });
}

function versionLabel(v: number): string {
  if (v === 0) return 'Basic';
  return `V${v}`;
}

/** Depth-first search for the first field with this name. */
export function findField(nodes: readonly FieldNode[], name: string): FieldNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    if (n.children) {
      const hit = findField(n.children, name);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Wireshark names the same identifier differently in a few messages; a media record always uses one key. */
const MEDIA_ID_KEYS: Readonly<Record<string, string>> = { passthruPartyID: 'passThroughPartyId' };

function extractMedia(def: MessageDef, fields: readonly FieldNode[]): MediaEndpoint[] {
  if (!def.media) return [];
  const out: MediaEndpoint[] = [];
  for (const spec of def.media) {
    // A port without an address may be repeated (MediaPortList): one endpoint per port.
    const ports = spec.ip ? [findField(fields, spec.port)] : findFields(fields, spec.port);
    for (const port of ports) {
      if (port && typeof port.value === 'number') pushEndpoint(spec, port.value, fields, out);
    }
  }
  return out;
}

function pushEndpoint(spec: MediaSpec, port: number, fields: readonly FieldNode[], out: MediaEndpoint[]): void {
  const ep: MediaEndpoint = { role: spec.role, port };
  if (spec.ip) {
    const ip = findField(fields, spec.ip);
    if (!ip || typeof ip.value !== 'string') return;
    ep.ip = ip.value;
  }
  for (const id of spec.ids ?? []) {
    const f = findField(fields, id);
    if (f && (typeof f.value === 'number' || typeof f.value === 'string')) ep[MEDIA_ID_KEYS[id] ?? id] = f.value;
  }
  out.push(ep);
}

/** Every field with this name, depth first. */
function findFields(nodes: readonly FieldNode[], name: string, out: FieldNode[] = []): FieldNode[] {
  for (const n of nodes) {
    if (n.name === name) out.push(n);
    if (n.children) findFields(n.children, name, out);
  }
  return out;
}
