/**
 * The decode settings (sccpDissect.sccpPorts, .tlsPorts, .alg.*), validated. Pure: takes a getter, so that the
 * defaults and the handling of bad values are unit-tested; the editor passes VS Code's configuration.
 */
import { DEFAULT_SETTINGS, type AnalyzerSettings } from '../../core/analysis/options';
import { DEFAULT_SCCP_PORTS, DEFAULT_TLS_PORTS } from '../../core/session';

export interface DecodeSettings {
  sccpPorts: number[];
  tlsPorts: number[];
  analyzer: AnalyzerSettings;
}

/** Setting keys under the `sccpDissect` section. */
export const SETTING_KEYS = {
  sccpPorts: 'sccpPorts',
  tlsPorts: 'tlsPorts',
  callFlood: 'alg.callFloodPerMinute',
  registrationFlood: 'alg.registrationFloodPerMinute',
  inactiveMedia: 'alg.inactiveMediaTimeoutSeconds',
} as const;

export function decodeSettingsFrom(get: (key: string) => unknown): DecodeSettings {
  return {
    sccpPorts: ports(get(SETTING_KEYS.sccpPorts), DEFAULT_SCCP_PORTS),
    tlsPorts: ports(get(SETTING_KEYS.tlsPorts), DEFAULT_TLS_PORTS),
    analyzer: {
      callFloodPerMinute: positive(get(SETTING_KEYS.callFlood), DEFAULT_SETTINGS.callFloodPerMinute),
      registrationFloodPerMinute: positive(get(SETTING_KEYS.registrationFlood), DEFAULT_SETTINGS.registrationFloodPerMinute),
      inactiveMediaTimeoutSeconds: positive(get(SETTING_KEYS.inactiveMedia), DEFAULT_SETTINGS.inactiveMediaTimeoutSeconds),
    },
  };
}

/** A list of TCP ports (a single number is taken as a list of one); bad entries dropped; none left: the default. */
function ports(v: unknown, fallback: readonly number[]): number[] {
  const list = Array.isArray(v) ? v : typeof v === 'number' ? [v] : [];
  const ok = [...new Set(list.filter((p): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535))];
  return ok.length > 0 ? ok : [...fallback];
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** True when a configuration change touches a setting that changes what decoding gives. */
export function affectsDecoding(affects: (section: string) => boolean): boolean {
  return Object.values(SETTING_KEYS).some((k) => affects(`sccpDissect.${k}`));
}
