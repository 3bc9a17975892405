export { readCaptureBytes, readCaptureFile, CaptureParser, CaptureStreamReader, type CaptureSink } from './read';
export type { CaptureInfo, CaptureFormat, CapturedPacket } from './types';
