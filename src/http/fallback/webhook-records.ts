import type { CallRecord } from '../../core/call.js';
import { normaliseCall, parseStart } from './normalise.js';

export type Provider = 'twilio' | 'telnyx' | 'signalwire' | 'bandwidth';

/** A webhook's payload as a call, an event to acknowledge and ignore, or a reason to reject it. */
export type WebhookRecord = { record: CallRecord } | { ignore: string } | { error: string };

type Params = Record<string, unknown>;

function str(v: unknown): string | null {
  if (Array.isArray(v)) return str(v[0]);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Twilio / SignalWire CallStatus values that end a call; the others are progress events. */
const FINAL: Record<string, number | null> = {
  completed: 200, busy: 486, 'no-answer': 480, canceled: 487, failed: null,
};

/** Twilio and SignalWire (LaML, Twilio-compatible) status callbacks. */
function statusCallback(source: Provider, p: Params, codeField: string, reasonField: string | null, nowMs: number, country: string): WebhookRecord {
  const status = (str(p.CallStatus) ?? '').toLowerCase();
  if (!(status in FINAL)) return { ignore: `CallStatus ${status || '(none)'} is not final` };
  const code = str(p[codeField]) || (FINAL[status] === null ? null : String(FINAL[status]));
  if (code === null) return { error: `CallStatus ${status} without ${codeField}` };
  const start = str(p.Timestamp);
  return normaliseCall({
    callId: str(p.CallSid), start: parseStart(start) ?? nowMs, caller: str(p.From), callee: str(p.To),
    route: null, sipCode: code, sipReason: (reasonField ? str(p[reasonField]) : null) ?? null, duration: str(p.CallDuration),
  }, source, country);
}

/** Telnyx hangup_cause to a SIP code when sip_hangup_cause is absent. */
const TELNYX_CAUSE: Record<string, number> = {
  normal_clearing: 200, user_busy: 486, no_answer: 480, timeout: 408, originator_cancel: 487, not_found: 404, call_rejected: 603,
};

function telnyx(body: Params, country: string): WebhookRecord {
  const data = (body.data ?? {}) as Params;
  if (data.event_type !== 'call.hangup') return { ignore: `event ${str(data.event_type) ?? '(none)'} is not call.hangup` };
  const p = (data.payload ?? {}) as Params;
  const cause = str(p.hangup_cause);
  const code = str(p.sip_hangup_cause) ?? (cause && TELNYX_CAUSE[cause] ? String(TELNYX_CAUSE[cause]) : null);
  if (code === null) return { error: `call.hangup without sip_hangup_cause (hangup_cause ${cause ?? 'none'})` };
  const startMs = parseStart(str(p.start_time));
  const endMs = parseStart(str(p.end_time));
  return normaliseCall({
    callId: str(p.call_leg_id) ?? str(p.call_control_id) ?? str(data.id),
    start: startMs ?? str(data.occurred_at), caller: str(p.from), callee: str(p.to),
    route: str(p.connection_id), sipCode: code, sipReason: cause, hangupSource: str(p.hangup_source),
    duration: startMs !== null && endMs !== null ? (endMs - startMs) / 1000 : null,
  }, 'telnyx', country);
}

/** Bandwidth disconnect `cause` to a SIP code; the webhook carries no SIP code of its own. */
const BANDWIDTH_CAUSE: Record<string, number> = {
  busy: 486, timeout: 480, cancel: 487, rejected: 603, 'account-limit': 403,
};

function bandwidth(p: Params, country: string): WebhookRecord {
  const event = str(p.eventType);
  if (event !== 'disconnect' && event !== 'transferDisconnect') return { ignore: `eventType ${event ?? '(none)'} is not a disconnect` };
  const cause = str(p.cause);
  const answered = str(p.answerTime);
  const code = str(p.sipResponseCode) ?? (cause === 'hangup' ? (answered ? '200' : '487') : cause ? (BANDWIDTH_CAUSE[cause]?.toString() ?? null) : null);
  if (code === null) return { error: `disconnect with cause ${cause ?? 'none'} has no SIP code` };
  const startMs = parseStart(str(p.startTime));
  const endMs = parseStart(str(p.endTime));
  return normaliseCall({
    callId: str(p.callId), start: startMs ?? str(p.eventTime), caller: str(p.from), callee: str(p.to),
    route: null, sipCode: code, sipReason: str(p.errorMessage) ?? cause,
    duration: answered && endMs !== null ? (endMs - (parseStart(answered) ?? endMs)) / 1000 : startMs !== null && endMs !== null ? 0 : null,
  }, 'bandwidth', country);
}

export function webhookRecord(provider: Provider, payload: Params, nowMs: number, defaultCountry: string): WebhookRecord {
  switch (provider) {
    case 'twilio': return statusCallback('twilio', payload, 'SipResponseCode', null, nowMs, defaultCountry);
    case 'signalwire': return statusCallback('signalwire', payload, 'SipResultCode', 'SipInviteResultPhrase', nowMs, defaultCountry);
    case 'telnyx': return telnyx(payload, defaultCountry);
    case 'bandwidth': return bandwidth(payload, defaultCountry);
  }
}
