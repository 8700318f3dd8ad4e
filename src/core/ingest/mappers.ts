import { rawFromObject } from './aliases.js';
import { mapBandwidth } from './formats/bandwidth.js';
import { mapFreeswitch } from './formats/freeswitch.js';
import { mapTelnyx } from './formats/telnyx.js';
import type { ObjectMapper } from './readers.js';
import type { FormatName, Mapped } from './types.js';

const byAliases: ObjectMapper = (obj) => ({ kind: 'call', raw: rawFromObject(obj) });

/** How a format reads one object (JSON record, callback parameters, acc key=value pairs). */
export function objectMapper(format: FormatName): ObjectMapper {
  switch (format) {
    case 'freeswitch':
      return mapFreeswitch;
    case 'telnyx':
      return mapTelnyx;
    case 'bandwidth':
      return mapBandwidth;
    default:
      // canonical, twilio, signalwire, kamailio, opensips, asterisk (cdr_custom JSON): by field name.
      return byAliases;
  }
}

/** Per-row adjustment of header CSVs whose units differ from canonical. */
export function rowTweak(format: FormatName): ((m: Mapped) => Mapped) | undefined {
  if (format !== 'bandwidth') return undefined;
  return (m) => {
    if (m.kind !== 'call') return m;
    const { duration, ...rest } = m.raw;
    return { kind: 'call', raw: { ...rest, durationMs: duration } };
  };
}
