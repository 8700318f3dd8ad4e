import type { FormatName } from '../types.js';
import { kamailio, opensips } from './acc.js';
import { asterisk } from './asterisk.js';
import { bandwidth } from './bandwidth.js';
import { csv, json, ndjson } from './canonical.js';
import type { FormatModule } from './format.js';
import { freeswitch } from './freeswitch.js';
import { signalwire } from './signalwire.js';
import { telnyx } from './telnyx.js';
import { twilio } from './twilio.js';

/**
 * Every input format, in the order detection tries them: the most specific first (a Telnyx TeXML
 * callback is also Twilio-shaped; a SignalWire callback too), the canonical records last.
 */
export const FORMAT_MODULES: readonly FormatModule[] = [
  freeswitch,
  telnyx,
  bandwidth,
  signalwire,
  twilio,
  opensips,
  kamailio,
  asterisk,
  csv,
  ndjson,
  json,
];

const BY_NAME = new Map(FORMAT_MODULES.map((m) => [m.name, m]));

export function formatModule(name: FormatName): FormatModule {
  return BY_NAME.get(name)!;
}
