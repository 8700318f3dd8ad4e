import { rawFromObject } from '../aliases.js';
import type { FormatModule } from './format.js';

/** SignalWire LaML status callbacks: Twilio's parameters plus `SipResultCode`, `SipInviteResultPhrase`. */
export const signalwire: FormatModule = {
  name: 'signalwire',
  events: true,
  detect: (s) => s.keys.has('SipResultCode') || (s.norm?.has('sipresultcode') ?? false),
  object: (obj) => ({ kind: 'call', raw: rawFromObject(obj) }),
};
