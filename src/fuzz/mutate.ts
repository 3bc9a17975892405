/**
 * Mutations of bytes and of text. Byte mutations know about capture structure (captureLayout): they set length
 * fields to the values parsers get wrong (0, 1, 0xFFFFFFFF, 0x7FFFFFFF, off by one), repeat, drop, swap and
 * re-type blocks and splice two inputs at block boundaries; the rest are blind (bit flips, byte sets, truncation,
 * inserts, deletes). Every mutation is bounded in size, so that a case stays cheap.
 */
import { CATALOG } from '../core/sccp/catalog';
import { KNOWN_HEADER_VERSIONS } from '../core/sccp/header';
import { FuzzRng } from './rng';
import { captureLayout, readField, setField, type CaptureLayout, type LengthField } from './structure';

/** Inputs never grow past this by mutation (keeps a case fast; big inputs come from the seeds themselves). */
export const MAX_MUTATED_SIZE = 256 * 1024;

const INTERESTING_32 = [0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x10001, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xfe, 0xff];
const VERSIONS = [...KNOWN_HEADER_VERSIONS, 1, 9, 0x17, 0x80, 0xffffffff];
const IDS = CATALOG.map((m) => m.id);
const BLOCK_TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 0x0a0d0d0a, 0x80000001, 0x0bad, 0x40000000, 0xffffffff];

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(Math.min(n, MAX_MUTATED_SIZE));
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - at);
    out.set(p.subarray(0, take), at);
    at += take;
    if (at >= out.length) break;
  }
  return out;
}

function interestingLength(rng: FuzzRng, f: LengthField, b: Uint8Array): number {
  const cur = readField(b, f);
  switch (rng.below(4)) {
    case 0:
      return rng.pick(INTERESTING_32);
    case 1:
      return cur + rng.int(-8, 8);
    case 2:
      return rng.pick([0, 1, 0xffffffff, 0x7fffffff]);
    default:
      return rng.chance(0.5) ? b.length : rng.u32();
  }
}

type ByteMutation = (rng: FuzzRng, b: Uint8Array, layout: CaptureLayout, other: Uint8Array) => Uint8Array;

const bitFlip: ByteMutation = (rng, b) => {
  if (b.length === 0) return b;
  const n = rng.int(1, 8);
  for (let i = 0; i < n; i++) b[rng.below(b.length)]! ^= 1 << rng.below(8);
  return b;
};

const byteSet: ByteMutation = (rng, b) => {
  if (b.length === 0) return b;
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) b[rng.below(b.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_8) : rng.u32() & 0xff;
  return b;
};

const truncate: ByteMutation = (rng, b, layout) => {
  if (layout.blocks.length > 0 && rng.chance(0.5)) {
    const blk = rng.pick(layout.blocks);
    return b.subarray(0, Math.max(0, Math.min(b.length, blk.offset + rng.int(-2, Math.min(blk.length, 40)))));
  }
  return b.subarray(0, rng.below(b.length + 1));
};

const lengthField: ByteMutation = (rng, b, layout) => {
  if (layout.lengths.length === 0) return bitFlip(rng, b, layout, b);
  const f = rng.pick(layout.lengths);
  setField(b, f, interestingLength(rng, f, b));
  return b;
};

const sccpField: ByteMutation = (rng, b, layout) => {
  if (layout.sccpHeaders.length === 0) return byteSet(rng, b, layout, b);
  const at = rng.pick(layout.sccpHeaders);
  const which = rng.below(4);
  const field: LengthField = { offset: at + (which === 3 ? 12 + 4 * rng.below(8) : which * 4), size: 4, littleEndian: true, what: 'sccp' };
  const value =
    which === 0 ? rng.pick([0, 1, 3, 4, 5, 0x7fffffff, 0xffffffff, 0x10000, 0x10001, readField(b, field) + rng.int(-6, 6)]) : which === 1 ? rng.pick(VERSIONS) : which === 2 ? rng.pick(IDS) : rng.pick(INTERESTING_32);
  setField(b, field, value);
  return b;
};

const repeatBlock: ByteMutation = (rng, b, layout) => {
  if (layout.blocks.length === 0) return insertBytes(rng, b, layout, b);
  const blk = rng.pick(layout.blocks);
  const copy = b.subarray(blk.offset, blk.offset + blk.length);
  const times = rng.chance(0.8) ? 1 : rng.int(2, 16);
  const parts: Uint8Array[] = [b.subarray(0, blk.offset + blk.length)];
  for (let i = 0; i < times; i++) parts.push(copy);
  parts.push(b.subarray(blk.offset + blk.length));
  return concat(parts);
};

const dropBlock: ByteMutation = (rng, b, layout) => {
  if (layout.blocks.length === 0) return deleteBytes(rng, b, layout, b);
  const blk = rng.pick(layout.blocks);
  return concat([b.subarray(0, blk.offset), b.subarray(blk.offset + blk.length)]);
};

const swapBlocks: ByteMutation = (rng, b, layout) => {
  if (layout.blocks.length < 2) return bitFlip(rng, b, layout, b);
  const i = rng.below(layout.blocks.length - 1);
  const x = layout.blocks[i]!;
  const y = layout.blocks[rng.int(i + 1, layout.blocks.length - 1)]!;
  return concat([b.subarray(0, x.offset), b.subarray(y.offset, y.offset + y.length), b.subarray(x.offset + x.length, y.offset), b.subarray(x.offset, x.offset + x.length), b.subarray(y.offset + y.length)]);
};

const blockType: ByteMutation = (rng, b, layout) => {
  if (layout.blockTypes.length === 0) return byteSet(rng, b, layout, b);
  setField(b, { offset: rng.pick(layout.blockTypes), size: 4, littleEndian: true, what: 'block type' }, rng.chance(0.7) ? rng.pick(BLOCK_TYPES) : rng.u32());
  return b;
};

