export { readCaptureBytes, readCaptureFile, type CaptureSink } from './read';
export type { CaptureInfo, CaptureFormat, CapturedPacket } from './types';
