import { describe, expect, it } from 'vitest';
import { runAction, runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../src/core/demo/plants.js';
import { testCtx } from '../helpers/ctx.js';

const ctx = testCtx({ now: '2026-11-21T00:00:00Z' });
generateDemo(ctx.db, {
  days: 8,
  callsPerDay: 4000,
  end: new Date('2026-11-21T00:00:00Z'),
  seed: 2,
  plant: [...DEFAULT_PLANTS],
});
const env: CommandEnv = { ctx, invoker: { platform: 'slack', userId: 'U1', channelId: 'C1' } };

describe('/sip patterns', () => {
  it('with no argument analyses the last 24 hours', async () => {
    const r = await runText('patterns', env);
    expect(r.title).toBe('403 patterns, last 1 day');
    expect(JSON.stringify(r.blocks)).toContain('reputation: `+12125550123`');
  });

  it('a number (any format) shows that number in detail with next steps', async () => {
    const r = await runText('patterns (212) 555-0123 48h', env);
    expect(r.title).toBe('403 patterns for +12125550123, last 2 days');
    expect(r.ephemeral).toBe(true);
    expect(r.blocks.some((b) => b.kind === 'list' && b.heading === 'Next steps')).toBe(true);
  });

  it('a route name and an area code work as subjects', async () => {
    expect(JSON.stringify((await runText('patterns sipline', env)).blocks)).toContain('configuration: `sipline`');
    expect(JSON.stringify((await runText('patterns 876', env)).blocks)).toContain('Jamaica');
  });

  it('a bad duration or subject is a user error', async () => {
    await expect(runText('patterns +12125550123 5x', env)).rejects.toMatchObject({ code: 'patterns.bad_since' });
    await expect(runText('patterns +12125550123 soon', env)).rejects.toMatchObject({ code: 'patterns.bad_subject' });
  });

  it('explain\'s "Show patterns" passes a code: the findings with that refusal code', async () => {
    const r = await runAction('patterns.show', '608', env);
    expect(r.title).toBe('403 patterns for SIP 608, last 1 day');
    const text = JSON.stringify(r.blocks);
    expect(text).toContain('+12125550123');
    expect(text).not.toContain('+13125550147');
    const busy = await runAction('patterns.show', '486', env);
    expect(busy.title).toBe('403 patterns, last 1 day');
  });

  it('the Details button reopens the exact window of the digest', async () => {
    const from = Date.parse('2026-11-20T00:00:00Z');
    const to = Date.parse('2026-11-21T00:00:00Z');
    const r = await runAction('patterns.show', `+13125550147|${from}|${to}`, env);
    expect(JSON.stringify(r.blocks)).toContain('carrier policy: `+13125550147`');
    await expect(runAction('patterns.show', '+13125550147|x|y', env)).rejects.toMatchObject({
      code: 'patterns.bad_button',
    });
  });
});
