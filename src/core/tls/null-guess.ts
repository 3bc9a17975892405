import { HEADER_SIZE, judgeHeaderStart, messageSize, plausibleMessageId } from '../sccp/header';

/** MAC lengths of the NULL-cipher suites: HMAC-MD5, -SHA1, -SHA256, -SHA384. */
const MAC_LENGTHS: readonly number[] = [16, 20, 32, 48];
const SMALLEST_MAC = 16;

/**
 * Without a handshake the cipher suite is unknown. An application_data record whose payload is one or more whole,
 * plausible SCCP messages followed by exactly a MAC's worth of bytes is a NULL-cipher record: ciphertext starting
 * with a plausible SCCP header (zero high length bytes, a known header version, a known ID range) is vanishingly
 * unlikely. Returns the MAC length, or undefined when the payload does not look like that.
 */
export function guessNullCipherMac(payload: Uint8Array): number | undefined {
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let at = 0;
  let messages = 0;
  while (payload.length - at >= HEADER_SIZE + SMALLEST_MAC) {
    const dataLength = dv.getUint32(at, true);
    if (judgeHeaderStart(dataLength, dv.getUint32(at + 4, true)) !== 'ok' || !plausibleMessageId(dv.getUint32(at + 8, true))) break;
    const size = messageSize(dataLength);
    if (size > payload.length - at - SMALLEST_MAC) break;
    at += size;
    messages++;
  }
  const rest = payload.length - at;
  return messages > 0 && MAC_LENGTHS.includes(rest) ? rest : undefined;
}
