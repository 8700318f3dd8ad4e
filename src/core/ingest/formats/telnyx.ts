import type { Mapped } from '../types.js';

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * A Telnyx Call Control webhook (`{"data":{"event_type":"call.hangup","payload":{...}}}`). Only
 * call.hangup carries the outcome; other events are skipped. `sip_hangup_cause` is the SIP code as
 * a string; when missing, `hangup_cause` (normal_clearing, user_busy...) where it tells one.
 */
export function mapTelnyx(body: Obj): Mapped {
  const data = isObj(body.data) ? body.data : body;
  const event = str(data.event_type);
  if (event !== undefined && event !== 'call.hangup') return { kind: 'skip' };
  const payload = isObj(data.payload) ? data.payload : data;
  const sip = str(payload.sip_hangup_cause);
  return {
    kind: 'call',
    raw: {
      callId: str(payload.call_session_id) ?? str(payload.call_leg_id) ?? str(payload.call_control_id) ?? str(data.id),
      start: str(payload.start_time) ?? str(data.occurred_at),
      caller: str(payload.from),
      callee: str(payload.to),
      route: str(payload.connection_id),
      sipCode: sip !== undefined && /^\d+$/.test(sip) ? sip : undefined,
      status: str(payload.hangup_cause),
      hangupSource: str(payload.hangup_source),
    },
  };
}
