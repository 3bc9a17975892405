/**
 * The messages of one capture as the extension host keeps them: in columns (typed arrays, one table of the strings
 * many messages share, one pool for the message bytes), with a small object per message whose properties read its
 * row. A message object posted by the worker weighed about 800 bytes on the host; a row here takes 220-370 (measured
 * by bench/editor-index.mjs), much of it the list's Info text and the bytes. The decode worker builds a store of its
 * own for each batch and posts it in these columns (`export`, `append`). The field tree is decoded again from the
 * bytes when `fields` is read (see lean-message.ts). Pure: no vscode import.
 */
import { decodeMessage } from '../core/sccp/decode';
import type { Direction } from '../core/sccp/catalog/types';
import type { FieldNode, MediaEndpoint, SccpMessage } from '../core/sccp/message';
import type { Problem } from '../core/problems';
import { formatTime } from '../core/time';
import type { MessageSummary } from './lean-message';

/** A message on the host: `fields` decodes the bytes again (with the layout the worker used). */
export type HostMessage = SccpMessage & { readonly summary: MessageSummary };

/** Rows at first; the columns grow as needed (a small capture stays small). */
const FIRST_CAPACITY = 64;
/** Bytes of the pool's first chunk; each next one is twice as big, up to POOL_CHUNK. */
const FIRST_POOL_CHUNK = 4096;
const POOL_CHUNK = 256 * 1024;

/** The store's columns, one value per message. */
function newColumns(n: number) {
  return {
    // 32-bit where the protocol or the reader bounds the values (frame numbers, stream indexes, header fields),
    // doubles where they may not fit (times, stream offsets, absent values as NaN).
    frame: new Uint32Array(n),
    tsSec: new Float64Array(n),
    tsNsec: new Uint32Array(n),
    tsDigits: new Uint8Array(n),
    stream: new Uint32Array(n),
    streamOffset: new Float64Array(n),
    id: new Uint32Array(n),
    headerVersion: new Uint32Array(n),
    layoutVersion: new Uint32Array(n),
    length: new Uint32Array(n),
    srcPort: new Uint16Array(n),
    dstPort: new Uint16Array(n),
    /** NaN when absent. */
    negotiatedVersion: new Float64Array(n),
    tls: new Uint8Array(n),
    /** NaN when the message has no call reference. */
    call: new Float64Array(n),
    // Indexes into the string table.
    src: new Uint32Array(n),
    dst: new Uint32Array(n),
    name: new Uint32Array(n),
    idHex: new Uint32Array(n),
    direction: new Uint32Array(n),
    // Where the bytes are: chunk of the pool, offset in it, length.
    bytesChunk: new Uint32Array(n),
    bytesAt: new Uint32Array(n),
    bytesLength: new Uint32Array(n),
    // Frames: a run in the frame pool.
    framesAt: new Uint32Array(n),
    framesCount: new Uint32Array(n),
  };
}

type Columns = ReturnType<typeof newColumns>;
type ColumnName = keyof Columns;
type NumberColumn = 'frame' | 'tsSec' | 'tsNsec' | 'stream' | 'streamOffset' | 'id' | 'headerVersion' | 'layoutVersion' | 'length' | 'srcPort' | 'dstPort';
type StringColumn = 'src' | 'dst' | 'name' | 'idHex' | 'direction';
const STRING_COLUMNS: readonly StringColumn[] = ['src', 'dst', 'name', 'idHex', 'direction'];
/** Copied as they are from a batch (strings are looked up again, bytes and frames placed again). */
const PLAIN_COLUMNS = (Object.keys(newColumns(0)) as ColumnName[]).filter(
  (c) => !(STRING_COLUMNS as readonly string[]).includes(c) && c !== 'bytesChunk' && c !== 'bytesAt' && c !== 'framesAt',
);

type Numbers = Columns[ColumnName];

function grown<T extends Numbers>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

/**
 * Messages in columns, as the decode worker posts them (a store per batch, `export`ed) and as the host keeps them
 * (`append`): structured cloning a few typed arrays costs next to nothing, where cloning an object per message was
 * the largest cost of posting a batch.
 */
