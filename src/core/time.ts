/** ISO-8601 UTC with as many fractional digits as the capture's timestamp resolution carries (6 or 9, say). */
export function formatTime(sec: number, nsec: number, digits: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `${sec}.${String(nsec).padStart(9, '0')}`;
  const base = d.toISOString().slice(0, 19);
  const places = Math.max(0, Math.min(9, digits));
  if (places === 0) return `${base}Z`;
  const frac = String(nsec).padStart(9, '0').slice(0, places);
  return `${base}.${frac}Z`;
}
