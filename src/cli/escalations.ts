import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { bundleCsv, type Bundle } from '../core/escalation/bundle.js';
import { escalationFields } from '../core/escalation/row-json.js';
import { subjectLabel } from '../core/checklist/subject.js';
import { UsageError, UserError } from '../errors.js';
import {
  getEscalation,
  listEscalations,
  listEvents,
  type EscalationRow,
  type EscalationStatus,
} from '../store/escalations.js';
import { listOutbox } from '../store/outbox.js';
import { transition, type Move } from '../core/escalation/service.js';
import { cliCtx } from './context.js';

const STATUSES: readonly EscalationStatus[] = ['open', 'acknowledged', 'assigned', 'resolved'];

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function asJson(e: EscalationRow): Record<string, unknown> {
  return {
    ...escalationFields(e),
    walkthrough_id: e.walkthroughId,
    reminders_sent: e.remindersSent,
    created_at: iso(e.createdMs),
    acknowledged_at: iso(e.acknowledgedMs),
    resolved_at: iso(e.resolvedMs),
  };
}

function table(rows: readonly EscalationRow[]): string {
  const head = ['id', 'status', 'urgency', 'subject', 'requested by', 'opened (UTC)', 'assignee'];
  const body = rows.map((e) => [
    `#${e.id}`,
    e.status,
    e.urgency,
    subjectLabel(e.subject),
    `${e.requesterName ?? e.requesterId} (${e.requesterPlatform})`,
    new Date(e.createdMs).toISOString().slice(0, 16).replace('T', ' '),
    e.assigneeName ?? e.assigneeId ?? '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

function show(
  e: EscalationRow,
  events: ReturnType<typeof listEvents>,
  deliveries: ReturnType<typeof listOutbox>,
): string {
  const b = JSON.parse(e.bundleJson) as Bundle;
  const out = [
    `Escalation #${e.id}: ${subjectLabel(e.subject)}  [${e.status}, ${e.urgency}]`,
    `requested by ${e.requesterName ?? e.requesterId} on ${e.requesterPlatform}:${e.channelId} at ${iso(e.createdMs)}`,
  ];
  if (e.contact) out.push(`contact: ${e.contact}`);
  if (e.note) out.push(`tried: ${e.note}`);
  out.push('', ...b.findings.map((f) => f.summary));
  const steps = b.findings[0]?.next_steps ?? [];
  if (steps.length) out.push('', 'next steps:', ...steps.map((x, i) => `  ${i + 1}. ${x}`));
  if (b.routes.length) {
    out.push('', 'route             calls  refused    rate');
    for (const r of b.routes)
      out.push(
        `${r.route.padEnd(16)} ${String(r.calls).padStart(6)} ${String(r.blocked).padStart(8)} ${(r.rate * 100).toFixed(1).padStart(6)}%`,
      );
  }
  if (b.refused_sample.length) {
    out.push('', `latest refusals: ${b.reasons}`);
    for (const c of b.refused_sample.slice(0, 10))
      out.push(
        `  ${c.time.slice(0, 19).replace('T', ' ')}  ${c.caller} -> ${c.callee}  ${c.route}  ${c.sip_code} ${c.sip_reason ?? ''}  ${c.call_id ?? ''}`.trimEnd(),
      );
  }
  if (b.walkthrough)
    out.push(
      '',
      `checklist walkthrough #${b.walkthrough.id}: verdict ${b.walkthrough.verdict ?? 'not reached'}, ${b.walkthrough.transcript.length} answers`,
    );
  out.push(
    '',
    'timeline:',
    ...events.map(
      (ev) =>
        `  ${iso(ev.atMs)}  ${ev.kind}${ev.actorId ? ` by ${ev.actorName ?? ev.actorId} (${ev.actorPlatform})` : ''}`,
    ),
  );
  if (deliveries.length) {
    out.push('', 'deliveries:');
    for (const d of deliveries)
      out.push(
        `  ${d.kind.padEnd(11)} ${d.target}  ${d.sentMs ? `sent ${iso(d.sentMs)}` : d.failedMs ? `gave up: ${d.lastError}` : `pending (${d.attempts} attempts${d.lastError ? `, last: ${d.lastError}` : ''})`}`,
      );
  }
  return out.join('\n');
}

const VERB: Record<Move, string> = { ack: 'acknowledged', assign: 'assigned', resolve: 'resolved' };

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/**
 * `sipbot escalations ack|assign|resolve ID`: the same transition the chat buttons make (the
 * requester is told, the posted messages update in place through the outbox, the webhook fires).
 */
function registerMove(cmd: Command, move: Move, description: string): void {
  cmd
    .command(`${move} <id>`)
    .description(description)
    .option('--by <name>', 'who does it, for the timeline (default: your login name)')
    .option('--json', 'print the escalation as JSON')
    .action((id: string, own: { db?: string; by?: string; json?: boolean }, sub: Command) => {
      // The parent's options (--db, --json) are parsed wherever they appear on the line.
      const opts = { ...(sub.parent?.opts() as { db?: string; json?: boolean }), ...own };
      const ctx = cliCtx(opts);
      try {
        const by = opts.by?.trim() || osUser();
        const done = transition(
          { ctx, invoker: { platform: 'cli', userId: by, userName: by, channelId: 'cli' } },
          move,
          id,
        );
        // The CLI is trusted (see isExpert): null cannot happen here.
        if (!done) throw new UserError('escalations.not_expert', 'Only the escalation experts can do that.');
        const e = done.row;
        if (opts.json) {
          process.stdout.write(JSON.stringify({ escalation: asJson(e), changed: done.changed }) + '\n');
          return;
        }
        process.stdout.write(
          done.changed
            ? `Escalation #${e.id} ${VERB[move]} by ${by}: ${subjectLabel(e.subject)} [${e.status}]. The requester is told and the posted messages update.\n`
            : `Escalation #${e.id} is already ${e.status}; nothing changed.\n`,
        );
      } finally {
        ctx.db.close();
      }
    });
}

/** `sipbot escalations [--status S] [--json]` and `sipbot escalations show ID [--bundle json|csv] [--json]`. */
export function register(program: Command): void {
  const cmd = program
    .command('escalations')
    .description('list expert-review escalations, show one with its evidence, or ack, assign, resolve one')
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many, newest first', '100')
    .option('--json', 'print {"escalations":[...]}')
    .action((opts: { db?: string; status?: string; limit: string; json?: boolean }) => {
      if (opts.status !== undefined && !STATUSES.includes(opts.status as EscalationStatus)) {
        throw new UsageError(
          'escalations.bad_status',
          `--status must be one of ${STATUSES.join(', ')}, not "${opts.status}".`,
        );
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('escalations.bad_limit', `--limit must be a positive whole number, not "${opts.limit}".`);
      const ctx = cliCtx(opts);
      try {
        const rows = listEscalations(ctx.db, {
          limit,
          ...(opts.status ? { status: opts.status as EscalationStatus } : {}),
        });
        if (opts.json) {
          process.stdout.write(JSON.stringify({ escalations: rows.map(asJson) }) + '\n');
          return;
        }
        process.stdout.write(
          rows.length ? table(rows) + '\n' : `no ${opts.status ?? ''}${opts.status ? ' ' : ''}escalations\n`,
        );
      } finally {
        ctx.db.close();
      }
    });
  registerMove(cmd, 'ack', 'acknowledge an escalation: the requester is told someone is on it');
  registerMove(cmd, 'assign', 'take an escalation (assign it to --by, default you)');
  registerMove(cmd, 'resolve', 'resolve an escalation');
  cmd
    .command('show <id>')
    .description('one escalation: its evidence, timeline and deliveries')
    .option('--bundle <format>', 'print the evidence bundle as json or csv instead')
    .option('--json', 'print the record, timeline and bundle as one JSON object')
    .action((id: string, own: { db?: string; bundle?: string; json?: boolean }, sub: Command) => {
      const opts = { ...(sub.parent?.opts() as { db?: string; json?: boolean }), ...own };
      if (opts.bundle !== undefined && opts.bundle !== 'json' && opts.bundle !== 'csv') {
        throw new UsageError('escalations.bad_bundle', `--bundle must be json or csv, not "${opts.bundle}".`);
      }
      const n = Number(id.replace(/^#/, ''));
      const ctx = cliCtx(opts);
      try {
        const e = Number.isInteger(n) ? getEscalation(ctx.db, n) : undefined;
        if (!e) throw new UserError('escalations.unknown', `No escalation #${id}. \`sipbot escalations\` lists them.`);
        const bundle = JSON.parse(e.bundleJson) as Bundle;
        if (opts.bundle === 'json') process.stdout.write(JSON.stringify(bundle, null, 2) + '\n');
        else if (opts.bundle === 'csv') process.stdout.write(bundleCsv(bundle));
        else if (opts.json) {
          const events = listEvents(ctx.db, e.id).map((ev) => ({
            kind: ev.kind,
            at: iso(ev.atMs),
            by: ev.actorId ? { platform: ev.actorPlatform, user_id: ev.actorId, name: ev.actorName } : null,
          }));
          process.stdout.write(JSON.stringify({ escalation: asJson(e), timeline: events, bundle }) + '\n');
        } else
          process.stdout.write(show(e, listEvents(ctx.db, e.id), listOutbox(ctx.db, { escalationId: e.id })) + '\n');
      } finally {
        ctx.db.close();
      }
    });
}
