import type { AlertRow } from '../../store/alerts.js';
import { pct, rate } from '../analysis/stats.js';
import type { PagerDutyAction } from './notify.js';
import { publicId, subjectText } from './render.js';

/** PagerDuty Events API v2 severities (developer.pagerduty.com, "Send an Alert Event"). */
export const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
type Severity = (typeof PD_SEVERITIES)[number];

const SEVERITY: Record<AlertRow['kind'], Severity> = {
  account: 'critical',
  route: 'critical',
  region: 'error',
  number: 'warning',
};

/** PagerDuty cuts a summary at 1,024 characters; we keep it under. */
const MAX_SUMMARY = 1024;

/** The Events API v2 body of one change; `dedup_key` is the alert's id, so every change lands on one incident. */
export function pagerDutyEvent(
  a: AlertRow,
  action: PagerDutyAction,
  routingKey: string,
  atMs: number,
): Record<string, unknown> {
  const base = { routing_key: routingKey, event_action: action, dedup_key: publicId(a.id) };
  if (action !== 'trigger') return base;
  return {
    ...base,
    client: 'sipbot',
    payload: {
      summary:
        `${pct(rate(a.blocked, a.calls))} of ${subjectText(a)} refused (SIP 403/603+/607/608): ${a.verdict}`.slice(
          0,
          MAX_SUMMARY,
        ),
      source: a.kind === 'account' ? 'sipbot' : `${a.kind}:${a.subject}`,
      severity: SEVERITY[a.kind],
      timestamp: new Date(atMs).toISOString(),
      component: a.subject,
      group: a.kind,
      class: a.verdict,
      custom_details: {
        calls: a.calls,
        blocked: a.blocked,
        rate: rate(a.blocked, a.calls),
        baseline_rate: a.baselineRate,
        last_hour: { calls: a.longCalls, blocked: a.longBlocked },
        routes: a.routes,
        since: new Date(a.sinceMs).toISOString(),
      },
    },
  };
}

export interface SendResult {
  ok: boolean;
  /** Retrying cannot help (400: PagerDuty refused the event): give up. */
  permanent: boolean;
  detail: string;
}

/** POSTs one event; 202 is success, 400 permanent, 429 and 5xx retried by the outbox's back-off. */
export async function sendPagerDuty(
  url: string,
  body: Record<string, unknown>,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<SendResult> {
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'sipbot-alerts/1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text().catch(() => '');
    if (res.status === 202 || res.ok) return { ok: true, permanent: false, detail: `HTTP ${res.status}` };
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return { ok: false, permanent, detail: `HTTP ${res.status} ${text.slice(0, 200)}` };
  } catch (e) {
    return { ok: false, permanent: false, detail: (e as Error).message || String(e) };
  }
}
