/**
 * The messages of one capture as the extension host keeps them: in columns (typed arrays, one table of the strings
 * many messages share, one pool for the message bytes), with a small object per message whose properties read its
 * row. A message object posted by the worker weighs about 800 bytes on the host; a row here about 250, most of it
 * the list's Info text and the bytes. The field tree is decoded again from the bytes when `fields` is read (see
 * lean-message.ts). Pure: no vscode import.
 */
import { decodeMessage } from '../core/sccp/decode';
import type { Direction } from '../core/sccp/catalog/types';
import type { FieldNode, MediaEndpoint, SccpMessage } from '../core/sccp/message';
import type { Problem } from '../core/problems';
import { formatTime } from '../core/time';
import type { MessageSummary, TransferMessage } from './lean-message';

/** A message on the host: `fields` decodes the bytes again (with the layout the worker used). */
export type HostMessage = SccpMessage & { readonly summary: MessageSummary };

/** Rows at first; the columns grow as needed (a small capture stays small). */
const FIRST_CAPACITY = 64;
/** Bytes of the pool's first chunk; each next one is twice as big, up to POOL_CHUNK. */
const FIRST_POOL_CHUNK = 4096;
const POOL_CHUNK = 256 * 1024;

type NumberColumn = 'frame' | 'tsSec' | 'tsNsec' | 'stream' | 'streamOffset' | 'id' | 'headerVersion' | 'layoutVersion' | 'length' | 'srcPort' | 'dstPort';
type StringColumn = 'src' | 'dst' | 'name' | 'idHex' | 'direction';

type Numbers = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

function grown<T extends Numbers>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

export class MessageStore {
  private count = 0;
  private capacity = FIRST_CAPACITY;
  // Numbers of each message, by index: 32-bit where the protocol or the reader bounds them (frame numbers, stream
  // indexes, header fields), doubles where they may not fit (times, stream offsets, absent values as NaN).
  private frame = new Uint32Array(FIRST_CAPACITY);
  private tsSec = new Float64Array(FIRST_CAPACITY);
  private tsNsec = new Uint32Array(FIRST_CAPACITY);
  private tsDigits = new Uint8Array(FIRST_CAPACITY);
  private stream = new Uint32Array(FIRST_CAPACITY);
  private streamOffset = new Float64Array(FIRST_CAPACITY);
  private id = new Uint32Array(FIRST_CAPACITY);
  private headerVersion = new Uint32Array(FIRST_CAPACITY);
  private layoutVersion = new Uint32Array(FIRST_CAPACITY);
  private length = new Uint32Array(FIRST_CAPACITY);
  private srcPort = new Uint16Array(FIRST_CAPACITY);
  private dstPort = new Uint16Array(FIRST_CAPACITY);
  /** NaN when absent. */
  private negotiatedVersion = new Float64Array(FIRST_CAPACITY);
  private tls = new Uint8Array(FIRST_CAPACITY);
  /** NaN when the message has no call reference. */
  private call = new Float64Array(FIRST_CAPACITY);
  // Indexes into `strings`.
  private src = new Uint32Array(FIRST_CAPACITY);
  private dst = new Uint32Array(FIRST_CAPACITY);
  private name = new Uint32Array(FIRST_CAPACITY);
  private idHex = new Uint32Array(FIRST_CAPACITY);
  private direction = new Uint32Array(FIRST_CAPACITY);
  // Where the bytes are: chunk of the pool, offset in it, length.
  private bytesChunk = new Uint32Array(FIRST_CAPACITY);
  private bytesAt = new Uint32Array(FIRST_CAPACITY);
  private bytesLength = new Uint32Array(FIRST_CAPACITY);
  // Frames: a run in `framePool`.
  private framesAt = new Uint32Array(FIRST_CAPACITY);
  private framesCount = new Uint32Array(FIRST_CAPACITY);
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

  /** Stores a posted message; returns the host's object for it. */
  add(t: TransferMessage): HostMessage {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.frame[i] = t.frame;
    this.tsSec[i] = t.tsSec;
    this.tsNsec[i] = t.tsNsec;
    this.stream[i] = t.stream;
    this.streamOffset[i] = t.streamOffset;
    this.id[i] = t.id;
    this.headerVersion[i] = t.headerVersion;
    this.layoutVersion[i] = t.layoutVersion;
    this.length[i] = t.length;
    this.srcPort[i] = t.srcPort;
    this.dstPort[i] = t.dstPort;
    this.negotiatedVersion[i] = t.negotiatedVersion ?? Number.NaN;
    this.tls[i] = t.tls ? 1 : 0;
    this.call[i] = t.summary.call ?? Number.NaN;
    this.src[i] = this.stringAt(t.src);
    this.dst[i] = this.stringAt(t.dst);
    this.name[i] = this.stringAt(t.name);
    this.idHex[i] = this.stringAt(t.idHex);
    this.direction[i] = this.stringAt(t.direction);
    this.info[i] = t.summary.info;
    this.keepBytes(i, t.bytes);
    this.keepFrames(i, t.frames);
    this.keepTime(i, t);
    if (t.problems.length > 0) this.problems.set(i, t.problems);
    if (t.media.length > 0) this.media.set(i, t.media);
    return new StoredMessage(this, i);
  }

