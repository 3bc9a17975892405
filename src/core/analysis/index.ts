/**
 * The call analysis API. Feed a `CallAnalyzer` the capture's events in file order (`packet` for every packet, and
 * the session's `connection`, `message`, `datagram` and `problem`), then call `result(fileInfo)` for the calls
 * document. src/core/export/calls-json.ts wires it to the capture reader and the session for whole files.
 */
export { CallAnalyzer, type CaptureFileInfo } from './analyzer';
export type * from './document';
export { CALLS_SCHEMA_VERSION } from './document';
export { DEFAULT_SETTINGS, type AnalyzerOptions, type AnalyzerSettings } from './options';
