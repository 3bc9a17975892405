/** Thresholds of the ALG replay. The defaults are the JUNOS / ScreenOS SCCP ALG's where it has one. */
export interface AnalyzerOptions {
  /** New calls a station may originate in any 60-second window (JUNOS call-flood threshold, default 20). */
  callFloodPerMinute?: number;
  /** RegisterReq messages from one IP address in any 60-second window (default 10; JUNOS has no such screen). */
  registrationFloodPerMinute?: number;
  /** Seconds without RTP or RTCP in a call after which the ALG closes its pinholes (JUNOS default 120). */
  inactiveMediaTimeoutSeconds?: number;
}

export interface AnalyzerSettings {
  callFloodPerMinute: number;
  registrationFloodPerMinute: number;
  inactiveMediaTimeoutSeconds: number;
}

export const DEFAULT_SETTINGS: AnalyzerSettings = {
  callFloodPerMinute: 20,
  registrationFloodPerMinute: 10,
  inactiveMediaTimeoutSeconds: 120,
};

export function settingsOf(o: AnalyzerOptions): AnalyzerSettings {
  const pick = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : d);
  return {
    callFloodPerMinute: pick(o.callFloodPerMinute, DEFAULT_SETTINGS.callFloodPerMinute),
    registrationFloodPerMinute: pick(o.registrationFloodPerMinute, DEFAULT_SETTINGS.registrationFloodPerMinute),
    inactiveMediaTimeoutSeconds: pick(o.inactiveMediaTimeoutSeconds, DEFAULT_SETTINGS.inactiveMediaTimeoutSeconds),
  };
}
