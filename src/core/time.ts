/** ISO-8601 UTC with as many fractional digits as the capture's timestamp resolution carries (6 or 9, say). */
export function formatTime(sec: number, nsec: number, digits: number): string {
  const base = secondText(sec);
  if (base === undefined) return `${sec}.${String(nsec).padStart(9, '0')}`;
  const places = Math.max(0, Math.min(9, digits));
  if (places === 0) return `${base}Z`;
  const frac = String(nsec).padStart(9, '0').slice(0, places);
  return `${base}.${frac}Z`;
}

let lastSec = NaN;
let lastSecText: string | undefined;

/** The date and time of a whole second; remembered, because consecutive messages are mostly in the same second. */
function secondText(sec: number): string | undefined {
  if (sec !== lastSec) {
    const d = new Date(sec * 1000);
    lastSecText = Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 19);
    lastSec = sec;
  }
  return lastSecText;
}