export interface MessageBatch {
  count: number;
  columns: Columns;
  strings: string[];
  info: string[];
  bytes: Uint8Array;
  frames: Uint32Array;
  problems: [number, Problem[]][];
  media: [number, MediaEndpoint[]][];
  times: [number, string][];
}

export class MessageStore {
  private count = 0;
  private capacity = FIRST_CAPACITY;
  private cols: Columns = newColumns(FIRST_CAPACITY);
  private framePool = new Uint32Array(FIRST_CAPACITY);
  private framePoolUsed = 0;

  private readonly info: string[] = [];
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly pool: Uint8Array[] = [];
  private poolUsed = 0;
  /** What few messages have: problems, media endpoints, a time that is not the formatted timestamp. */
  private readonly problems = new Map<number, Problem[]>();
  private readonly media = new Map<number, MediaEndpoint[]>();
  private readonly times = new Map<number, string>();

  get size(): number {
    return this.count;
  }

  /** Stores a decoded message (all but its field tree) with its summary; returns the host's object for it. */
  add(t: Omit<SccpMessage, 'fields'>, summary: MessageSummary): HostMessage {
    if (this.count === this.capacity) this.grow(this.count + 1);
    const i = this.count++;
    const c = this.cols;
    c.frame[i] = t.frame;
    c.tsSec[i] = t.tsSec;
    c.tsNsec[i] = t.tsNsec;
    c.stream[i] = t.stream;
    c.streamOffset[i] = t.streamOffset;
    c.id[i] = t.id;
    c.headerVersion[i] = t.headerVersion;
    c.layoutVersion[i] = t.layoutVersion;
    c.length[i] = t.length;
    c.srcPort[i] = t.srcPort;
    c.dstPort[i] = t.dstPort;
    c.negotiatedVersion[i] = t.negotiatedVersion ?? Number.NaN;
    c.tls[i] = t.tls ? 1 : 0;
    c.call[i] = summary.call ?? Number.NaN;
    c.src[i] = this.stringAt(t.src);
    c.dst[i] = this.stringAt(t.dst);
    c.name[i] = this.stringAt(t.name);
    c.idHex[i] = this.stringAt(t.idHex);
    c.direction[i] = this.stringAt(t.direction);
    this.info[i] = summary.info;
    this.keepBytes(i, t.bytes);
    this.keepFrames(i, t.frames);
    this.keepTime(i, t);
    if (t.problems.length > 0) this.problems.set(i, t.problems);
    if (t.media.length > 0) this.media.set(i, t.media);
    return new StoredMessage(this, i);
  }

