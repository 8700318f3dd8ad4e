import type { Db } from '../../store/db.js';
import type { Reply } from '../../reply.js';
import { analyzeWindow } from '../analysis/analyze.js';
import { num, pct } from '../analysis/stats.js';
import type { Thresholds } from '../analysis/thresholds.js';
import type { Analysis } from '../analysis/types.js';
import { renderHourlyChart } from './chart.js';
import { reportReply } from './digest-reply.js';
import { localDayWindow } from './day-window.js';

export interface DigestOptions {
  /** Local date YYYY-MM-DD. */
  date: string;
  timeZone: string;
  number?: string;
  route?: string;
  /** Render the hourly chart PNG. Default true. */
  chart?: boolean;
  thresholds?: Thresholds;
  /** Posted after its time (the bot was down): say so in the title. */
  late?: boolean;
}

export interface Digest {
  analysis: Analysis;
  reply: Reply;
  png?: Buffer;
}

function dayName(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * `sipbot-digest-2026-11-20.png`, `sipbot-digest-2026-11-20-route-sipline.png`: a filtered digest
 * is saved beside the full one (the console writes charts by name), never over it.
 */
export function digestChartName(o: Pick<DigestOptions, 'date' | 'number' | 'route'>): string {
  const filter = o.number ? `-number-${o.number}` : o.route ? `-route-${o.route}` : '';
  return `sipbot-digest-${o.date}${filter.replace(/[^\w+.-]/g, '_')}.png`;
}

/** The daily 403 digest of one local day: the analysis, its Reply and the chart. */
export function buildDigest(db: Db, o: DigestOptions): Digest {
  const { from, to } = localDayWindow(o.date, o.timeZone);
  const analysis = analyzeWindow(db, {
    from,
    to,
    timeZone: o.timeZone,
    ...(o.number ? { number: o.number } : {}),
    ...(o.route ? { route: o.route } : {}),
    ...(o.thresholds ? { thresholds: o.thresholds } : {}),
  });
  const t = analysis.report.totals;
  const scope = o.number ? ` for ${o.number}` : o.route ? ` on ${o.route}` : '';
  const png =
    o.chart === false || t.calls === 0
      ? undefined
      : renderHourlyChart({
          hours: analysis.hours,
          baselineRate: t.baseline_rate,
          title: `Refused calls by hour${scope}, ${dayName(o.date)} (${o.timeZone}): ${num(t.blocked)} of ${num(t.calls)} (${pct(t.rate)})`,
        });
  const reply = reportReply(analysis, {
    title: `${o.late ? '[late] ' : ''}403 digest${scope}: ${dayName(o.date)} (${o.timeZone})`,
    windowName: `on ${o.date}`,
    ...(png ? { png, chartName: digestChartName(o) } : {}),
  });
  return { analysis, reply, ...(png ? { png } : {}) };
}
