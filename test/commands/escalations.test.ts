import { describe, expect, it } from 'vitest';
import { modals } from '../../commands/escalate.js';
import { runAction, runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import type { Invoker } from '../../src/context.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import type { Reply } from '../../src/reply.js';
import { getEscalation } from '../../src/store/escalations.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = '2026-11-21T00:00:00Z';
const ctx = testCtx({ now: NOW, env: { SIPBOT_EXPERTS: 'slack:UEXPERT' } });
generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 1500, plantDays: 2, seed: 5 });
const as = (inv: Partial<Invoker>): CommandEnv => ({
  ctx,
  invoker: { platform: 'slack', userId: 'UREQ', userName: 'ana', channelId: 'COPS', ...inv },
});
const submit = modals.find((m) => m.action === 'escalate.submit')!;
await submit.run('|sipline', { subject: 'sipline', urgency: 'urgent', tried: '', contact: '' }, as({}));
await submit.run(
  '|' + SUBJECTS.reputation,
  { subject: SUBJECTS.reputation, urgency: 'high', tried: '', contact: '' },
  as({ userId: 'UOTHER' }),
);

const text = (r: Reply): string => JSON.stringify(r.blocks);

describe('/sip escalations', () => {
  it('lists the open ones with their state; its buttons act on the oldest', async () => {
    const r = await runText('escalations', as({}));
    expect(r.title).toBe('2 open escalations');
    const t = r.blocks[0];
    expect(t?.kind === 'table' && t.rows.map((row) => [row[0], row[1], row[2], row[3]])).toEqual([
      ['#2', 'open, not acknowledged', 'high', '+12125550123'],
      ['#1', 'open, not acknowledged', 'urgent', 'route sipline'],
    ]);
    expect(r.buttons?.map((b) => b.label)).toEqual([
      'Acknowledge #1',
      'Assign to me #1',
      'Resolve #1',
      'Evidence (JSON, CSV) #1',
      'Show calls #1',
      'Carrier ticket #1',
    ]);
  });

  it('ack, assign, resolve by text: experts only on Slack; the console runs on the database and may', async () => {
    const refused = await runText('escalations ack 1', as({}));
    expect(refused.title).toBe('Only the escalation experts can do that');
    expect(getEscalation(ctx.db, 1)?.status).toBe('open');
    const acked = await runText('escalations ack 1', as({ userId: 'UEXPERT' }));
    expect(acked.replaceOriginal).toBe(false);
    expect(getEscalation(ctx.db, 1)?.status).toBe('acknowledged');
    await runText('escalations resolve #1', {
      ctx,
      invoker: { platform: 'console', userId: 'op', channelId: 'console' },
    });
    expect(getEscalation(ctx.db, 1)).toMatchObject({ status: 'resolved' });
    const again = await runText('escalations resolve 1', as({ userId: 'UEXPERT' }));
    expect(text(again)).toContain('Nothing changed: the escalation is already resolved.');
    expect((await runText('escalations', as({}))).title).toBe('1 open escalation');
  });

  it('show prints one; bad input is a sentence', async () => {
    const r = await runText('escalations show 2', as({}));
    expect(r.title).toBe('Escalation #2: +12125550123 (high)');
    expect(r.blocks.some((b) => b.kind === 'table' && b.columns.includes('call id'))).toBe(true);
    await expect(runText('escalations show 9', as({}))).rejects.toMatchObject({ code: 'escalate.unknown' });
    await expect(runText('escalations ack', as({}))).rejects.toMatchObject({ code: 'escalations.no_id' });
    await expect(runText('escalations poke 2', as({}))).rejects.toMatchObject({ code: 'escalations.bad_action' });
  });

  it("Show calls on an escalation lists the subject's refused calls of the bundle's week", async () => {
    const r = await runText('escalations show 2', as({}));
    const calls = await runAction('calls.show', r.buttons!.find((b) => b.label === 'Show calls')!.value, as({}));
    expect(calls.title).toBe('Refused calls from +12125550123, 2026-11-14 00:00 to 2026-11-21 00:00 UTC');
    expect(
      calls.files?.[0]?.content
        .toString()
        .split('\n')
        .slice(1, -1)
        .every((l) => l.split(',')[1] === SUBJECTS.reputation),
    ).toBe(true);
  });
});
