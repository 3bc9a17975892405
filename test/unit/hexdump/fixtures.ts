import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RefCapture } from '../../helpers/tshark-reference';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');
export const HEX = join(FIXTURES, 'hex');

export function hexFixture(name: string): string {
  return readFileSync(join(HEX, name), 'latin1');
}

export function reference(capture: string): RefCapture {
  return JSON.parse(readFileSync(join(FIXTURES, 'reference', `${capture}.skinny.json`), 'utf8')) as RefCapture;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
