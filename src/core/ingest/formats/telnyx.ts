import { rawFromObject } from '../aliases.js';
import type { Mapped } from '../types.js';
import { isObj, pick, str, type FormatModule, type Obj } from './format.js';

/**
 * A Telnyx Call Control webhook (`{"data":{"event_type":"call.hangup","payload":{...}}}`). Only
 * call.hangup carries the outcome; other events are not an outcome (a reject in a file). `sip_hangup_cause` is the SIP
 * code as a string; when missing, `hangup_cause` (normal_clearing, user_busy...) where it tells
 * one. A session's legs share `call_session_id`: `call_leg_id` tells them apart.
 */
function mapCallControl(body: Obj): Mapped {
  const data = isObj(body.data) ? body.data : body;
  const event = str(data.event_type);
  if (event !== undefined && event !== 'call.hangup')
    return { kind: 'skip', why: `Telnyx ${event.slice(0, 40)} event: not a final outcome (call.hangup is)` };
  const payload = isObj(data.payload) ? data.payload : data;
  const sip = str(payload.sip_hangup_cause);
  const session = pick(payload, 'call_session_id');
  const leg = pick(payload, 'call_leg_id', 'call_control_id');
  return {
    kind: 'call',
    raw: {
      callId: session ?? leg ?? str(data.id),
      attempt: session !== undefined && leg !== undefined && leg !== session ? leg : undefined,
      start: pick(payload, 'start_time') ?? str(data.occurred_at),
      caller: str(payload.from),
      callee: str(payload.to),
      route: str(payload.connection_id),
      sipCode: sip !== undefined && /^\d+$/.test(sip) ? sip : undefined,
      status: str(payload.hangup_cause),
      hangupSource: str(payload.hangup_source),
      attestation: pick(payload, 'shaken_stir_attestation'),
    },
  };
}

/** TeXML status callbacks: Twilio's parameters, with `ConnectionId`, `HangupCause`, `HangupSource`. */
function mapTexml(obj: Obj): Mapped {
  const raw = rawFromObject(obj);
  raw.route = pick(obj, 'ConnectionId') ?? raw.route;
  if (raw.sipCode === undefined && raw.status === undefined) raw.status = pick(obj, 'HangupCause');
  return { kind: 'call', raw };
}

export const telnyx: FormatModule = {
  name: 'telnyx',
  detect: (s) =>
    s.keys.has('sip_hangup_cause') ||
    /"uri"\s*:\s*"\/v2\/texml\//.test(s.text) ||
    /"event_type"\s*:\s*"call\./.test(s.text) ||
    (s.keys.has('CallSid') &&
      (s.keys.has('ConnectionId') || s.keys.has('CallSidLegacy') || s.keys.has('HangupSource'))),
  // TeXML callbacks (CallSid) and the TeXML Call resource (sid, Twilio's shape) are read by name.
  object: (obj) =>
    typeof obj.CallSid === 'string' || typeof obj.sid === 'string' ? mapTexml(obj) : mapCallControl(obj),
};
