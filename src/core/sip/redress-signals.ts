import { jwsCardUri } from './parse-call-info.js';
import { parseReasonHeader } from './parse-reason-header.js';

/**
 * What a refusal says about whom to ask: the ATIS-1000099 603+ text AVPs (`v`, `url`, `tel`,
 * `email`, `id`) with the RFC 8606 `location` of the same Reason value, and the RFC 8688 Call-Info
 * card of a 608. Each field is null when the refusal did not carry it; nothing is guessed.
 */
export interface RedressSignals {
  v: string | null;
  url: string | null;
  tel: string | null;
  email: string | null;
  id: string | null;
  location: string | null;
  card: string | null;
}

export const NO_SIGNALS: RedressSignals = {
  v: null,
  url: null,
  tel: null,
  email: null,
  id: null,
  location: null,
  card: null,
};

/** Decodes the Reason and Call-Info headers a call record kept. */
export function redressSignals(
  reasonHeader: string | null | undefined,
  callInfo: string | null | undefined,
): RedressSignals {
  const out: RedressSignals = { ...NO_SIGNALS };
  const notice = reasonHeader ? parseReasonHeader(reasonHeader).find((r) => r.analytics !== null) : undefined;
  if (notice?.analytics) {
    const a = notice.analytics;
    out.v = a.version;
    out.url = a.url ?? null;
    out.tel = a.tel ?? null;
    out.email = a.email ?? null;
    out.id = a.id ?? null;
    out.location = notice.location;
  }
  out.card = jwsCardUri(callInfo);
  return out;
}

/** True when a Reason header is an ATIS-1000099 analytics-blocking notice (603+), whatever the phrase. */
export function isAnalyticsNotice(reasonHeader: string | null | undefined): boolean {
  return !!reasonHeader && parseReasonHeader(reasonHeader).some((r) => r.analytics !== null);
}

/** True when a text looks like a Reason header value rather than a reason phrase (`SIP;cause=603;...`). */
export function looksLikeReasonHeader(s: string): boolean {
  return /^\s*(reason\s*:\s*)?(sip|q\.?850|stir)\s*;\s*(cause|text)\s*=/i.test(s);
}