  /** The messages as one batch to post: the columns cut to size, the bytes in one buffer. */
  export(): MessageBatch {
    const n = this.count;
    const columns = newColumns(0);
    for (const name of Object.keys(columns) as ColumnName[]) (columns as Record<ColumnName, Numbers>)[name] = this.cols[name].slice(0, n);
    // The messages' bytes one after the other, without the unused ends of the pool's chunks.
    let total = 0;
    for (let i = 0; i < n; i++) total += columns.bytesLength[i]!;
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      bytes.set(this.bytesOf(i), at);
      columns.bytesAt[i] = at;
      columns.bytesChunk[i] = 0;
      at += columns.bytesLength[i]!;
    }
    return {
      count: n,
      columns,
      strings: [...this.strings],
      info: this.info.slice(0, n),
      bytes,
      frames: this.framePool.slice(0, this.framePoolUsed),
      problems: [...this.problems],
      media: [...this.media],
      times: [...this.times],
    };
  }

  /** Adds a posted batch; returns the host's objects for its messages. */
  append(b: MessageBatch): HostMessage[] {
    const base = this.count;
    if (base + b.count > this.capacity) this.grow(base + b.count);
    const c = this.cols;
    for (const name of PLAIN_COLUMNS) (c[name] as Numbers).set(b.columns[name].subarray(0, b.count), base);
    const own = b.strings.map((s) => this.stringAt(s));
    for (const name of STRING_COLUMNS) {
      const from = b.columns[name];
      const to = c[name];
      for (let i = 0; i < b.count; i++) to[base + i] = own[from[i]!]!;
    }
    // The batch's bytes become a chunk of the pool as they are; the next message added starts a new chunk.
    const chunk = this.pool.length;
    this.pool.push(b.bytes);
    this.poolUsed = b.bytes.length;
    c.bytesChunk.fill(chunk, base, base + b.count);
    c.bytesAt.set(b.columns.bytesAt.subarray(0, b.count), base);
    this.ensureFramePool(b.frames.length);
    this.framePool.set(b.frames, this.framePoolUsed);
    for (let i = 0; i < b.count; i++) c.framesAt[base + i] = this.framePoolUsed + b.columns.framesAt[i]!;
    this.framePoolUsed += b.frames.length;
    for (let i = 0; i < b.count; i++) this.info[base + i] = b.info[i]!;
    for (const [i, v] of b.problems) this.problems.set(base + i, v);
    for (const [i, v] of b.media) this.media.set(base + i, v);
    for (const [i, v] of b.times) this.times.set(base + i, v);
    this.count += b.count;
    const out: HostMessage[] = [];
    for (let i = base; i < this.count; i++) out.push(new StoredMessage(this, i));
    return out;
  }

  numberOf(column: NumberColumn, i: number): number {
    return this.cols[column][i]!;
  }

  stringOf(column: StringColumn, i: number): string {
    return this.strings[this.cols[column][i]!]!;
  }

  optionalNumberOf(column: 'negotiatedVersion' | 'call', i: number): number | undefined {
    const v = this.cols[column][i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  tlsOf(i: number): true | undefined {
    return this.cols.tls[i] === 1 ? true : undefined;
  }

  infoOf(i: number): string {
    return this.info[i]!;
  }

  timeOf(i: number): string {
    const c = this.cols;
    return this.times.get(i) ?? formatTime(c.tsSec[i]!, c.tsNsec[i]!, c.tsDigits[i]!);
  }

  bytesOf(i: number): Uint8Array {
    const c = this.cols;
    const at = c.bytesAt[i]!;
    return this.pool[c.bytesChunk[i]!]!.subarray(at, at + c.bytesLength[i]!);
  }

  framesOf(i: number): number[] {
    const at = this.cols.framesAt[i]!;
    return Array.from(this.framePool.subarray(at, at + this.cols.framesCount[i]!));
  }

  problemsOf(i: number): Problem[] {
    return this.problems.get(i) ?? [];
  }

  mediaOf(i: number): MediaEndpoint[] {
    return this.media.get(i) ?? [];
  }

  private stringAt(s: string): number {
    let k = this.stringIndex.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, k);
    }
    return k;
  }

  private keepBytes(i: number, bytes: Uint8Array): void {
    const last = this.pool[this.pool.length - 1];
    if (!last || this.poolUsed + bytes.length > last.length) {
      // A message longer than a chunk gets a chunk of its own.
      const size = last ? Math.min(POOL_CHUNK, Math.max(FIRST_POOL_CHUNK, last.length * 2)) : FIRST_POOL_CHUNK;
      this.pool.push(new Uint8Array(Math.max(size, bytes.length)));
      this.poolUsed = 0;
    }
    const chunk = this.pool.length - 1;
    this.pool[chunk]!.set(bytes, this.poolUsed);
    this.cols.bytesChunk[i] = chunk;
    this.cols.bytesAt[i] = this.poolUsed;
    this.cols.bytesLength[i] = bytes.length;
    this.poolUsed += bytes.length;
  }

  private ensureFramePool(more: number): void {
    let size = this.framePool.length;
    while (this.framePoolUsed + more > size) size = Math.ceil(size * 1.5);
    if (size !== this.framePool.length) this.framePool = grown(this.framePool, size);
  }

  private keepFrames(i: number, frames: readonly number[]): void {
    this.ensureFramePool(frames.length);
    this.framePool.set(frames, this.framePoolUsed);
    this.cols.framesAt[i] = this.framePoolUsed;
    this.cols.framesCount[i] = frames.length;
    this.framePoolUsed += frames.length;
  }

  /** The time is formatted again when read; the rare text that formatting would not give back is kept as it is. */
  private keepTime(i: number, t: Omit<SccpMessage, 'fields'>): void {
    const dot = t.time.indexOf('.');
    const digits = dot < 0 || !t.time.endsWith('Z') ? 0 : t.time.length - dot - 2;
    this.cols.tsDigits[i] = digits;
    if (formatTime(t.tsSec, t.tsNsec, digits) !== t.time) this.times.set(i, t.time);
  }

  /** Room for at least `needed` rows: half as much again each time, so at most a third are ever unused. */
  private grow(needed: number): void {
    let c = this.capacity;
    while (c < needed) c = Math.ceil(c * 1.5);
    this.capacity = c;
    const cols = this.cols as Record<ColumnName, Numbers>;
    for (const name of Object.keys(cols) as ColumnName[]) cols[name] = grown(cols[name], c);
  }
}

