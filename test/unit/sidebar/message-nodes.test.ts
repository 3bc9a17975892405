/** The Messages tree over a real capture: frames that carry SCCP, messages per frame, fields, ids, parents, tooltips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageById } from '../../../src/core/sccp/catalog';
import type { SccpMessage } from '../../../src/core/sccp/message';
import { FrameIndex } from '../../../src/extension/sidebar/frame-index';
import { childrenOf, fieldAt, fieldValueForCopy, itemText, nodeId, parentOf, rootNodes, type MessageTreeNode } from '../../../src/extension/sidebar/message-nodes';
import { decodeFixture } from './fixture';

const CAPTURE = 'skinny-call-rtp.pcap';

function indexOf(messages: readonly SccpMessage[]): FrameIndex {
  const index = new FrameIndex();
  index.update(messages);
  return index;
}

test('top level: one node per frame that carries SCCP, in frame order, with its messages below', () => {
  const { messages } = decodeFixture(CAPTURE);
  const index = indexOf(messages);
  const frames = [...new Set(messages.map((m) => m.frame))].sort((a, b) => a - b);
  const roots = rootNodes(index);
  assert.equal(messages.length, 62);
  assert.deepEqual(roots, frames.map((frame) => ({ kind: 'frame', frame })));
  let total = 0;
  for (const r of roots) {
    const kids = childrenOf(r, messages, index);
    assert.ok(kids.length > 0);
    for (const k of kids) {
      assert.equal(k.kind, 'message');
      if (k.kind === 'message') assert.equal(messages[k.index]!.frame, r.kind === 'frame' ? r.frame : -1);
    }
    total += kids.length;
  }
  assert.equal(total, messages.length);
  // Frame 30 carries ten messages of one TCP segment (what Wireshark lists in frame 30).
  const f30 = childrenOf({ kind: 'frame', frame: 30 }, messages, index);
  assert.equal(f30.length, 10);
  const t = itemText({ kind: 'frame', frame: 30 }, messages, index);
  assert.equal(t.label, 'Frame 30');
  assert.equal(t.description, 'CallState, ActivateCallPlane, SetRinger, StopTone, … (10) · 07:52:14.147157 · 192.168.193.12:2000 → 192.168.195.50:51532');
  assert.equal(t.id, 'f:30');
});

test('messages: label is the name, description the ID, direction and number; tooltip is the catalog card', () => {
  const { messages } = decodeFixture(CAPTURE);
  const index = indexOf(messages);
  const i = messages.findIndex((m) => m.name === 'OpenReceiveChannelAck');
  const m = messages[i]!;
  const t = itemText({ kind: 'message', index: i }, messages, index);
  assert.equal(t.label, 'OpenReceiveChannelAck');
  assert.equal(t.description, `0x0022 · station → CallManager · #${i + 1}`);
  assert.equal(t.id, `m:${i}`);
  const def = messageById(0x0022)!;
  // The card says what the catalog says: purpose (escaped), direction, class, partner, ALG relevance.
  assert.ok(t.tooltip.includes('**OpenReceiveChannelAck** `0x0022`'));
  assert.ok(t.tooltip.includes('station → CallManager · response, answers OpenReceiveChannel (0x0105)'));
  assert.ok(t.tooltip.includes('**ALG:** carries media addresses'));
  assert.ok(t.tooltip.includes(def.purpose.slice(0, 20).replace(/[()]/g, (c) => `\\${c}`)));
  assert.ok(t.tooltip.includes(`frame ${m.frame}`));
  assert.equal(t.icon, 'radio-tower', 'a message with media addresses');
  // Fields: one node per decoded field, the same as the message's field list, header included.
  const fields = childrenOf({ kind: 'message', index: i }, messages, index);
  assert.equal(fields.length, m.fields.length);
  const labels = fields.map((f) => itemText(f, messages, index).label);
  assert.equal(labels[2], 'messageId: OpenReceiveChannelAck (34)');
  // The media IP and port fields are marked as what an ALG opens pinholes for.
  const alg = fields.map((f) => itemText(f, messages, index)).filter((x) => x.contextValue === 'sccpFieldAlg');
  const endpoint = m.media.find((e) => e.role === 'receive')!;
  assert.equal(alg.length, 2);
  assert.ok(alg.some((x) => x.label.includes(String(endpoint.port))));
  assert.ok(alg.some((x) => x.label.includes(endpoint.ip!)));
  assert.ok(alg.every((x) => x.tooltip.includes('**ALG:** media receive')));
});

test('nested fields: paths, values to copy, and parents lead back up to the frame', () => {
  const { messages } = decodeFixture(CAPTURE);
  const index = indexOf(messages);
  const i = messages.findIndex((m) => m.name === 'SelectSoftKeys');
  const fields = childrenOf({ kind: 'message', index: i }, messages, index);
  const maskNode = fields.find((f) => f.kind === 'field' && fieldAt(messages[i], f.path)?.name === 'validKeyMask')!;
  const mask = itemText(maskNode, messages, index);
  assert.equal(mask.label, 'validKeyMask: 0xffffffff (4294967295)');
  assert.equal(mask.description, '[24+4]');
  assert.ok(mask.expandable);
  const bits = childrenOf(maskNode, messages, index);
  assert.equal(bits.length, 16);
  const bit = bits[0]!;
  assert.equal(nodeId(bit), `m:${i}/${(maskNode as { path: readonly number[] }).path.join('.')}.0`);
  assert.equal(itemText(bit, messages, index).label, 'SoftKeyMask.SoftKey1: Yes (1)');
  assert.equal(fieldValueForCopy(fieldAt(messages[i], (bit as { path: readonly number[] }).path)!), '1');
  // Walking up: field -> field -> message -> frame -> top level.
  const chain: MessageTreeNode[] = [];
  let n: MessageTreeNode | undefined = bit;
  while (n) {
    chain.push(n);
    n = parentOf(n, messages, index);
  }
  assert.deepEqual(chain.map((c) => c.kind), ['field', 'field', 'message', 'frame']);
  assert.deepEqual(chain[3], { kind: 'frame', frame: messages[i]!.frame });
});

test('big captures: frames grouped into ranges; every node is a child of its parent', () => {
  const { messages } = decodeFixture(CAPTURE);
  const index = indexOf(messages);
  const chunk = 3; // 40 frames -> ranges of 27 -> ranges of 9 -> ranges of 3 -> frames
  const roots = rootNodes(index, chunk);
  assert.deepEqual(roots, [{ kind: 'range', first: 0, last: 26 }, { kind: 'range', first: 27, last: 39 }]);
  assert.equal(itemText(roots[0]!, messages, index).label, `Frames ${index.frames[0]}–${index.frames[26]}`);
  assert.deepEqual(childrenOf(roots[1], messages, index, chunk), [{ kind: 'range', first: 27, last: 35 }, { kind: 'range', first: 36, last: 39 }]);
  const seenFrames: number[] = [];
  const visit = (node: MessageTreeNode | undefined, depth: number) => {
    const kids = childrenOf(node, messages, index, chunk);
    if (node?.kind !== 'message' && node?.kind !== 'field') assert.ok(kids.length <= chunk || node?.kind === 'frame', 'no level holds more than chunk nodes');
    for (const k of kids) {
      assert.deepEqual(parentOf(k, messages, index, chunk), node, `parent of ${nodeId(k)}`);
      if (k.kind === 'frame') seenFrames.push(k.frame);
      if (k.kind !== 'field' && depth < 6) visit(k, depth + 1);
    }
  };
  visit(undefined, 0);
  assert.deepEqual(seenFrames, index.frames);
});

test('frame index: incremental, sorts frames that complete late, starts over after a reset', () => {
  const index = new FrameIndex();
  const msgs: { frame: number }[] = [{ frame: 5 }, { frame: 9 }];
  assert.equal(index.update(msgs), true);
  assert.equal(index.update(msgs), false);
  msgs.push({ frame: 7 }, { frame: 9 }, { frame: 12 });
  index.update(msgs);
  assert.deepEqual(index.frames, [5, 7, 9, 12]);
  assert.deepEqual(index.messagesOf(9), [1, 3]);
  assert.equal(index.positionOf(12), 3);
  assert.equal(index.positionOf(8), -1);
  assert.equal(index.atOrAfter(8), 9);
  assert.equal(index.atOrAfter(13), undefined);
  index.update([{ frame: 2 }]);
  assert.deepEqual(index.frames, [2]);
  // The model was reset and refilled to more messages than before, with other objects: read them all again.
  const refilled = [{ frame: 40 }, { frame: 41 }, { frame: 42 }];
  index.update(refilled);
  assert.deepEqual(index.frames, [40, 41, 42]);
  assert.equal(index.update(refilled), false);
});
