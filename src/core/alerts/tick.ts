import type { AlertConfig } from '../../config.js';
import { foldAlertTallies, lastStep, pruneAlertMinutes, setLastStep } from '../../store/alert-tallies.js';
import { openAlerts, type AlertRow } from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import type { Thresholds } from '../analysis/thresholds.js';
import type { AlertCandidate } from './evaluate.js';
import { notifyChange } from './notify.js';
import { runStep } from './step.js';

export interface TickResult {
  /** Calls folded into the tallies by this tick. */
  folded: number;
  /** Steps evaluated (more than one after downtime). */
  steps: number;
  /** Missed steps older than the catch-up limit, not evaluated. */
  skipped: number;
  /** Public changes: `alert-3 fired`, ... */
  changes: Array<{ alertId: number; event: string; atMs: number }>;
  /** What the last step found elevated (pending ones included). */
  candidates: AlertCandidate[];
}

/** Minute tallies older than this are dropped: the long window, the catch-up and a margin. */
function keepMinutesMs(cfg: AlertConfig): number {
  return cfg.longMs + cfg.catchUpMs + 3_600_000;
}

/**
 * One tick: fold the calls stored since the last tick (whatever wrote them: CLI, API, webhooks),
 * then evaluate every step boundary not evaluated yet, oldest first, each in one transaction with
 * the record of that step, so a step is evaluated and its messages enqueued exactly once across
 * restarts and processes. After downtime the missed steps (up to cfg.catchUpMs) run once each.
 */
export function runAlertTick(db: Db, cfg: AlertConfig, th: Thresholds, nowMs: number): TickResult {
  const keepFrom = nowMs - keepMinutesMs(cfg);
  const folded = foldAlertTallies(db, keepFrom);
  const due = Math.floor(nowMs / cfg.stepMs) * cfg.stepMs;
  const result: TickResult = { folded, steps: 0, skipped: 0, changes: [], candidates: [] };
  const last = lastStep(db);
  let step = last === null ? due : last + cfg.stepMs;
  const oldest = due - cfg.catchUpMs;
  if (step < oldest) {
    result.skipped = Math.round((oldest - step) / cfg.stepMs);
    step = oldest;
  }
  for (; step <= due; step += cfg.stepMs) {
    const at = step;
    db.transaction(() => {
      // Another process may have evaluated it meanwhile: the record decides.
      const again = lastStep(db);
      if (again !== null && again >= at) return;
      const { changes, candidates } = runStep(db, cfg, th, at);
      for (const c of changes) {
        notifyChange(db, cfg, c.alert, c.event, c.eventId, at);
        result.changes.push({ alertId: c.alert.id, event: c.event, atMs: at });
      }
      result.candidates = candidates;
      setLastStep(db, at);
      result.steps++;
    }).immediate();
  }
  if (result.steps) pruneAlertMinutes(db, keepFrom);
  return result;
}

/**
 * `sipbot alerts test`: folds new calls (a cache), evaluates the step due now as if it were the
 * next one, and returns the alerts as they would then be, without keeping anything of the step.
 */
export function dryRunStep(db: Db, cfg: AlertConfig, th: Thresholds, nowMs: number): AlertRow[] {
  foldAlertTallies(db, nowMs - keepMinutesMs(cfg));
  const due = Math.floor(nowMs / cfg.stepMs) * cfg.stepMs;
  let after: AlertRow[] = [];
  const rollback = new Error('dry run');
  try {
    db.transaction(() => {
      runStep(db, cfg, th, due);
      after = openAlerts(db);
      throw rollback;
    })();
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return after;
}
