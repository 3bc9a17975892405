/**
 * Rate screens of an ALG: more than `threshold` events in any 60-second window. Windows over the threshold that
 * overlap make one episode, reported once with the most events any of its windows held.
 */
import type { At } from './document';

export const FLOOD_WINDOW_SECONDS = 60;
const MAX_FRAMES = 50;

export interface FloodEpisode<T extends At> {
  /** The most events in one window. */
  count: number;
  events: number;
  first: T;
  last: T;
  frames: number[];
}

/** `events` in time order. */
export function floodEpisodes<T extends At>(events: readonly T[], threshold: number): FloodEpisode<T>[] {
  const out: FloodEpisode<T>[] = [];
  let episode: { from: number; to: number; count: number } | undefined;
  let j = 0;
  for (let i = 0; i < events.length; i++) {
    if (j < i) j = i;
    while (j + 1 < events.length && events[j + 1]!.t < events[i]!.t + FLOOD_WINDOW_SECONDS) j++;
    const count = j - i + 1;
    if (count <= threshold) continue;
    if (episode && i <= episode.to) {
      episode.to = Math.max(episode.to, j);
      episode.count = Math.max(episode.count, count);
    } else {
      if (episode) out.push(close(events, episode));
      episode = { from: i, to: j, count };
    }
  }
  if (episode) out.push(close(events, episode));
  return out;
}

function close<T extends At>(events: readonly T[], e: { from: number; to: number; count: number }): FloodEpisode<T> {
  const slice = events.slice(e.from, e.to + 1);
  return { count: e.count, events: slice.length, first: slice[0]!, last: slice[slice.length - 1]!, frames: slice.slice(0, MAX_FRAMES).map((a) => a.frame) };
}
