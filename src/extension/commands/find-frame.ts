/**
 * "Go to Frame": the message to select for a frame number. A message belongs to the frame that carries its last byte
 * (as in Wireshark's list), but a frame that carried only the first part of a split message finds that message too;
 * a frame with no SCCP finds the first message of the next frame that has one.
 */
export interface FrameRef {
  readonly frame: number;
  readonly frames: readonly number[];
}

export function findFrame(messages: readonly FrameRef[], frame: number): number | undefined {
  let part: number | undefined;
  let next: number | undefined;
  let nextFrame = Infinity;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.frame === frame) return i;
    if (part === undefined && m.frames.includes(frame)) part = i;
    if (m.frame > frame && m.frame < nextFrame) {
      next = i;
      nextFrame = m.frame;
    }
  }
  return part ?? next;
}
