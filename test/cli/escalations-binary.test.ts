import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modals } from '../../commands/escalate.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import { silentLogger } from '../../src/log.js';
import { getEscalation, listEvents } from '../../src/store/escalations.js';
import { listOutbox } from '../../src/store/outbox.js';
import { openDb } from '../../src/store/db.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sipbot.js');
// Experts are named: the CLI acts anyway (it runs on the database file itself).
const ENV = {
  SIPBOT_ESCALATION_CHANNEL: 'slack:CEXPERTS',
  SIPBOT_EXPERTS: 'UEXPERT',
  SIPBOT_ESCALATION_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
};

function sipbot(args: string[], db: string): { code: number | null; out: string; err: string } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...ENV };
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], { cwd: ROOT, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('sipbot escalations ack|assign|resolve (built binary)', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'sipbot-esc-bin-')), 'bot.db');

  beforeAll(async () => {
    // The binary runs dist/; build it (other areas' type errors must not stop the emit).
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT },
    );
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    const now = new Date('2026-11-21T00:00:00Z');
    const ctx = {
      db: openDb(db),
      clock: new ManualClock(now),
      log: silentLogger,
      config: loadConfig({ SIPBOT_DB: db, ...ENV }),
    };
    generateDemo(ctx.db, { end: now, days: 8, callsPerDay: 1000, plantDays: 2, seed: 4 });
    const submit = modals.find((m) => m.action === 'escalate.submit')!;
    await submit.run(
      '|' + SUBJECTS.reputation,
      { subject: SUBJECTS.reputation, urgency: 'high', tried: '', contact: '' },
      { ctx, invoker: { platform: 'slack', userId: 'UREQ', userName: 'ana', channelId: 'COPS' } },
    );
    ctx.db.close();
  }, 180_000);

  it('acknowledges, takes and resolves from a shell; the requester is told and the webhook queued each time', () => {
    const ack = sipbot(['escalations', 'ack', '1', '--by', 'ops-lead'], db);
    expect(ack).toMatchObject({ code: 0, err: '' });
    expect(ack.out).toBe(
      'Escalation #1 acknowledged by ops-lead: +12125550123 [acknowledged]. The requester is told and the posted messages update.\n',
    );
    const assign = sipbot(['escalations', 'assign', '#1', '--by', 'ops-lead', '--json'], db);
    expect(JSON.parse(assign.out)).toMatchObject({
      changed: true,
      escalation: { id: 1, status: 'assigned', assignee: { user_id: 'ops-lead' } },
    });
    expect(sipbot(['escalations', 'resolve', '1', '--by', 'ops-lead'], db)).toMatchObject({
      code: 0,
      out: expect.stringContaining('resolved by ops-lead'),
    });
    // Again: nothing changes, and saying so is not an error.
    expect(sipbot(['escalations', 'resolve', '1'], db)).toMatchObject({
      code: 0,
      out: 'Escalation #1 is already resolved; nothing changed.\n',
    });

    const check = openDb(db);
    try {
      expect(getEscalation(check, 1)).toMatchObject({ status: 'resolved', assigneeId: 'ops-lead' });
      expect(listEvents(check, 1).map((e) => [e.kind, e.actorPlatform, e.actorId])).toEqual([
        ['created', 'slack', 'UREQ'],
        ['acknowledged', 'cli', 'ops-lead'],
        ['assigned', 'cli', 'ops-lead'],
        ['resolved', 'cli', 'ops-lead'],
      ]);
      const keys = listOutbox(check, { escalationId: 1 }).map((o) => `${o.kind} ${o.target}`);
      expect(keys.filter((k) => k === 'chat.post slack:COPS')).toHaveLength(3);
      expect(keys.filter((k) => k.startsWith('webhook '))).toHaveLength(4);
    } finally {
      check.close();
    }
  });

  it('an unknown id is exit 1 with one line; a missing id is exit 2', () => {
    const r = sipbot(['escalations', 'ack', '42'], db);
    expect(r).toMatchObject({ code: 1, err: 'sipbot: Escalation #42 does not exist.\n' });
    expect(sipbot(['escalations', 'ack'], db).code).toBe(2);
  });
});
