import type { Command } from 'commander';
import { isZone, printable } from '../core/ingest/index.js';
import { UsageError, UserError } from '../errors.js';
import { createToken, listTokens, revokeToken } from '../store/tokens.js';
import { cliCtx } from './context.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new UsageError('token.bad_name', `"${name}" is not a token name: use 1-64 letters, digits, ".", "_" or "-".`);
  }
}

function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `token` and each subcommand both take --db (main adds it to every command), and commander gives
 * `sipbot token create X --db F` to the group: without this the token went into the default
 * database, where the server did not look.
 */
function withGroupDb<T extends { db?: string }>(own: T, cmd: Command): T {
  return { ...own, db: own.db ?? (cmd.optsWithGlobals() as { db?: string }).db };
}

/** `sipbot token create|list|revoke`: ingest API tokens. The plain token is printed once, never stored. */
export function register(program: Command): void {
  const token = program.command('token').description('issue, list and revoke ingest API tokens (POST /api/v1/calls)');

  token
    .command('create')
    .argument('<name>', 'who the token is for, e.g. dialer-prod')
    .option('--tz <zone>', "zone of times written without one in this token's uploads (default UTC; ?tz= overrides)")
    .option('--json', 'print {"name","token"} as JSON')
    .description('issue a token; it is shown once and stored only as a hash')
    .action((name: string, own: { db?: string; json?: boolean; tz?: string }, cmd: Command) => {
      const opts = withGroupDb(own, cmd);
      checkName(name);
      if (opts.tz !== undefined && !isZone(opts.tz))
        throw new UsageError(
          'token.bad_tz',
          `--tz ${printable(opts.tz)} is not a time zone; use an IANA name such as America/Chicago or UTC.`,
        );
      const ctx = cliCtx(opts);
      try {
        const made = createToken(ctx.db, name, ctx.clock.now().getTime(), opts.tz ?? null);
        if (!made)
          throw new UserError('token.exists', `A token named "${name}" exists already.`, [
            `Revoke it first: sipbot token revoke ${name}`,
          ]);
        if (opts.json) {
          console.log(JSON.stringify({ name, token: made.token }));
        } else {
          console.log(made.token);
          if (process.stderr.isTTY)
            console.error(`token "${name}" created; it is not shown again. Use it as: Authorization: Bearer <token>`);
        }
      } finally {
        ctx.db.close();
      }
    });

  token
    .command('list')
    .option('--json', 'print JSON')
    .description('list tokens (names and prefixes, never the tokens)')
    .action((own: { db?: string; json?: boolean }, cmd: Command) => {
      const opts = withGroupDb(own, cmd);
      const ctx = cliCtx(opts);
      try {
        const rows = listTokens(ctx.db);
        if (opts.json) {
          console.log(JSON.stringify({ tokens: rows }));
          return;
        }
        if (rows.length === 0) {
          console.log('no tokens; create one with: sipbot token create NAME');
          return;
        }
        const lines = [['NAME', 'PREFIX', 'ZONE', 'CREATED', 'LAST USED', 'STATUS']];
        for (const r of rows)
          lines.push([
            r.name,
            `${r.prefix}...`,
            r.tz ?? 'UTC',
            when(r.createdMs),
            when(r.lastUsedMs),
            r.revokedMs === null ? 'active' : `revoked ${when(r.revokedMs)}`,
          ]);
        const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
        for (const l of lines)
          console.log(
            l
              .map((c, i) => c.padEnd(widths[i]!))
              .join('  ')
              .trimEnd(),
          );
      } finally {
        ctx.db.close();
      }
    });

  token
    .command('revoke')
    .argument('<name>', 'the token to revoke')
    .description('revoke a token; requests with it get 401 at once')
    .action((name: string, own: { db?: string }, cmd: Command) => {
      const opts = withGroupDb(own, cmd);
      const ctx = cliCtx(opts);
      try {
        if (!revokeToken(ctx.db, name, ctx.clock.now().getTime())) {
          throw new UserError('token.unknown', `No active token named "${name}".`, [
            'See them with: sipbot token list',
          ]);
        }
        console.log(`revoked ${name}`);
      } finally {
        ctx.db.close();
      }
    });
}
