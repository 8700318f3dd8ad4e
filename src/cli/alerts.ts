import type { Command } from 'commander';
import { alertJson, currentAlerts } from '../core/alerts/status.js';
import { publicId, subjectText } from '../core/alerts/render.js';
import { dryRunStep } from '../core/alerts/tick.js';
import { pct, rate } from '../core/analysis/stats.js';
import { defaultThresholds } from '../core/analysis/thresholds.js';
import { UsageError } from '../errors.js';
import type { AlertRow } from '../store/alerts.js';
import { cliCtx } from './context.js';

function table(rows: readonly AlertRow[]): string {
  if (!rows.length) return 'No alerts.';
  const head = ['id', 'state', 'verdict', 'subject', 'since (UTC)', 'refused'];
  const body = rows.map((a) => [
    publicId(a.id),
    a.state,
    a.verdict,
    subjectText(a),
    new Date(a.sinceMs).toISOString().slice(0, 16).replace('T', ' '),
    `${a.blocked}/${a.calls} (${pct(rate(a.blocked, a.calls))})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

/** `sipbot alerts [status | test] [--json]`. */
export function register(program: Command): void {
  program
    .command('alerts')
    .description(
      'Open alerts and their state (status, the default); `test` evaluates once now and prints what would fire',
    )
    .argument('[what]', 'status or test', 'status')
    .option('--json', 'print {"alerts":[{"id","kind","subject","verdict","state","since","calls","blocked","rate"}]}')
    .action((what: string, opts: { db?: string; json?: boolean }) => {
      if (what !== 'status' && what !== 'test')
        throw new UsageError('alerts.bad_usage', `"${what}" is not an alerts command; use status or test.`);
      const ctx = cliCtx(opts);
      try {
        const now = ctx.clock.now().getTime();
        const rows =
          what === 'test'
            ? dryRunStep(ctx.db, ctx.config.alerts, defaultThresholds(), now)
            : currentAlerts(ctx.db, now);
        if (opts.json) process.stdout.write(JSON.stringify({ alerts: rows.map(alertJson) }) + '\n');
        else process.stdout.write(table(rows) + '\n');
      } finally {
        ctx.db.close();
      }
    });
}