  numberOf(column: NumberColumn, i: number): number {
    return this[column][i]!;
  }

  stringOf(column: StringColumn, i: number): string {
    return this.strings[this[column][i]!]!;
  }

  optionalNumberOf(column: 'negotiatedVersion' | 'call', i: number): number | undefined {
    const v = this[column][i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  tlsOf(i: number): true | undefined {
    return this.tls[i] === 1 ? true : undefined;
  }

  infoOf(i: number): string {
    return this.info[i]!;
  }

  timeOf(i: number): string {
    return this.times.get(i) ?? formatTime(this.tsSec[i]!, this.tsNsec[i]!, this.tsDigits[i]!);
  }

  bytesOf(i: number): Uint8Array {
    const at = this.bytesAt[i]!;
    return this.pool[this.bytesChunk[i]!]!.subarray(at, at + this.bytesLength[i]!);
  }

  framesOf(i: number): number[] {
    const at = this.framesAt[i]!;
    return Array.from(this.framePool.subarray(at, at + this.framesCount[i]!));
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
      const size = last ? Math.min(POOL_CHUNK, last.length * 2) : FIRST_POOL_CHUNK;
      this.pool.push(new Uint8Array(Math.max(size, bytes.length)));
      this.poolUsed = 0;
    }
    const chunk = this.pool.length - 1;
    this.pool[chunk]!.set(bytes, this.poolUsed);
    this.bytesChunk[i] = chunk;
    this.bytesAt[i] = this.poolUsed;
    this.bytesLength[i] = bytes.length;
    this.poolUsed += bytes.length;
  }

  private keepFrames(i: number, frames: readonly number[]): void {
    while (this.framePoolUsed + frames.length > this.framePool.length) this.framePool = grown(this.framePool, Math.ceil(this.framePool.length * 1.5));
    this.framePool.set(frames, this.framePoolUsed);
    this.framesAt[i] = this.framePoolUsed;
    this.framesCount[i] = frames.length;
    this.framePoolUsed += frames.length;
  }

  /** The time is formatted again when read; the rare text that formatting would not give back is kept as it is. */
  private keepTime(i: number, t: TransferMessage): void {
    const dot = t.time.indexOf('.');
    const digits = dot < 0 || !t.time.endsWith('Z') ? 0 : t.time.length - dot - 2;
    this.tsDigits[i] = digits;
    if (formatTime(t.tsSec, t.tsNsec, digits) !== t.time) this.times.set(i, t.time);
  }

  private grow(): void {
    // Half as much again each time: at most a third of the rows are ever unused.
    const c = (this.capacity = Math.ceil(this.capacity * 1.5));
    this.frame = grown(this.frame, c);
    this.tsSec = grown(this.tsSec, c);
    this.tsNsec = grown(this.tsNsec, c);
    this.tsDigits = grown(this.tsDigits, c);
    this.stream = grown(this.stream, c);
    this.streamOffset = grown(this.streamOffset, c);
    this.id = grown(this.id, c);
    this.headerVersion = grown(this.headerVersion, c);
    this.layoutVersion = grown(this.layoutVersion, c);
    this.length = grown(this.length, c);
    this.srcPort = grown(this.srcPort, c);
    this.dstPort = grown(this.dstPort, c);
    this.negotiatedVersion = grown(this.negotiatedVersion, c);
    this.tls = grown(this.tls, c);
    this.call = grown(this.call, c);
    this.src = grown(this.src, c);
    this.dst = grown(this.dst, c);
    this.name = grown(this.name, c);
    this.idHex = grown(this.idHex, c);
    this.direction = grown(this.direction, c);
    this.bytesChunk = grown(this.bytesChunk, c);
    this.bytesAt = grown(this.bytesAt, c);
    this.bytesLength = grown(this.bytesLength, c);
    this.framesAt = grown(this.framesAt, c);
    this.framesCount = grown(this.framesCount, c);
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