/** Field trees of the messages read last: a view redrawing its selection does not decode it again each time. */
const RECENT = 256;
const recent = new Map<StoredMessage, FieldNode[]>();

/** One message of a store: each property reads the message's row (arrays are new copies on each read). */
class StoredMessage implements HostMessage {
  constructor(
    private readonly store: MessageStore,
    private readonly i: number,
  ) {}

  get frame(): number {
    return this.store.numberOf('frame', this.i);
  }
  get frames(): number[] {
    return this.store.framesOf(this.i);
  }
  get time(): string {
    return this.store.timeOf(this.i);
  }
  get tsSec(): number {
    return this.store.numberOf('tsSec', this.i);
  }
  get tsNsec(): number {
    return this.store.numberOf('tsNsec', this.i);
  }
  get stream(): number {
    return this.store.numberOf('stream', this.i);
  }
  get streamOffset(): number {
    return this.store.numberOf('streamOffset', this.i);
  }
  get src(): string {
    return this.store.stringOf('src', this.i);
  }
  get srcPort(): number {
    return this.store.numberOf('srcPort', this.i);
  }
  get dst(): string {
    return this.store.stringOf('dst', this.i);
  }
  get dstPort(): number {
    return this.store.numberOf('dstPort', this.i);
  }
  get direction(): Direction | 'unknown' {
    return this.store.stringOf('direction', this.i) as Direction | 'unknown';
  }
  get headerVersion(): number {
    return this.store.numberOf('headerVersion', this.i);
  }
  get id(): number {
    return this.store.numberOf('id', this.i);
  }
  get idHex(): string {
    return this.store.stringOf('idHex', this.i);
  }
  get name(): string {
    return this.store.stringOf('name', this.i);
  }
  get length(): number {
    return this.store.numberOf('length', this.i);
  }
  get layoutVersion(): number {
    return this.store.numberOf('layoutVersion', this.i);
  }
  get bytes(): Uint8Array {
    return this.store.bytesOf(this.i);
  }
  get problems(): Problem[] {
    return this.store.problemsOf(this.i);
  }
  get media(): MediaEndpoint[] {
    return this.store.mediaOf(this.i);
  }
  get tls(): true | undefined {
    return this.store.tlsOf(this.i);
  }
  get negotiatedVersion(): number | undefined {
    return this.store.optionalNumberOf('negotiatedVersion', this.i);
  }
  get summary(): MessageSummary {
    const call = this.store.optionalNumberOf('call', this.i);
    const info = this.store.infoOf(this.i);
    return call === undefined ? { info } : { call, info };
  }
  get fields(): FieldNode[] {
    let fields = recent.get(this);
    if (fields) {
      recent.delete(this);
    } else {
      fields = decodeMessage(this.bytes, { forceLayoutVersion: this.layoutVersion }).fields;
      if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
    }
    recent.set(this, fields);
    return fields;
  }
}