const splice: ByteMutation = (rng, b, layout, other) => {
  const o = captureLayout(other);
  const cutA = layout.blocks.length > 0 && rng.chance(0.7) ? rng.pick(layout.blocks).offset : rng.below(b.length + 1);
  const cutB = o.blocks.length > 0 && rng.chance(0.7) ? rng.pick(o.blocks).offset : rng.below(other.length + 1);
  return concat([b.subarray(0, cutA), other.subarray(cutB)]);
};

const insertBytes: ByteMutation = (rng, b) => {
  const at = rng.below(b.length + 1);
  const n = rng.chance(0.9) ? rng.int(1, 16) : rng.int(17, 4096);
  const ins = rng.chance(0.5) ? rng.bytes(n) : new Uint8Array(n).fill(rng.pick(INTERESTING_8));
  return concat([b.subarray(0, at), ins, b.subarray(at)]);
};

const deleteBytes: ByteMutation = (rng, b) => {
  if (b.length === 0) return b;
  const at = rng.below(b.length);
  const n = rng.int(1, Math.min(64, b.length - at));
  return concat([b.subarray(0, at), b.subarray(at + n)]);
};

const copyWithin: ByteMutation = (rng, b) => {
  if (b.length < 2) return b;
  const from = rng.below(b.length);
  const n = rng.int(1, Math.min(256, b.length - from));
  b.copyWithin(rng.below(b.length), from, from + n);
  return b;
};

const MUTATIONS: [ByteMutation, number][] = [
  [bitFlip, 10],
  [byteSet, 8],
  [truncate, 4],
  [lengthField, 12],
  [sccpField, 10],
  [repeatBlock, 4],
  [dropBlock, 4],
  [swapBlocks, 3],
  [blockType, 4],
  [splice, 3],
  [insertBytes, 3],
  [deleteBytes, 3],
  [copyWithin, 2],
];
const TOTAL_WEIGHT = MUTATIONS.reduce((s, [, w]) => s + w, 0);

function pickMutation(rng: FuzzRng): ByteMutation {
  let r = rng.below(TOTAL_WEIGHT);
  for (const [m, w] of MUTATIONS) {
    if (r < w) return m;
    r -= w;
  }
  return bitFlip;
}

/** One to four stacked mutations of a copy of `seed`; `other` is a second seed for splicing. */
export function mutateBytes(rng: FuzzRng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  let b: Uint8Array = seed.slice();
  const n = rng.chance(0.6) ? 1 : rng.int(2, 4);
  for (let i = 0; i < n; i++) {
    const layout = captureLayout(b);
    b = pickMutation(rng)(rng, b, layout, other);
    if (b.buffer.byteLength !== b.length || b.byteOffset !== 0) b = b.slice();
  }
  return b;
}

const ODD_TEXT = ['\u0000', '\u202e', '\u200f', '\ufeff', '\ud800', '<script>', '*', '0x', '\t', '\r', ' ', ':', '|', 'g', 'ff', '0000', '00000010', '\u00e9', '\ud83d\ude00'];
const HEX = '0123456789abcdefABCDEF';

/** Mutations of a hex-dump text, by lines and characters. */
export function mutateText(rng: FuzzRng, seed: string, other: string): string {
  let lines = seed.split('\n');
  const n = rng.chance(0.6) ? 1 : rng.int(2, 5);
  for (let k = 0; k < n; k++) {
    const li = rng.below(lines.length);
    const line = lines[li] ?? '';
    const col = rng.below(line.length + 1);
    switch (rng.below(12)) {
      case 0:
        lines[li] = line.slice(0, col) + rng.pick(HEX.split('')) + line.slice(col + 1);
        break;
      case 1:
        lines[li] = line.slice(0, col) + rng.pick(ODD_TEXT) + line.slice(col + (rng.chance(0.5) ? 1 : 0));
        break;
      case 2:
        lines.splice(li, 0, line);
        break;
      case 3:
        lines.splice(li, 1);
        break;
      case 4: {
        const j = rng.below(lines.length);
        [lines[li], lines[j]] = [lines[j] ?? '', line];
        break;
      }
      case 5:
        lines[li] = line.slice(0, col) + Array.from({ length: rng.int(100, 4000) }, () => rng.pick(HEX.split(''))).join('');
        break;
      case 6:
        lines = lines.slice(0, li).concat(other.split('\n').slice(rng.below(8)));
        break;
      case 7:
        lines[li] = line.slice(0, col);
        break;
      case 8:
        lines.splice(li, 0, rng.pick(['*', '', '# sccp-hex', '0000  ', 'ffffffff: 00', '99999999  00 01', '\u202e00 01 02']));
        break;
      case 9:
        lines[li] = line.replace(/^[0-9a-fA-Fx]+/, (m) => m.replace(/[0-9a-f]/i, rng.pick(HEX.split(''))));
        break;
      case 10:
        if (rng.chance(0.5)) lines = lines.slice(0, li + 1);
        // A long run of one token: what makes backtracking regular expressions slow.
        else lines[li] = line.slice(0, col) + rng.pick([' |', '|', '>', '<', '0x', '\\x', '0', ' ', '*', ':', '0 ']).repeat(rng.int(100, 20000)) + rng.pick(['', 'x', '#', '|']);
        break;
      default:
        lines[li] = line.slice(0, col) + line.slice(col + rng.int(1, 8));
    }
    if (lines.length === 0) lines = [''];
  }
  const text = lines.join(rng.chance(0.05) ? '\r\n' : '\n');
  return text.length > MAX_MUTATED_SIZE ? text.slice(0, MAX_MUTATED_SIZE) : text;
}
