import type { Command } from 'commander';
import { printable } from '../core/ingest/printable.js';
import { UsageError } from '../errors.js';
import { listRejects, type RejectRow } from '../store/rejects.js';
import { cliCtx } from './context.js';

/** One line, cut, with any control characters of the input shown escaped, never sent to the terminal raw. */
function oneLine(s: string, max: number): string {
  const t = s.replace(/\s*\n\s*/g, ' ');
  return printable(t.length > max ? t.slice(0, max - 1) + '…' : t);
}

function render(rows: readonly RejectRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(printable(`${r.origin}:${r.line}  ${r.error}${r.format ? `  (${r.format})` : ''}`));
    out.push(`    ${oneLine(r.raw, 160)}`);
  }
  return out.join('\n');
}

/** `sipbot rejects [--limit N] [--file F] [--json]`: records ingest refused, with line and reason. */
export function register(program: Command): void {
  program
    .command('rejects')
    .description('list records that ingest rejected: file, line, reason and the record as read')
    .option('--limit <n>', 'how many to show (most recent import first)', '50')
    .option('--file <origin>', 'only rejects from this file (as given to ingest)')
    .option('--json', 'print {"rejects":[{"file","line","error","raw","format","at"}]}')
    .action((opts: { db?: string; limit: string; file?: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('rejects.bad_limit', `--limit must be a positive whole number, not "${opts.limit}".`);
      const ctx = cliCtx(opts);
      try {
        const rows = listRejects(ctx.db, { limit, ...(opts.file === undefined ? {} : { origin: opts.file }) });
        if (opts.json) {
          const rejects = rows.map((r) => ({
            file: r.origin,
            line: r.line,
            error: r.error,
            raw: r.raw,
            format: r.format,
            at: new Date(r.createdMs).toISOString(),
          }));
          process.stdout.write(JSON.stringify({ rejects }) + '\n');
          return;
        }
        process.stdout.write(rows.length === 0 ? 'no rejected records\n' : render(rows) + '\n');
      } finally {
        ctx.db.close();
      }
    });
}
