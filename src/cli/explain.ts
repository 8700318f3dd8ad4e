import type { Command } from 'commander';
import { explainQuery, explainReply } from '../../commands/explain.js';
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { explanationReply } from '../core/sip/explain-reply.js';
import { renderText } from '../render/text.js';
import { cliCtx } from './context.js';

/**
 * `sipbot explain QUERY... [--json]`. Each argument is one query (quote a Reason header). With
 * --json: one object, or an array for several. The database is only opened in text mode, for
 * the "in your data" part, and only when it exists.
 */
export function register(program: Command): void {
  program
    .command('explain')
    .description('explain a SIP response, status line, Reason header or Q.850 cause')
    .argument('<query...>', "e.g. 403, 'SIP/2.0 603 Network Blocked', 'Reason: Q.850;cause=21', 'q850 21'")
    .option('--json', 'print JSON: one object per query (an array for several)')
    .addHelpText(
      'after',
      `
Examples:
  sipbot explain 403
  sipbot explain 'SIP/2.0 403 Caller Origination Number is Invalid D35'
  sipbot explain 'Reason: SIP;cause=603;text="v=analytics1;url=https://example.com";location=LN'
  sipbot explain q850 21
  sipbot explain 486 603 608 --json`,
    )
    .action(async (words: string[], opts: { json?: boolean; db?: string }) => {
      const queries = groupQueries(words);
      if (opts.json) {
        const out = queries.map((q) => explainQuery(q));
        process.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
        return;
      }
      // Validate every query before opening anything, so a typo fails fast with exit 1.
      const explained = queries.map((q) => explainQuery(q));
      const width = Math.min(process.stdout.columns || 100, 100);
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const dbPath = opts.db ?? loadConfig(process.env).dbPath;
      let texts: string[];
      if (existsSync(dbPath)) {
        const ctx = cliCtx(opts.db ? { db: opts.db } : {});
        try {
          texts = queries.map((q) => renderText(explainReply(q, ctx), { width, color, buttons: false }));
        } finally {
          ctx.db.close();
        }
      } else {
        // No database yet: the knowledge base alone, and no empty file left behind.
        texts = explained.map((e) => renderText(explanationReply(e), { width, color, buttons: false }));
      }
      process.stdout.write(texts.join('\n'));
    });
}

/**
 * `sipbot explain q850 21` arrives as two words; `sipbot explain 403 603` as two queries.
 * Words that only make sense with the next one (`q850`, `cause`, `SIP/2.0`) are joined to it.
 */
export function groupQueries(words: string[]): string[] {
  const out: string[] = [];
  let open = false; // may the last query take more plain words (`603 Network Blocked`, `busy here`)?
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (/^SIP\/2\.0$/i.test(w) && next !== undefined) {
      out.push(words.slice(i).join(' '));
      break;
    }
    if (/^(q\.?850|cause|isup)$/i.test(w) && next !== undefined) {
      out.push(`${w} ${next}`);
      i++;
      open = false;
    } else if (!open || out.length === 0 || !/^[A-Za-z][A-Za-z'.,-]*$/.test(w)) {
      // A code, a quoted argument (`'SIP/2.0 608 Rejected'`) or a near miss (`4O3`) starts a query.
      out.push(w);
      open = !/\s/.test(w);
    } else {
      out[out.length - 1] += ` ${w}`;
    }
  }
  return out;
}
