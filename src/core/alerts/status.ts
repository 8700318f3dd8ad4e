import { pct, rate, round4 } from '../analysis/stats.js';
import type { AlertRow } from '../../store/alerts.js';
import { recentAlerts } from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import type { Block } from '../../reply.js';
import { publicId, subjectText, timeIn } from './render.js';

/** `sipbot alerts --json`: one entry per alert. */
export interface AlertJson {
  id: string;
  kind: AlertRow['kind'];
  subject: string;
  verdict: string;
  state: AlertRow['state'];
  since: string;
  calls: number;
  blocked: number;
  rate: number;
}

export function alertJson(a: AlertRow): AlertJson {
  return {
    id: publicId(a.id),
    kind: a.kind,
    subject: a.subject,
    verdict: a.verdict,
    state: a.state,
    since: new Date(a.sinceMs).toISOString(),
    calls: a.calls,
    blocked: a.blocked,
    rate: round4(rate(a.blocked, a.calls)),
  };
}

/** Open alerts, and those resolved in the last 24 hours. */
export function currentAlerts(db: Db, nowMs: number): AlertRow[] {
  return recentAlerts(db, nowMs - 86_400_000);
}

/** The table chat and the status page show. */
export function alertsTable(alerts: AlertRow[], timeZone: string, heading = 'Alerts'): Block {
  if (!alerts.length) return { kind: 'context', text: 'No open alerts, none resolved in the last 24 hours.' };
  return {
    kind: 'table',
    heading,
    columns: ['id', 'subject', 'state', 'since', 'refused'],
    align: ['left', 'left', 'left', 'left', 'right'],
    rows: alerts
      .slice(0, 20)
      .map((a) => [
        publicId(a.id),
        subjectText(a),
        a.state,
        timeIn(a.sinceMs, timeZone),
        `${a.blocked}/${a.calls} (${pct(rate(a.blocked, a.calls))})`,
      ]),
  };
}
