/**
 * RTP clock rates: of the static payload types (RFC 3551 tables 4 and 5), and of the codecs SCCP negotiates
 * (compressionType, Wireshark's Media_PayloadType values), for dynamic payload types.
 */

const STATIC: Record<number, [string, number]> = {
  0: ['PCMU', 8000],
  3: ['GSM', 8000],
  4: ['G723', 8000],
  5: ['DVI4', 8000],
  6: ['DVI4', 16000],
  7: ['LPC', 8000],
  8: ['PCMA', 8000],
  9: ['G722', 8000],
  10: ['L16', 44100],
  11: ['L16', 44100],
  12: ['QCELP', 8000],
  13: ['CN', 8000],
  14: ['MPA', 90000],
  15: ['G728', 8000],
  16: ['DVI4', 11025],
  17: ['DVI4', 22050],
  18: ['G729', 8000],
  19: ['CN', 8000],
  25: ['CelB', 90000],
  26: ['JPEG', 90000],
  28: ['nv', 90000],
  31: ['H261', 90000],
  32: ['MPV', 90000],
  33: ['MP2T', 90000],
  34: ['H263', 90000],
};

export function staticPayloadName(pt: number): string | undefined {
  return STATIC[pt]?.[0];
}

export function staticClockRate(pt: number): number | undefined {
  return STATIC[pt]?.[1];
}

/** The RTP clock of an SCCP compressionType, when it has one (narrowband voice runs at 8 kHz, video at 90 kHz). */
export function codecClockRate(compressionType: number): number | undefined {
  if (compressionType >= 2 && compressionType <= 20) return 8000; // G.711, G.722 (8 kHz RTP clock), G.723.1, G.728, G.729, GSM
  if (compressionType === 25 || compressionType === 40 || compressionType === 41 || compressionType === 89 || compressionType === 98) return 16000;
  if (compressionType >= 80 && compressionType <= 86) return 8000; // GSM, G.726, iLBC
  if (compressionType === 90) return 48000; // Opus
  if (compressionType === 97) return 8000; // AMR
  if ((compressionType >= 100 && compressionType <= 104) || compressionType === 109 || compressionType === 110 || compressionType === 115) return 90000;
  return undefined;
}
