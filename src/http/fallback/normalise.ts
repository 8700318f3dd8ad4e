import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { CallRecord } from '../../core/call.js';

/**
 * Interim normaliser used by the HTTP layer until src/core/ingest exports its own: canonical
 * fields -> CallRecord, or a reason the record cannot be stored.
 */
export interface RawCall {
  callId?: string | null;
  start?: string | number | null;
  caller?: string | null;
  callee?: string | null;
  route?: string | null;
  sipCode?: string | number | null;
  sipReason?: string | null;
  q850?: string | number | null;
  duration?: string | number | null;
  hangupSource?: string | null;
}

interface Number164 {
  e164: string;
  country: string | null;
  npa: string | null;
}

function phone(raw: string, defaultCountry: string): Number164 {
  const cleaned = raw.replace(/^sip:|@.*$/g, '').trim();
  const p = parsePhoneNumberFromString(cleaned, defaultCountry as CountryCode);
  if (!p || !p.isPossible()) return { e164: cleaned, country: null, npa: null };
  const npa = p.countryCallingCode === '1' ? p.nationalNumber.slice(0, 3) : null;
  return { e164: p.number, country: p.country ?? (npa ? 'US' : null), npa };
}

export function parseStart(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (Number.isFinite(n)) return n > 1e12 ? Math.round(n) : Math.round(n * 1000);
  const ms = Date.parse(String(v));
  return Number.isFinite(ms) ? ms : null;
}

function int(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

export function normaliseCall(raw: RawCall, source: string, defaultCountry: string): { record: CallRecord } | { error: string } {
  const startMs = parseStart(raw.start);
  if (startMs === null) return { error: `start_time: missing or not a time (${String(raw.start ?? '')})` };
  if (!raw.caller) return { error: 'caller: missing' };
  if (!raw.callee) return { error: 'callee: missing' };
  const sipCode = int(raw.sipCode);
  if (sipCode === null || sipCode < 100 || sipCode > 699) return { error: `sip_code: not a SIP response code (${String(raw.sipCode ?? '')})` };
  const from = phone(raw.caller, defaultCountry);
  const to = phone(raw.callee, defaultCountry);
  const duration = raw.duration === null || raw.duration === undefined || raw.duration === '' ? null : Number(raw.duration);
  const fields = [source, startMs, from.e164, to.e164, raw.route ?? '', sipCode, raw.sipReason ?? ''];
  const callId = raw.callId || createHash('sha1').update(fields.join('|')).digest('hex');
  return {
    record: {
      source, callId, startMs, caller: from.e164, callee: to.e164,
      callerCountry: from.country, callerNpa: from.npa, callerState: null,
      calleeCountry: to.country, calleeNpa: to.npa, calleeState: null,
      calleeRegion: to.npa ?? to.country ?? '??',
      route: raw.route || source, sipCode, sipReason: raw.sipReason || null, q850Cause: int(raw.q850),
      durationS: duration !== null && Number.isFinite(duration) ? duration : null,
      campaign: null, attestation: null, hangupSource: raw.hangupSource ?? null, pddMs: null, progressCode: null,
    },
  };
}
