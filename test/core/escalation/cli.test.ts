import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { modals } from '../../../commands/escalate.js';
import { ManualClock } from '../../../src/clock.js';
import { main } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import { silentLogger } from '../../../src/log.js';
import { openDb } from '../../../src/store/db.js';

const submit = modals.find((m) => m.action === 'escalate.submit')!;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'sipbot', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('sipbot escalations', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sipbot-cli-esc-')), 'bot.db');
  const seed = async (): Promise<void> => {
    const now = new Date();
    const ctx = {
      db: openDb(path),
      clock: new ManualClock(now),
      log: silentLogger,
      config: loadConfig({ SIPBOT_DB: path }),
    };
    generateDemo(ctx.db, {
      end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
      days: 8,
      callsPerDay: 1500,
      plantDays: 2,
      seed: 4,
    });
    const inv = { platform: 'slack' as const, userId: 'U1', userName: 'ana', channelId: 'C1' };
    await submit.run(
      '|' + SUBJECTS.reputation,
      { subject: SUBJECTS.reputation, urgency: 'high', tried: 'FCR registration filed', contact: 'ana@example.com' },
      { ctx, invoker: inv },
    );
    await submit.run('|*', { subject: '', urgency: 'low', tried: '', contact: '' }, { ctx, invoker: inv });
    ctx.db.prepare("UPDATE escalations SET status = 'resolved' WHERE id = 2").run();
    ctx.db.close();
  };

  it('lists escalations, filters by status, and prints JSON', async () => {
    await seed();
    const all = await run(['escalations', '--db', path]);
    expect(all.code).toBe(0);
    expect(all.out.split('\n')[0]).toMatch(/^id\s+status\s+urgency\s+subject/);
    expect(all.out).toContain('#1  open      high     +12125550123');
    const open = await run(['escalations', '--status', 'open', '--json', '--db', path]);
    const parsed = JSON.parse(open.out) as {
      escalations: Array<{ id: number; status: string; requester: { user_id: string } }>;
    };
    expect(parsed.escalations.map((e) => [e.id, e.status, e.requester.user_id])).toEqual([[1, 'open', 'U1']]);
    const bad = await run(['escalations', '--status', 'pending', '--db', path]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--status must be one of open, acknowledged, assigned, resolved, not "pending"');
  });

  it('shows one escalation, and prints its evidence bundle as JSON and CSV', async () => {
    const show = await run(['escalations', 'show', '1', '--db', path]);
    expect(show.code).toBe(0);
    expect(show.out).toContain('Escalation #1: +12125550123  [open, high]');
    expect(show.out).toContain('tried: FCR registration filed');
    expect(show.out).toMatch(/latest refusals: /);
    expect(show.out).toContain('next steps:');
    const json = await run(['escalations', 'show', '1', '--bundle', 'json', '--db', path]);
    const bundle = JSON.parse(json.out) as { escalation: { id: number }; routes: unknown[]; refused_sample: unknown[] };
    expect(bundle.escalation.id).toBe(1);
    expect(bundle.routes.length).toBe(4);
    const csv = await run(['escalations', 'show', '1', '--bundle', 'csv', '--db', path]);
    expect(csv.out.split('\n')[0]).toBe(
      'section,route,time,caller,callee,sip_code,sip_reason,q850_cause,call_id,calls,blocked,rate,step,answer,detail',
    );
    const missing = await run(['escalations', 'show', '42', '--db', path]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toContain('No escalation #42');
  });
});
