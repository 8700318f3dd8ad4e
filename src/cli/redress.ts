import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseNumber } from '../core/number/service.js';
import { listLines } from '../core/redress/render.js';
import {
  createRequest,
  engineOf,
  listRedress,
  markRequest,
  saveProfileFields,
  setProfileMapping,
  statusOf,
} from '../core/redress/service.js';
import { UsageError } from '../errors.js';
import { getProfile } from '../store/redress.js';
import { cliCtx } from './context.js';

interface Opts {
  db?: string;
  engine?: string;
  out?: string;
  ref?: string;
  json?: boolean;
  business?: string;
  address?: string;
  url?: string;
  contact?: string;
  cnam?: string;
}

const USAGE =
  'sipbot redress N --engine E [--out FILE] | list | mark ID submitted|resolved|rejected [--ref R] | profile [purpose CAMPAIGN P | provider ROUTE NAME]';

/**
 * `sipbot redress`: prepares a request (recorded as a draft; a person submits it and marks it),
 * lists them, marks them, and keeps the business profile they are filled from.
 */
export function register(program: Command): void {
  program
    .command('redress')
    .description('prepare a redress request for a blocked number; list and mark requests; the business profile')
    .argument('<what>', 'a caller number, or list, mark, profile')
    .argument('[rest...]', 'mark: ID STATUS; profile: purpose CAMPAIGN PURPOSE | provider ROUTE NAME')
    .option('--engine <engine>', 'free-caller-registry, first-orion, hiya, tns or carrier')
    .option('--out <file>', 'write the request (First Orion: its CSV) to this file instead of stdout')
    .option('--ref <reference>', "mark: the party's reference or ticket id")
    .option('--json', 'list: as JSON')
    .option('--business <name>', 'profile: business name')
    .option('--address <text>', 'profile: business address')
    .option('--url <url>', 'profile: business website')
    .option('--contact <text>', 'profile: contact name, email, phone')
    .option('--cnam <name>', 'profile: caller name (CNAM)')
    .addHelpText(
      'after',
      `\nUsage: ${USAGE}\nsipbot never submits a request: it prepares it; a person submits it and marks it.`,
    )
    .action((what: string, rest: string[], opts: Opts) => {
      const ctx = cliCtx(opts);
      const env = { ctx, invoker: { platform: 'cli' as const, userId: process.env.USER ?? 'cli', channelId: 'cli' } };
      try {
        if (what === 'list') {
          const rows = listRedress(ctx.db, { limit: 200 });
          if (opts.json)
            process.stdout.write(
              JSON.stringify(
                rows.map((r) => ({
                  id: r.id,
                  number: r.number,
                  engine: r.engine,
                  status: r.status,
                  reference: r.reference,
                  created_at: new Date(r.createdMs).toISOString(),
                  submitted_at: r.submittedMs === null ? null : new Date(r.submittedMs).toISOString(),
                })),
                null,
                2,
              ) + '\n',
            );
          else process.stdout.write((rows.length ? listLines(rows).join('\n') : 'no redress requests') + '\n');
          return;
        }
        if (what === 'mark') {
          const [id, status] = rest;
          if (!id || !status) throw new UsageError('redress.usage', `Usage: ${USAGE}`);
          const row = markRequest(ctx, id, statusOf(status), opts.ref ?? null);
          process.stdout.write(
            `#${row.id} ${row.number} ${row.engine}: ${row.status}${row.reference ? `, ref ${row.reference}` : ''}\n`,
          );
          return;
        }
        if (what === 'profile') {
          const [kind, key, ...value] = rest;
          if (kind === 'purpose' || kind === 'provider') {
            if (!key || !value.length) throw new UsageError('redress.usage', `Usage: ${USAGE}`);
            process.stdout.write(setProfileMapping(ctx, kind, key, value.join(' ')) + '\n');
            return;
          }
          if (kind) throw new UsageError('redress.usage', `Usage: ${USAGE}`);
          saveProfileFields(ctx, {
            business: opts.business,
            address: opts.address,
            url: opts.url,
            contact: opts.contact,
            cnam: opts.cnam,
          });
          process.stdout.write(JSON.stringify(getProfile(ctx.db), null, 2) + '\n');
          return;
        }
        if (!opts.engine)
          throw new UsageError(
            'redress.engine',
            'Give --engine: free-caller-registry, first-orion, hiya, tns or carrier.',
          );
        const number = parseNumber(what, ctx.config.defaultCountry, 'redress');
        const { row, packet } = createRequest(env, number, engineOf(opts.engine));
        const csv = packet.files.find((f) => f.contentType === 'text/csv');
        const body = csv && opts.out ? csv.content.toString('utf8') : packet.text + '\n';
        if (opts.out) writeFileSync(opts.out, body);
        else process.stdout.write(body);
        process.stderr.write(
          `redress #${row.id} prepared (draft; not submitted).${packet.missing.length ? ` Missing: ${packet.missing.join('; ')}.` : ''} Submit it at ${packet.where || 'the contact above'}, then: sipbot redress mark ${row.id} submitted --ref REF\n`,
        );
        if (csv && packet.files.length > 1)
          process.stderr.write(`${packet.files.length} CSV files (500 rows each); --out wrote the first\n`);
      } finally {
        ctx.db.close();
      }
    });
}
