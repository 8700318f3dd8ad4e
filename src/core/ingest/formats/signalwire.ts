import { rawFromObject } from '../aliases.js';
import type { Mapped } from '../types.js';
import { isObj, pick, type FormatModule, type Obj } from './format.js';

/**
 * A RELAY / Call Fabric call webhook (`{"call":{"call_id","call_state","from","to",...}}`): only
 * the `ended` state is an outcome, with its `end_reason` (hangup, busy, noAnswer...).
 */
function mapRelay(call: Obj): Mapped {
  const state = pick(call, 'call_state') ?? '';
  if (state !== 'ended')
    return { kind: 'skip', why: `call_state ${state.slice(0, 20) || '(none)'}: not a final outcome` };
  return {
    kind: 'call',
    raw: {
      callId: pick(call, 'call_id'),
      start: pick(call, 'start_time', 'created_at', 'timestamp'),
      caller: pick(call, 'from_number', 'from'),
      callee: pick(call, 'to_number', 'to'),
      status: pick(call, 'end_reason'),
    },
  };
}

/**
 * SignalWire: LaML status callbacks (Twilio's parameters plus `SipResultCode`,
 * `SipInviteResultPhrase`) and RELAY call webhooks.
 */
export const signalwire: FormatModule = {
  name: 'signalwire',
  detect: (s) =>
    s.keys.has('SipResultCode') ||
    (s.norm?.has('sipresultcode') ?? false) ||
    (s.keys.has('call_state') && (s.keys.has('segment_id') || s.keys.has('project_id'))),
  object: (obj) => (isObj(obj.call) ? mapRelay(obj.call) : { kind: 'call', raw: rawFromObject(obj) }),
};
