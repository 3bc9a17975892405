/** The message IDs the generator sends, looked up by Wireshark name in the catalog (so a typo fails loudly). */
import { CATALOG } from '../core/sccp/catalog';

function idOf(name: string): number {
  const def = CATALOG.find((d) => d.name === name);
  if (!def) throw new Error(`generator: message ${name} is not in the catalog`);
  return def.id;
}

export const MSG = {
  KeepAliveReq: idOf('KeepAliveReq'),
  KeepAliveAck: idOf('KeepAliveAck'),
  RegisterReq: idOf('RegisterReq'),
  RegisterAck: idOf('RegisterAck'),
  CapabilitiesReq: idOf('CapabilitiesReq'),
  CapabilitiesRes: idOf('CapabilitiesRes'),
  IpPort: idOf('IpPort'),
  OffHook: idOf('OffHook'),
  OnHook: idOf('OnHook'),
  KeypadButton: idOf('KeypadButton'),
  StartTone: idOf('StartTone'),
  StopTone: idOf('StopTone'),
  SetRinger: idOf('SetRinger'),
  SetLamp: idOf('SetLamp'),
  SelectSoftKeys: idOf('SelectSoftKeys'),
  CallState: idOf('CallState'),
  DisplayPromptStatus: idOf('DisplayPromptStatus'),
  ClearPromptStatus: idOf('ClearPromptStatus'),
  ActivateCallPlane: idOf('ActivateCallPlane'),
  DialedNumber: idOf('DialedNumber'),
  CallInfo: idOf('CallInfo'),
  CallInfoV2: idOf('CallInfoV2'),
  OpenReceiveChannel: idOf('OpenReceiveChannel'),
  OpenReceiveChannelAck: idOf('OpenReceiveChannelAck'),
  StartMediaTransmission: idOf('StartMediaTransmission'),
  StartMediaTransmissionAck: idOf('StartMediaTransmissionAck'),
  StopMediaTransmission: idOf('StopMediaTransmission'),
  CloseReceiveChannel: idOf('CloseReceiveChannel'),
  ConnectionStatisticsReq: idOf('ConnectionStatisticsReq'),
  ConnectionStatisticsRes: idOf('ConnectionStatisticsRes'),
} as const;

/** Values of the enumerations the generator uses (Wireshark's labels in comments). */
export const V = {
  stimulusLine: 9,
  lampOff: 1,
  lampOn: 2,
  lampBlink: 5,
  ringOff: 1,
  ringInside: 2,
  ringNormal: 1,
  toneInsideDial: 33,
  toneAlerting: 36,
  callStateOffHook: 1,
  callStateOnHook: 2,
  callStateRingOut: 3,
  callStateRingIn: 4,
  callStateConnected: 5,
  callStateProceed: 12,
  softKeysOnHook: 0,
  softKeysConnected: 1,
  softKeysRingIn: 3,
  softKeysOffHook: 4,
  softKeysDigitsFollowing: 6,
  softKeysRingOut: 8,
  callTypeOutbound: 2,
  callTypeInbound: 1,
} as const;
