import type { Mapped, RawCall } from '../types.js';

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** mod_json_cdr url-encodes variable values by default (`encode-values`). */
function decode(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v === '') return undefined;
  if (v.indexOf('%') < 0) return v;
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/**
 * A FreeSWITCH mod_json_cdr document. The SIP outcome is `sip_term_status` (final status of the
 * leg), else `sip_invite_failure_status`, else `proto_specific_hangup_cause` / the last bridged
 * leg's (`sip:403`); `hangup_cause` (NORMAL_CLEARING, USER_BUSY...) only when none is there.
 */
export function mapFreeswitch(doc: Obj): Mapped {
  const vars = doc.variables;
  if (!isObj(vars)) return { kind: 'reject', error: 'FreeSWITCH CDR without "variables"' };
  const v = (k: string): string | undefined => decode(vars[k]);
  const flow = Array.isArray(doc.callflow) ? doc.callflow[0] : doc.callflow;
  const profile = isObj(flow) && isObj(flow.caller_profile) ? flow.caller_profile : undefined;
  const p = (k: string): string | undefined => (profile ? decode(profile[k]) : undefined);
  const code = v('sip_term_status') ?? v('sip_invite_failure_status') ?? v('last_bridge_proto_specific_hangup_cause') ?? v('proto_specific_hangup_cause');
  const raw: RawCall = {
    callId: v('uuid') ?? p('uuid') ?? v('call_uuid'),
    start: v('start_uepoch') ?? v('start_epoch') ?? v('start_stamp'),
    caller: v('effective_caller_id_number') ?? v('caller_id_number') ?? p('caller_id_number') ?? v('sip_from_user'),
    callee: v('destination_number') ?? p('destination_number') ?? v('sip_to_user') ?? v('sip_req_user'),
    route: v('sip_gateway_name') ?? v('sip_gateway'),
    sipCode: code,
    sipReason: v('sip_invite_failure_phrase') ?? v('sip_term_phrase'),
    q850: v('hangup_cause_q850') ?? v('sip_term_cause'),
    duration: v('billsec') ?? v('duration'),
    status: v('hangup_cause'),
    campaign: v('campaign') ?? v('campaign_id'),
    attestation: v('sip_h_X-Attestation') ?? v('stir_shaken_attestation'),
    pddMs: v('progressmsec') ?? v('progress_mediamsec'),
  };
  return { kind: 'call', raw };
}
