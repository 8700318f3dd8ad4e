import { rawFromObject } from '../aliases.js';
import type { Mapped } from '../types.js';
import { isObj, pick, str, type FormatModule, type Obj } from './format.js';

/**
 * A Voice Insights call summary (`call_summaries[]`): parties and carriers under `from`/`to`,
 * the outcome under `properties` (`last_sip_response_num`, `q850_cause`, `disconnected_by`).
 * The route is the callee side's carrier, the network the call was refused by.
 */
function mapSummary(obj: Obj): Mapped {
  const from = isObj(obj.from) ? obj.from : {};
  const to = isObj(obj.to) ? obj.to : {};
  const props = isObj(obj.properties) ? obj.properties : {};
  return {
    kind: 'call',
    raw: {
      callId: str(obj.call_sid),
      start: pick(obj, 'start_time', 'created_time'),
      caller: pick(from, 'caller', 'number'),
      callee: pick(to, 'callee', 'number'),
      route: pick(to, 'carrier') ?? pick(from, 'carrier'),
      sipCode: str(props.last_sip_response_num),
      q850: str(props.q850_cause),
      duration: str(obj.duration),
      status: str(obj.call_state),
      hangupSource: str(props.disconnected_by),
      pddMs: str(props.pdd_ms),
    },
  };
}

/**
 * Twilio: status callbacks (`CallSid`, `CallStatus`, `SipResponseCode`; form parameters, JSON or
 * logged one `Key=value` a line), the Call resource of the REST API and BulkExport (`sid`,
 * `status`, `start_time`), Voice Insights call summaries, and the console's call-log CSV. A
 * CallSid is per call leg: each is an attempt.
 */
export const twilio: FormatModule = {
  name: 'twilio',
  detect(s) {
    const k = s.keys;
    if (k.has('CallSid')) return true;
    if (k.has('call_summaries') || (k.has('call_sid') && (k.has('properties') || k.has('call_state')))) return true; // Voice Insights
    if (
      k.has('sid') &&
      k.has('account_sid') &&
      (k.has('to_formatted') || k.has('phone_number_sid') || k.has('parent_call_sid'))
    )
      return true;
    const h = s.norm;
    return !!h && h.has('callsid') && (h.has('accountsid') || h.has('priceunit') || h.has('direction'));
  },
  object(obj) {
    if (typeof obj.call_sid === 'string' && (isObj(obj.properties) || typeof obj.call_state === 'string'))
      return mapSummary(obj);
    return { kind: 'call', raw: rawFromObject(obj) };
  },
};
