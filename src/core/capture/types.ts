import type { HexDumpFormat } from './hexdump/types';

/** One record of a capture file, as the reader found it. */
export interface CapturedPacket {
  /** 1-based frame number, as Wireshark counts. */
  frame: number;
  /**
   * Byte offset of the packet's first captured byte in the capture stream, so a UI can page back to it: in the file,
   * or for a gzip file in the uncompressed stream; for a hex dump, the start of the packet's first line.
   */
  fileOffset: number;
  /** Seconds since the epoch (integer part). */
  tsSec: number;
  /** Nanoseconds within the second. */
  tsNsec: number;
  /** How many fractional digits the file's timestamp resolution carries (6 for microseconds, 9 for nanoseconds). */
  tsDigits: number;
  /** DLT / LINKTYPE_ value of the interface this packet came from. */
  linkType: number;
  /** Length on the wire. */
  originalLength: number;
  /** The captured bytes (may be shorter than originalLength when the snap length cut it). */
  data: Uint8Array;
  /** pcapng interface index (0 for classic pcap). */
  interfaceId: number;
  /**
   * The IP and TCP headers were made up by the hex-dump reader around bare SCCP bytes: its stream has no handshake
   * to miss, so no `tcp.mid-stream` problem is raised for it.
   */
  syntheticTransport?: true;
}

export type CaptureFormat = 'pcap' | 'pcapng' | 'hexdump';

export interface CaptureInfo {
  format: CaptureFormat;
  /** gzip-compressed (detected by magic): offsets then count bytes of the uncompressed stream. */
  compressed: boolean;
  /** Packets read (handed to the sink, or declined by its `unwanted`). */
  packets?: number;
  /** Bytes read (uncompressed). */
  bytes?: number;
  /** For a hex dump: which tool's layout it is in (see hexdump/types.ts). */
  hexDumpFormat?: HexDumpFormat;
}
