import type { TextTimestamp } from './types';

/** tcpdump -tttt: 2019-05-06 21:35:11.664958 (printed in the reader's time zone: taken as UTC). */
const DATE_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?=\s|Z|$)/;
/** tcpdump's default: 21:35:11.664958 (time of day only). */
const TIME_OF_DAY = /^\s*(\d{1,2}):(\d{2}):(\d{2})\.(\d{1,9})(?=\s|$)/;
/** tcpdump -tt: 1557178511.664958 (seconds since the epoch). */
const EPOCH = /^\s*(\d{9,11})\.(\d{1,9})(?=\s|$)/;

/** The timestamp a header line starts with, in one of tcpdump's spellings, or undefined. */
export function parseHeaderTimestamp(line: string): TextTimestamp | undefined {
  let m = DATE_TIME.exec(line);
  if (m) {
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    if (Number.isNaN(ms)) return undefined;
    return { sec: Math.floor(ms / 1000), ...fraction(m[7]), hasDate: true };
  }
  m = EPOCH.exec(line);
  if (m) return { sec: +m[1]!, ...fraction(m[2]), hasDate: true };
  m = TIME_OF_DAY.exec(line);
  if (m) {
    const h = +m[1]!;
    const min = +m[2]!;
    const s = +m[3]!;
    if (h > 23 || min > 59 || s > 60) return undefined;
    return { sec: h * 3600 + min * 60 + s, ...fraction(m[4]), hasDate: false };
  }
  return undefined;
}

function fraction(digits: string | undefined): { nsec: number; digits: number } {
  if (!digits) return { nsec: 0, digits: 0 };
  return { nsec: parseInt(digits.padEnd(9, '0'), 10), digits: digits.length };
}
