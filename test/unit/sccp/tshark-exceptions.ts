import type { DecodedBody, FieldNode } from '../../../src/core/sccp/message';
import type { RefMessage } from '../../helpers/tshark-reference';

/**
 * Where we deliberately differ from tshark 4.0, each with its reason. The README's "Differences from Wireshark"
 * section says the same in prose.
 */

/** Fields we show and tshark does not. */
export function isDeliberateDifference(f: FieldNode, msg: DecodedBody): boolean {
  // tshark hides a variable-length string that is empty (just its NUL); we show it, so that every byte of the
  // message belongs to a field in the tree and the hex view.
  if (f.length === 1 && f.value === '') return true;
  // tshark does show an empty display label of a V2 message (0 bytes), but the references keep only fields with a
  // size, so a zero-length field of ours has nothing to be compared with.
  if (f.length === 0 && f.value === '') return true;
  // RegisterReq of 56..100 bytes (CallManager 4 stations): tshark leaves the 4 bytes after maxConferences
  // undecoded (it shows activeConferences only when the length is over 100); we show them as activeConferences.
  if (msg.id === 0x0001 && f.name === 'activeConferences' && msg.length <= 100) return true;
  return false;
}

/**
 * A basic-header message whose bytes fit only a newer layout (sccp_hw_conf.pcapng: the conference bridge's
 * OpenReceiveChannel and StartMediaTransmission): tshark reads the basic layout and shows a 0.0.0.0 address and a
 * garbage port; we decode the layout that fits and say so (`sccp.layout-inferred`).
 */
export function layoutInferred(msg: DecodedBody): boolean {
  return msg.problems.some((p) => p.code === 'sccp.layout-inferred');
}

/**
 * Messages whose fields are not compared, with the reason. Their ID and name are still compared.
 */
export function skipFieldsOf(_capture: string, ref: RefMessage): string | undefined {
  // tshark marks these Malformed: it decodes legacy (CallManager 4.x and older) bodies with newer layouts and runs
  // off the end, so its field values are not a reference there (see test/fixtures/captures/PROVENANCE.md).
  if (ref.malformed) return 'tshark marks the message malformed';
  // tshark 4.0 has no name or layout for some IDs (e.g. 0x008C/0x008D of CallManager 2.x phones): it shows
  // nothing of the body, while we show it (as bytes, or decoded where another public source documents it).
  if (ref.name === 'Unknown') return 'tshark does not know this message ID';
  return undefined;
}
