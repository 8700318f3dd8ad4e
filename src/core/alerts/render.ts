import type { Button, Reply } from '../../reply.js';
import type { AlertEvent, AlertRow } from '../../store/alerts.js';
import { regionLabel } from '../analysis/labels.js';
import { num, pct, rate } from '../analysis/stats.js';
import { VERDICT_INFO, VERDICTS, type Verdict } from '../analysis/verdicts.js';
import { callSubject, showCallsButton } from '../calls/buttons.js';

/** `alert-12`: the id people, the CLI's JSON and PagerDuty's dedup_key see. */
export function publicId(id: number): string {
  return `alert-${id}`;
}

export function parsePublicId(s: string): number | null {
  const m = /^(?:alert-)?(\d{1,12})$/.exec(s.trim());
  return m ? Number(m[1]) : null;
}

export function subjectText(a: Pick<AlertRow, 'kind' | 'subject'>): string {
  if (a.kind === 'account') return 'all calls';
  if (a.kind === 'region') {
    const label = regionLabel(a.subject);
    return `calls into ${a.subject}${label ? ` (${label})` : ''}`;
  }
  return `${a.kind} ${a.subject}`;
}

export function timeIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

export function stateLine(a: AlertRow, timeZone: string): string {
  switch (a.state) {
    case 'pending':
      return 'Pending: elevated, waiting for the next step to confirm';
    case 'firing':
      return `Firing since ${timeIn(a.firedMs ?? a.pendingMs, timeZone)}`;
    case 'acknowledged':
      return `Acknowledged by ${a.ackedBy ?? 'someone'} at ${timeIn(a.ackedMs ?? a.updatedMs, timeZone)}`;
    case 'snoozed':
      return `Snoozed until ${timeIn(a.snoozedUntilMs ?? a.updatedMs, timeZone)}${a.ackedBy ? ` (acknowledged by ${a.ackedBy})` : ''}`;
    case 'resolved':
      return a.resolveReason === 'recovered'
        ? `Recovered by itself at ${timeIn(a.resolvedMs ?? a.updatedMs, timeZone)}`
        : `Resolved by ${a.resolvedBy ?? 'someone'} at ${timeIn(a.resolvedMs ?? a.updatedMs, timeZone)}`;
  }
}

export function alertButtons(a: AlertRow, nowMs: number): Button[] {
  const id = String(a.id);
  const calls = showCallsButton(callSubject(a.subject, a.kind), a.sinceMs, Math.max(nowMs, a.sinceMs + 1));
  if (a.state === 'resolved') return [calls];
  const b: Button[] = [];
  if (a.state !== 'acknowledged' && !a.ackedBy)
    b.push({ label: 'Acknowledge', action: 'alert.ack', value: id, style: 'primary' });
  b.push({ label: 'Snooze 1 h', action: 'alert.snooze', value: `${id}:1h` });
  b.push({ label: 'Snooze 4 h', action: 'alert.snooze', value: `${id}:4h` });
  b.push({ label: 'Snooze until 08:00', action: 'alert.snooze', value: `${id}:8am` });
  b.push({ label: 'Resolve', action: 'alert.resolve', value: id, style: 'danger' });
  b.push(calls);
  b.push({ label: 'Start the checklist', action: 'check.start', value: a.subject === '*' ? '' : a.subject });
  b.push({ label: 'Escalate', action: 'escalate.open', value: a.subject });
  return b;
}

/** The one message of an alert, re-rendered (and edited in place) at every state change. */
export function renderAlert(a: AlertRow, timeZone: string, nowMs: number): Reply {
  const r = rate(a.blocked, a.calls);
  // The analysis' verdict registry: the same label and next steps as a digest finding of this kind.
  const info = (VERDICTS as readonly string[]).includes(a.verdict) ? VERDICT_INFO[a.verdict as Verdict] : undefined;
  const steps =
    info && a.state !== 'resolved' ? info.nextSteps({ kind: a.kind, subject: a.subject, routes: a.routes }) : [];
  const tone = a.state === 'resolved' ? 'ok' : a.state === 'firing' ? 'bad' : 'warn';
  return {
    title: `${a.state === 'resolved' ? 'Resolved: ' : ''}${pct(r)} of ${subjectText(a)} refused (${publicId(a.id)})`,
    tone,
    blocks: [
      { kind: 'text', text: `**${stateLine(a, timeZone)}.** Verdict: ${info ? info.tail(a.kind) : a.verdict}.` },
      {
        kind: 'fields',
        fields: [
          { label: 'Refused', value: `${num(a.blocked)} of ${num(a.calls)} calls (${pct(r)}) in the last window` },
          {
            label: 'Last hour',
            value: `${num(a.longBlocked)} of ${num(a.longCalls)} (${pct(rate(a.longBlocked, a.longCalls))})`,
          },
          { label: 'Same hours, previous days', value: a.baselineRate > 0 ? pct(a.baselineRate) : 'no history yet' },
          { label: 'Since', value: timeIn(a.sinceMs, timeZone) },
          ...(a.routes.length && a.kind !== 'route'
            ? [{ label: 'Routes', value: a.routes.slice(0, 8).join(', ') }]
            : []),
        ],
      },
      ...(steps.length ? [{ kind: 'list' as const, heading: 'Next steps', ordered: true, items: steps }] : []),
    ],
    buttons: alertButtons(a, nowMs),
  };
}

/** The thread reply for one change. */
export function renderAlertEvent(a: AlertRow, e: AlertEvent, timeZone: string): Reply {
  const at = timeIn(e.atMs, timeZone);
  const line: Record<AlertEvent['kind'], string> = {
    fired: `${at} Firing: ${pct(rate(a.blocked, a.calls))} of ${subjectText(a)} refused.`,
    acknowledged: `${at} Acknowledged by ${e.byUser ?? 'someone'}.`,
    snoozed: `${at} Snoozed by ${e.byUser ?? 'someone'} until ${e.detail ?? '?'}.`,
    unsnoozed: `${at} Snooze over; still refusing.`,
    resolved: `${at} Resolved by ${e.byUser ?? 'someone'}.`,
    recovered: `${at} Recovered by itself: refusals back under the resolve level (${e.detail ?? ''}).`,
  };
  return { title: `${publicId(a.id)}: ${e.kind}`, blocks: [{ kind: 'text', text: line[e.kind] }] };
}
