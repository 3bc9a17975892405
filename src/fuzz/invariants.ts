/**
 * What must hold for every case, beyond "no exception escapes" (the runner checks that, and time and memory):
 * problems carry a position, positions and ranges lie inside the input, and outputs are well formed.
 */
import type { Problem } from '../core/problems';
import type { FieldNode } from '../core/sccp/message';

/** A broken invariant (as opposed to an exception escaping from the code under test). */
export class Violation extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`${invariant}: ${message}`);
    this.name = 'Violation';
  }
}

export function ensure(cond: unknown, invariant: string, message: () => string): asserts cond {
  if (!cond) throw new Violation(invariant, message());
}

function position(n: number | undefined): boolean {
  return n === undefined || (Number.isInteger(n) && n >= 0);
}

/**
 * A problem has a position: a frame, or an offset (in the file, the stream or the message, by its code), and the
 * numbers are whole and not negative; its message is plain text of reasonable size.
 */
export function checkProblem(p: Problem, where: string, limits: { maxOffset?: number; maxFrame?: number } = {}): void {
  ensure(p.frame !== undefined || p.offset !== undefined, 'problem-position', () => `${where}: problem ${p.code} has neither frame nor offset: ${p.message}`);
  ensure(position(p.frame) && position(p.offset) && position(p.length), 'problem-position', () => `${where}: problem ${p.code} has a bad position ${JSON.stringify({ frame: p.frame, offset: p.offset, length: p.length })}`);
  if (limits.maxOffset !== undefined && p.offset !== undefined) {
    ensure(p.offset <= limits.maxOffset, 'problem-position', () => `${where}: problem ${p.code} at offset ${p.offset}, past the end (${limits.maxOffset})`);
  }
  if (limits.maxFrame !== undefined && p.frame !== undefined) {
    ensure(p.frame <= limits.maxFrame, 'problem-position', () => `${where}: problem ${p.code} names frame ${p.frame}, but there are ${limits.maxFrame}`);
  }
  ensure(typeof p.message === 'string' && p.message.length > 0 && p.message.length < 4096, 'problem-message', () => `${where}: problem ${p.code} has an empty or huge message (${String(p.message).length} chars)`);
}

/** Decoded fields lie inside the message bytes, and their numbers are finite. */
export function checkFields(nodes: readonly FieldNode[], size: number, where: string, depth = 0): number {
  ensure(depth < 64, 'field-tree', () => `${where}: field tree deeper than 64`);
  let count = 0;
  for (const f of nodes) {
    count++;
    ensure(Number.isInteger(f.offset) && Number.isInteger(f.length) && f.offset >= 0 && f.length >= 0, 'field-range', () => `${where}: field ${f.name} at ${f.offset}+${f.length}`);
    ensure(f.offset + f.length <= size, 'field-range', () => `${where}: field ${f.name} at ${f.offset}+${f.length} runs past the ${size} bytes`);
    ensure(typeof f.value !== 'number' || Number.isFinite(f.value), 'field-value', () => `${where}: field ${f.name} has value ${f.value}`);
    if (f.children) count += checkFields(f.children, size, where, depth + 1);
  }
  return count;
}

/** Every number in a JSON-bound value is finite (JSON.stringify would silently turn NaN into null). */
export function checkFiniteNumbers(v: unknown, path: string, seen = 0): number {
  if (typeof v === 'number') {
    ensure(Number.isFinite(v), 'json-number', () => `${path} is ${v}`);
    return seen + 1;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => (seen = checkFiniteNumbers(x, `${path}[${i}]`, seen)));
    return seen;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) seen = checkFiniteNumbers(x, `${path}.${k}`, seen);
  }
  return seen;
}

export interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** An editor range lies in the document and does not run backwards. */
export function checkRange(r: TextRange, lineLength: (line: number) => number | undefined, where: string): void {
  for (const p of [r.start, r.end]) {
    ensure(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, 'range', () => `${where}: bad position ${JSON.stringify(p)}`);
    const len = lineLength(p.line);
    ensure(len !== undefined, 'range', () => `${where}: line ${p.line} is past the end of the document`);
    ensure(p.character <= len, 'range', () => `${where}: column ${p.character} past the end of line ${p.line} (${len} characters)`);
  }
  ensure(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), 'range', () => `${where}: range runs backwards ${JSON.stringify(r)}`);
}
