import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actions, command } from '../../../commands/check.js';
import type { CommandEnv } from '../../../commands/types.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import type { Ctx, Invoker } from '../../../src/context.js';
import { generateDemo, SUBJECTS } from '../../../src/core/demo/index.js';
import { silentLogger } from '../../../src/log.js';
import type { Reply } from '../../../src/reply.js';
import { openDb } from '../../../src/store/db.js';
import { getWalkthrough } from '../../../src/store/walkthroughs.js';
import { testCtx } from '../../helpers/ctx.js';

const NOW = '2026-11-21T00:00:00Z';
const ME: Invoker = { platform: 'discord', userId: '1001', userName: 'ana', channelId: '2002' };
const answer = actions.find((a) => a.action === 'check.answer')!;
const start = actions.find((a) => a.action === 'check.start')!;

function press(reply: Reply, label: string, env: CommandEnv): Promise<Reply> | Reply {
  const b = reply.buttons?.find((x) => x.label === label || x.label.startsWith(label));
  if (!b) throw new Error(`no button ${label} in ${reply.buttons?.map((x) => x.label).join(', ')}`);
  return actions.find((a) => a.action === b.action)!.run(b.value, env);
}

function heading(r: Reply): string {
  const b = r.blocks[0];
  return b && 'heading' in b ? (b.heading ?? '') : '';
}

describe('walkthroughs in SQLite', () => {
  it("/sip check starts a walkthrough that shows the data's answer and advances in place", async () => {
    const ctx = testCtx({ now: NOW });
    generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 3000, plantDays: 2, seed: 5 });
    const env = { ctx, invoker: ME };
    const first = await command.run({ subject: '+1 (212) 555-0123' }, env);
    expect(first.title).toBe('403 checklist: +12125550123');
    expect(first.replaceOriginal).toBe(false);
    expect(heading(first)).toBe('Step 1 of 5 · Calling set-up and account: Credentials and registration');
    expect(JSON.stringify(first.blocks)).toMatch(/were answered since Nov 20/);
    expect(first.buttons?.map((b) => b.label)).toEqual(['Yes', 'No', 'Not sure (use data: Yes)']);
    const second = await press(first, 'Yes', env);
    expect(second.replaceOriginal).toBe(true);
    expect(heading(second)).toContain('IP allow-list');
    expect(second.buttons?.at(-1)?.label).toBe('Back');
    // The same command in the same channel resumes it, rather than starting a second.
    const again = await command.run({ subject: '+12125550123' }, env);
    expect(heading(again)).toContain('IP allow-list');
    expect(JSON.stringify(again.blocks)).toContain('resumed from');
    // A different channel is a different walkthrough.
    const elsewhere = await start.run(SUBJECTS.reputation, { ctx, invoker: { ...ME, channelId: '3003' } });
    expect(heading(elsewhere)).toContain('Credentials');
    expect(ctx.db.prepare("SELECT count(*) FROM walkthroughs WHERE status = 'active'").pluck().get()).toBe(2);
  });

  it('resumes after a restart: a new process on the same database file continues the walkthrough', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sipbot-walk-')), 'bot.db');
    const clock = new ManualClock(new Date(NOW));
    const mk = (): Ctx => ({ db: openDb(path), clock, log: silentLogger, config: loadConfig({ SIPBOT_DB: path }) });
    const a = mk();
    generateDemo(a.db, { end: new Date(NOW), days: 8, callsPerDay: 2000, plantDays: 2, seed: 9 });
    let r = await command.run({ subject: SUBJECTS.configRoute }, { ctx: a, invoker: ME });
    r = await press(r, 'Yes', { ctx: a, invoker: ME });
    r = await press(r, 'Yes', { ctx: a, invoker: ME });
    const stale = r;
    a.db.close();

    clock.advance(3_600_000);
    const b = mk();
    const env = { ctx: b, invoker: ME };
    r = await press(stale, 'Yes', env);
    expect(heading(r)).toContain('Destination permissions');
    while (r.buttons?.[0]?.action === 'check.answer') r = await press(r, 'Not sure', env);
    expect(r.title).toBe('403 checklist: route sipline: Configuration');
    const row = getWalkthrough(b.db, 1)!;
    expect(row.status).toBe('done');
    expect(JSON.parse(row.stateJson).transcript.length).toBeGreaterThanOrEqual(10);
    // An old button after the verdict changes nothing.
    const old = await press(stale, 'Yes', env);
    expect(old.title).toContain('Configuration');
    b.db.close();
  });

  it('expires a walkthrough left unanswered past SIPBOT_CHECKLIST_TTL_HOURS, and offers to start again', async () => {
    const ctx = testCtx({ now: NOW, env: { SIPBOT_CHECKLIST_TTL_HOURS: '2' } });
    const env = { ctx, invoker: ME };
    const first = await command.run({}, env);
    expect(first.title).toBe('403 checklist: all calls');
    ctx.clock.advance(2 * 3_600_000 + 1);
    const late = await press(first, 'Yes', env);
    expect(late.title).toBe('403 checklist #1 expired');
    expect(late.buttons).toEqual([{ label: 'Start again', action: 'check.start', value: '', style: 'primary' }]);
    expect(getWalkthrough(ctx.db, 1)!.status).toBe('expired');
    const fresh = await press(late, 'Start again', env);
    expect(JSON.stringify(fresh.blocks)).toContain('walkthrough #2');
  });

  it('refuses a forged or unknown button value with a sentence', () => {
    const ctx = testCtx({ now: NOW });
    expect(() => answer.run('nonsense', { ctx, invoker: ME })).toThrow(/not one of the checklist's/);
    expect(() => answer.run('77:setup.credentials:y', { ctx, invoker: ME })).toThrow(/Walkthrough #77 does not exist/);
    expect(() => command.run({ subject: 'telco-nowhere' }, { ctx, invoker: ME })).toThrow(
      /"telco-nowhere" is not a caller number \(E.164\), a destination region or a route in your calls/,
    );
  });
});
