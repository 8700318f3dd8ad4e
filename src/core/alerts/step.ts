import type { AlertConfig } from '../../config.js';
import { subjectHours, subjectWindow, windowTallies } from '../../store/alert-tallies.js';
import {
  addAlertEvent,
  dropPending,
  insertAlert,
  openAlerts,
  saveAlert,
  type AlertEventKind,
  type AlertRow,
} from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import { rate, wilson } from '../analysis/stats.js';
import type { Tally } from '../analysis/tally.js';
import type { Thresholds } from '../analysis/thresholds.js';
import { evaluate, KIND_TAG, type AlertCandidate } from './evaluate.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A state change one step made, for the notifier (chat, PagerDuty) in the same transaction. */
export interface AlertChange {
  alert: AlertRow;
  event: AlertEventKind;
  eventId: number;
}

/** The same hours on previous days: the hour of the window's end and the one before, per day. */
export function baselineRanges(stepMs: number, days: number): Array<[number, number]> {
  const hour = Math.floor(stepMs / HOUR) * HOUR;
  return Array.from(
    { length: days },
    (_, i) => [hour - (i + 1) * DAY - HOUR, hour - (i + 1) * DAY + HOUR] as [number, number],
  );
}

function key(kind: string, subject: string): string {
  return `${kind}\t${subject}`;
}

/**
 * Evaluates the step ending at `stepMs` and moves every alert's state: pending -> firing after
 * `pendingSteps` elevated steps; an open alert recovers by itself after `recoverSteps` quiet steps
 * (short-window rate under clearRatio x the reference: lower than the rate that fires it, so a
 * flapping subject stays one alert); a snooze ends at its time. The caller runs it inside the
 * transaction that records the step.
 */
export function runStep(
  db: Db,
  cfg: AlertConfig,
  th: Thresholds,
  stepMs: number,
): { changes: AlertChange[]; candidates: AlertCandidate[] } {
  const ranges = baselineRanges(stepMs, cfg.baselineDays);
  const shortFrom = stepMs - cfg.shortMs;
  const rows = windowTallies(db, shortFrom, stepMs);
  const open = openAlerts(db);
  const confirmed = open.filter((a) => a.state !== 'pending');
  const reference = (kind: AlertRow['kind'], subject: string): number => {
    const b = subjectHours(db, KIND_TAG[kind], subject, ranges);
    return b.calls >= cfg.minCalls ? rate(b.blocked, b.calls) : 0;
  };
  const candidates = evaluate({
    short: rows,
    th,
    minCalls: cfg.minCalls,
    reference,
    long: (kind, subject) => subjectWindow(db, KIND_TAG[kind], subject, stepMs - cfg.longMs, stepMs),
    held: {
      account: confirmed.some((a) => a.kind === 'account'),
      routes: new Set(confirmed.filter((a) => a.kind === 'route').map((a) => a.subject)),
    },
  });
  const byKey = new Map(candidates.map((c) => [key(c.kind, c.subject), c]));
  const shortOf = new Map(
    rows
      .filter((r) => r.kind.length === 1)
      .map((r) => [key(r.kind, r.subject), { calls: r.calls, blocked: r.blocked }]),
  );
  const changes: AlertChange[] = [];
  const change = (
    a: AlertRow,
    event: AlertEventKind,
    byUser: string | null = null,
    detail: string | null = null,
  ): void => {
    const eventId = addAlertEvent(db, { alertId: a.id, atMs: stepMs, kind: event, byUser, detail });
    changes.push({ alert: a, event, eventId });
  };
  const figures = (a: AlertRow, c: AlertCandidate): void => {
    a.calls = c.short.calls;
    a.blocked = c.short.blocked;
    a.longCalls = c.long.calls;
    a.longBlocked = c.long.blocked;
    a.baselineRate = c.baselineRate;
    a.verdict = c.verdict;
    a.routes = c.routes;
    a.peakRate = Math.max(a.peakRate, rate(c.short.blocked, c.short.calls));
  };
  const fire = (a: AlertRow): void => {
    a.state = 'firing';
    a.firedMs = stepMs;
    change(a, 'fired');
  };

  for (const a of open) {
    const c = byKey.get(key(a.kind, a.subject));
    byKey.delete(key(a.kind, a.subject));
    if (a.state === 'pending') {
      if (!c) {
        dropPending(db, a.id);
        continue;
      }
      figures(a, c);
      a.elevatedSteps++;
      if (a.elevatedSteps >= cfg.pendingSteps) fire(a);
      saveAlert(db, a, stepMs);
      continue;
    }
    const t: Tally = shortOf.get(key(KIND_TAG[a.kind], a.subject)) ?? { calls: 0, blocked: 0 };
    // Hysteresis: it fired on a lower bound above min_ratio x the reference (3x); it is quiet once
    // that bound is at or under clearRatio x the reference (1.5x), or the volume or refusals fall
    // under the minimums. In between it stays open, so a subject flapping around the line is one alert.
    const clearAt = Math.max(a.baselineRate, th.noise_floor) * cfg.clearRatio;
    const quiet =
      t.calls < cfg.minCalls || t.blocked < th.min_blocked || wilson(t.blocked, t.calls, th.z).lo <= clearAt;
    if (quiet) {
      a.quietSteps++;
    } else {
      a.quietSteps = 0;
      a.elevatedSteps++;
      if (c) figures(a, c);
      else a.peakRate = Math.max(a.peakRate, rate(t.blocked, t.calls));
    }
    if (a.quietSteps >= cfg.recoverSteps) {
      a.state = 'resolved';
      a.resolvedMs = stepMs;
      a.resolveReason = 'recovered';
      a.snoozedUntilMs = null;
      change(a, 'recovered', null, `${a.quietSteps} quiet steps`);
    } else if (a.state === 'snoozed' && a.snoozedUntilMs !== null && stepMs >= a.snoozedUntilMs) {
      a.state = a.ackedBy ? 'acknowledged' : 'firing';
      a.snoozedUntilMs = null;
      change(a, 'unsnoozed');
    }
    saveAlert(db, a, stepMs);
  }

  for (const c of byKey.values()) {
    const id = insertAlert(
      db,
      {
        kind: c.kind,
        subject: c.subject,
        verdict: c.verdict,
        sinceMs: shortFrom,
        pendingMs: stepMs,
        calls: c.short.calls,
        blocked: c.short.blocked,
        baselineRate: c.baselineRate,
        longCalls: c.long.calls,
        longBlocked: c.long.blocked,
        peakRate: rate(c.short.blocked, c.short.calls),
        routes: c.routes,
      },
      stepMs,
    );
    if (cfg.pendingSteps <= 1) {
      const a = newRow(id, c, shortFrom, stepMs);
      fire(a);
      saveAlert(db, a, stepMs);
    }
  }
  return { changes, candidates };
}

function newRow(id: number, c: AlertCandidate, sinceMs: number, stepMs: number): AlertRow {
  return {
    id,
    kind: c.kind,
    subject: c.subject,
    verdict: c.verdict,
    state: 'pending',
    sinceMs,
    pendingMs: stepMs,
    firedMs: null,
    elevatedSteps: 1,
    quietSteps: 0,
    calls: c.short.calls,
    blocked: c.short.blocked,
    baselineRate: c.baselineRate,
    longCalls: c.long.calls,
    longBlocked: c.long.blocked,
    peakRate: rate(c.short.blocked, c.short.calls),
    routes: c.routes,
    ackedBy: null,
    ackedMs: null,
    snoozedUntilMs: null,
    resolvedMs: null,
    resolvedBy: null,
    resolveReason: null,
    updatedMs: stepMs,
  };
}
