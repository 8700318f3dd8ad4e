import { describe, expect, it } from 'vitest';
import { runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { getSubscription } from '../../src/store/subscriptions.js';
import { testCtx } from '../helpers/ctx.js';

function env(platform: 'slack' | 'discord' | 'cli' = 'slack', channelId = 'C1'): CommandEnv {
  const ctx = testCtx({ now: '2026-11-21T15:00:00Z' });
  return { ctx, invoker: { platform, userId: 'U1', channelId } };
}

describe('/sip digest', () => {
  it('shows yesterday by default, with the chart', async () => {
    const e = env();
    generateDemo(e.ctx.db, {
      days: 8,
      callsPerDay: 3000,
      end: new Date('2026-11-21T00:00:00Z'),
      seed: 4,
      plant: ['reputation'],
    });
    const r = await runText('digest', e);
    expect(r.title).toBe('403 digest: Fri, 20 Nov 2026 (UTC)');
    expect(r.image?.filename).toBe('sipbot-digest-2026-11-20.png');
    const other = await runText('digest 2026-11-19', e);
    expect(other.title).toContain('19 Nov 2026');
    await expect(runText('digest 2026-13-01', e)).rejects.toMatchObject({ code: 'digest.bad_date' });
  });

  it('subscribe, status, unsubscribe per channel', async () => {
    const e = env();
    const r = await runText('digest subscribe 8:00 America/Chicago route:sipline', e);
    expect(r.title).toBe('Digest subscribed');
    expect(JSON.stringify(r.blocks)).toContain('daily at 08:00 America/Chicago for route `sipline`');
    expect(JSON.stringify(r.blocks)).toContain('Next: Sun 22 Nov, 08:00'); // 09:00 CST already passed on the 21st
    const s = getSubscription(e.ctx.db, 'slack', 'C1');
    expect(s).toMatchObject({
      localTime: '08:00',
      timeZone: 'America/Chicago',
      filterKind: 'route',
      filterValue: 'sipline',
    });
    // Subscribing again changes the same subscription.
    await runText('digest subscribe 07:30 Europe/London number:2125550123', e);
    expect(getSubscription(e.ctx.db, 'slack', 'C1')).toMatchObject({
      id: s!.id,
      localTime: '07:30',
      filterKind: 'number',
      filterValue: '+12125550123',
    });
    expect(JSON.stringify((await runText('digest status', e)).blocks)).toContain('Nothing posted yet');
    expect((await runText('digest unsubscribe', e)).title).toBe('Digest unsubscribed');
    expect(getSubscription(e.ctx.db, 'slack', 'C1')).toBeUndefined();
    expect((await runText('digest status', e)).title).toBe('No digest here');
  });

  it('rejects bad times, zones and filters, and platforms without channels', async () => {
    const e = env();
    await expect(runText('digest subscribe 25:00 UTC', e)).rejects.toMatchObject({ code: 'digest.bad_time' });
    await expect(runText('digest subscribe 08:00 Mars/Base', e)).rejects.toMatchObject({ code: 'digest.bad_zone' });
    await expect(runText('digest subscribe 08:00 UTC carrier:x', e)).rejects.toMatchObject({
      code: 'digest.bad_filter',
    });
    await expect(runText('digest subscribe 08:00 UTC', env('cli'))).rejects.toMatchObject({
      code: 'digest.no_channel',
    });
  });
});
