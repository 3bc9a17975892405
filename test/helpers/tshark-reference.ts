import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One message as tshark 4.0 decoded it (see scripts/make-tshark-refs.mjs). */
export interface RefField {
  name: string;
  show: string;
  offset: number;
  length: number;
  value: string | null;
  leaf: boolean;
  parent: string | null;
}
export interface RefMessage {
  frame: number;
  stream: number;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  id: number;
  name: string;
  reassembled: boolean;
  malformed: boolean;
  bytes: string;
  fields: RefField[];
}
export interface RefCapture {
  capture: string;
  tshark: string;
  messages: RefMessage[];
}

export const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');

export function loadReferences(): RefCapture[] {
  const dir = join(FIXTURES, 'reference');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.skinny.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RefCapture);
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
