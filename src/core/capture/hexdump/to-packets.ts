/**
 * From the packets of a hex dump to CapturedPacket values for the pipeline: Ethernet and Linux cooked frames keep
 * their link type, IP packets become raw IP (101), bare TCP segments and raw SCCP messages get the minimal IPv4
 * (+ TCP) framing of synthesise.ts.
 */
import { problem, type Problem, type ProblemCode } from '../../problems';
import { messageById } from '../../sccp/catalog';
import { readHeader } from '../../sccp/header';
import type { CapturedPacket } from '../types';
import { classifyBlock, splitMessages, type BlockContent } from './content';
import { newSynthState, wrapSccp, wrapTcpInIpv4, type SynthDirection } from './synthesise';
import type { TextPacket, TextProblemKind } from './types';

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;

/** Largest SCCP payload put in one synthesised segment (an IPv4 total length must fit 16 bits). */
const MAX_SYNTH_PAYLOAD = 60000;

const CODES: Record<TextProblemKind, ProblemCode> = {
  'bad-character': 'hexdump.bad-text',
  'odd-digits': 'hexdump.bad-text',
  'mixed-format': 'hexdump.mixed-format',
  offset: 'hexdump.offset',
  'repeat-limit': 'hexdump.offset',
};

export interface PacketSink {
  packet(p: CapturedPacket): void;
  problem(p: Problem): void;
}

/** Where line n of the text starts, as a byte offset (for problems and CapturedPacket.fileOffset). */
export type LineOffset = (line: number) => number;

export class TextPacketConverter {
  private frame = 0;
  private readonly synth: SynthDirection = newSynthState();
  /** What each non-empty text packet held, in order (for a caller that shows it). */
  readonly contents: BlockContent[] = [];

  constructor(private readonly sink: PacketSink) {}

  convert(tp: TextPacket, lineOffset: LineOffset): void {
    for (const tpr of tp.problems) {
      const line = tp.firstLine + tpr.line;
      this.sink.problem(
        problem(CODES[tpr.kind], `line ${line + 1}, column ${tpr.column + 1}: ${tpr.message}`, { offset: lineOffset(line) + tpr.column, length: tpr.width }),
      );
    }
    if (tp.bytes.length === 0) return;
    const content = classifyBlock(tp.bytes, this.contents[this.contents.length - 1]);
    this.contents.push(content);
    const base = {
      fileOffset: lineOffset(tp.firstLine),
      tsSec: tp.timestamp?.sec ?? 0,
      tsNsec: tp.timestamp?.nsec ?? 0,
      tsDigits: tp.timestamp && tp.timestamp.digits > 0 ? tp.timestamp.digits : 6,
      interfaceId: 0,
    };
    const emit = (linkType: number, data: Uint8Array, synthetic = false): void => {
      this.frame++;
      this.sink.packet({ ...base, frame: this.frame, linkType, originalLength: data.length, data, ...(synthetic ? { syntheticTransport: true as const } : {}) });
    };
    switch (content) {
      case 'ethernet':
        return emit(LINKTYPE_ETHERNET, tp.bytes);
      case 'linux-sll':
        return emit(LINKTYPE_LINUX_SLL, tp.bytes);
      case 'ipv4':
      case 'ipv6':
        return emit(LINKTYPE_RAW, tp.bytes);
      case 'tcp':
        return emit(LINKTYPE_RAW, wrapTcpInIpv4(tp.bytes, this.synth));
      case 'unknown':
        this.sink.problem(
          problem(
            'hexdump.unknown-content',
            `line ${tp.firstLine + 1}: ${tp.bytes.length} bytes that are neither an Ethernet frame, an IP packet, a TCP segment nor SCCP messages with known headers: decoded as SCCP messages anyway`,
            { offset: base.fileOffset },
          ),
        );
        break;
      case 'sccp':
        break;
    }
    for (const run of directionRuns(tp.bytes)) emit(LINKTYPE_RAW, wrapSccp(run.bytes, run.toCallManager, this.synth), true);
  }
}

/** Consecutive messages that go the same way, at most MAX_SYNTH_PAYLOAD bytes per run. */
function directionRuns(b: Uint8Array): { bytes: Uint8Array; toCallManager: boolean }[] {
  const out: { bytes: Uint8Array; toCallManager: boolean }[] = [];
  let runStart = 0;
  let runEnd = 0;
  let runDir: boolean | undefined;
  for (const span of splitMessages(b)) {
    const dir = span.end - span.start >= 12 ? messageById(readHeader(b, span.start).id)?.direction !== 'callmanager-to-station' : true;
    if (runDir !== undefined && (dir !== runDir || span.end - runStart > MAX_SYNTH_PAYLOAD)) {
      pushChunks(out, b.subarray(runStart, runEnd), runDir);
      runStart = span.start;
    }
    runDir = dir;
    runEnd = span.end;
  }
  if (runDir !== undefined) pushChunks(out, b.subarray(runStart, runEnd), runDir);
  return out;
}

function pushChunks(out: { bytes: Uint8Array; toCallManager: boolean }[], bytes: Uint8Array, toCallManager: boolean): void {
  for (let at = 0; at < bytes.length; at += MAX_SYNTH_PAYLOAD) out.push({ bytes: bytes.subarray(at, at + MAX_SYNTH_PAYLOAD), toCallManager });
}
