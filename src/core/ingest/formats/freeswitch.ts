import type { Mapped, RawCall } from '../types.js';
import { isObj, type FormatModule, type Obj } from './format.js';

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
 * A FreeSWITCH mod_json_cdr document: one per leg, each with its own `uuid` (so a leg is an
 * attempt). The SIP outcome is `sip_term_status` (final status of the leg), else
 * `sip_invite_failure_status`, else `last_bridge_proto_specific_hangup_cause` /
 * `proto_specific_hangup_cause` (`sip:403`); `hangup_cause` only when none is there.
 * On an outbound leg the caller_profile describes the leg as the gateway sees it (its
 * caller_id_number can be the dialled party), so the caller ID sent is read first from
 * `origination_caller_id_number`, `effective_caller_id_number`, `sip_from_user`.
 */
export function mapFreeswitch(doc: Obj): Mapped {
  const vars = doc.variables;
  if (!isObj(vars)) return { kind: 'reject', error: 'FreeSWITCH CDR without "variables"' };
  const v = (k: string): string | undefined => decode(vars[k]);
  const flow = Array.isArray(doc.callflow) ? doc.callflow[0] : doc.callflow;
  const profile = isObj(flow) && isObj(flow.caller_profile) ? flow.caller_profile : undefined;
  const p = (k: string): string | undefined => (profile ? decode(profile[k]) : undefined);
  const outbound =
    (v('direction') ?? p('direction') ?? (isObj(doc.channel_data) ? decode(doc.channel_data.direction) : undefined)) ===
    'outbound';
  const code =
    v('sip_term_status') ??
    v('sip_invite_failure_status') ??
    v('last_bridge_proto_specific_hangup_cause') ??
    v('proto_specific_hangup_cause');
  const caller = outbound
    ? (v('origination_caller_id_number') ??
      v('effective_caller_id_number') ??
      v('sip_from_user') ??
      v('caller_id_number') ??
      p('caller_id_number'))
    : (v('effective_caller_id_number') ?? v('caller_id_number') ?? p('caller_id_number') ?? v('sip_from_user'));
  const callee = outbound
    ? (v('sip_req_user') ??
      v('sip_to_user') ??
      v('destination_number') ??
      p('destination_number') ??
      p('callee_id_number'))
    : (v('destination_number') ?? p('destination_number') ?? v('sip_to_user') ?? v('sip_req_user'));
  const raw: RawCall = {
    callId: v('uuid') ?? p('uuid') ?? v('call_uuid'),
    start: v('start_uepoch') ?? v('start_epoch') ?? v('start_stamp'),
    caller,
    callee,
    route: v('sip_gateway_name') ?? v('sip_gateway'),
    sipCode: code === '0' ? undefined : code,
    sipReason: v('sip_invite_failure_phrase') ?? v('sip_term_phrase'),
    q850: v('hangup_cause_q850') ?? v('sip_term_cause'),
    duration: v('billsec') ?? v('duration'),
    status: v('hangup_cause'),
    campaign: v('campaign') ?? v('campaign_id'),
    attestation: v('sip_h_X-Attestation') ?? v('stir_shaken_attestation'),
    // mod_sofia keeps a received Reason header in sip_reason, and a 603+ notice in
    // sip_603plus_reason (test_603plus.c); the latter is set only for a true 603+.
    reasonHeader: v('sip_603plus_reason') ?? v('sip_reason'),
    callInfo: v('sip_call_info'),
    pddMs: v('progressmsec') ?? v('progress_mediamsec'),
  };
  return { kind: 'call', raw };
}

export const freeswitch: FormatModule = {
  name: 'freeswitch',
  detect: (s) =>
    s.keys.has('variables') &&
    ['callflow', 'core-uuid', 'channel_data', 'sip_term_status', 'hangup_cause', 'app_log'].some((k) => s.keys.has(k)),
  object: mapFreeswitch,
};
