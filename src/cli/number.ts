import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { numberJson } from '../core/number/health.js';
import { numberCard, parseNumber } from '../core/number/service.js';
import { renderText } from '../render/text.js';
import { cliCtx } from './context.js';

function days(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2 || n > 90) throw new InvalidArgumentError('expected 2 to 90');
  return n;
}

/** `sipbot number N`: one caller number's health (`--json` prints the documented shape). */
export function register(program: Command): void {
  program
    .command('number')
    .description("one caller number's health: per day and route, calls and refusals; verdicts; attestation; redress")
    .argument('<number>', 'the caller number, e.g. +12125550123')
    .option('--days <n>', 'how many days back (default 30)', days)
    .option('--json', 'print {"number","verdicts","days","attestation","redress"}')
    .option('--chart <file.png>', 'also write the chart (refused % by route per day) to this file')
    .action((raw: string, opts: { db?: string; days?: number; json?: boolean; chart?: string }) => {
      const ctx = cliCtx(opts);
      try {
        const number = parseNumber(raw, ctx.config.defaultCountry);
        const { health, reply } = numberCard(ctx, number, opts.days ?? 30);
        if (opts.chart && reply.image) writeFileSync(opts.chart, reply.image.png);
        if (opts.json) {
          process.stdout.write(JSON.stringify(numberJson(health), null, 2) + '\n');
          return;
        }
        process.stdout.write(
          renderText(
            { ...reply, buttons: [] },
            { width: process.stdout.columns || 100, color: Boolean(process.stdout.isTTY) },
          ),
        );
      } finally {
        ctx.db.close();
      }
    });
}
