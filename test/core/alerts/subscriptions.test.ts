import { describe, expect, it } from 'vitest';
import { command, parseAlertsText } from '../../../commands/alerts.js';
import { matches, quietUntil } from '../../../src/core/alerts/notify.js';
import { isUserError } from '../../../src/errors.js';
import type { AlertRow } from '../../../src/store/alerts.js';
import type { AlertSubscription } from '../../../src/store/alert-subscriptions.js';
import { testCtx } from '../../helpers/ctx.js';

const sub = (over: Partial<AlertSubscription>): AlertSubscription => ({
  id: 1,
  platform: 'slack',
  channelId: 'C1',
  filterKind: null,
  filterValue: null,
  quietFrom: null,
  quietTo: null,
  timeZone: 'UTC',
  createdBy: 'U1',
  createdMs: 0,
  ...over,
});
const alert = (over: Partial<AlertRow>): AlertRow =>
  ({ kind: 'route', subject: 'telco-east', routes: ['telco-east'], ...over }) as AlertRow;

describe('alert subscriptions', () => {
  it.each([
    ['subscribe', { what: 'subscribe' }],
    ['subscribe all 22:00-07:00', { what: 'subscribe', filter: 'all', quiet: '22:00-07:00' }],
    ['subscribe route telco-east', { what: 'subscribe', filter: 'route telco-east' }],
    [
      'subscribe number +12125550123 23:30-06:00',
      { what: 'subscribe', filter: 'number +12125550123', quiet: '23:30-06:00' },
    ],
    ['unsubscribe', { what: 'unsubscribe' }],
  ])('parses "%s"', (text, args) => {
    expect(parseAlertsText(text)).toEqual(args);
  });

  it('filters: all, a route (and alerts refused on it), a number; account alerts go everywhere', () => {
    expect(matches(sub({}), alert({}))).toBe(true);
    expect(
      matches(
        sub({ filterKind: 'route', filterValue: 'telco-east' }),
        alert({ kind: 'number', subject: '+12125550123', routes: ['telco-east', 'sipline'] }),
      ),
    ).toBe(true);
    expect(matches(sub({ filterKind: 'route', filterValue: 'sipline' }), alert({}))).toBe(false);
    expect(
      matches(
        sub({ filterKind: 'number', filterValue: '+12125550123' }),
        alert({ kind: 'number', subject: '+12125550123' }),
      ),
    ).toBe(true);
    expect(matches(sub({ filterKind: 'number', filterValue: '+12125550123' }), alert({}))).toBe(false);
    expect(
      matches(sub({ filterKind: 'number', filterValue: '+12125550123' }), alert({ kind: 'account', subject: '*' })),
    ).toBe(true);
  });

  it('quiet hours over midnight in the channel zone hold a post until they end', () => {
    const q = sub({ quietFrom: '22:00', quietTo: '07:00', timeZone: 'America/Chicago' });
    // 23:30 Chicago (05:30 UTC) -> 07:00 Chicago next day (13:00 UTC).
    expect(new Date(quietUntil(q, Date.parse('2026-11-21T05:30:00Z'))).toISOString()).toBe('2026-11-21T13:00:00.000Z');
    // 03:00 Chicago -> 07:00 the same day.
    expect(new Date(quietUntil(q, Date.parse('2026-11-21T09:00:00Z'))).toISOString()).toBe('2026-11-21T13:00:00.000Z');
    // 12:00 Chicago: not quiet.
    expect(quietUntil(q, Date.parse('2026-11-21T18:00:00Z'))).toBe(Date.parse('2026-11-21T18:00:00Z'));
    const day = sub({ quietFrom: '12:00', quietTo: '13:00' });
    expect(new Date(quietUntil(day, Date.parse('2026-11-21T12:15:00Z'))).toISOString()).toBe(
      '2026-11-21T13:00:00.000Z',
    );
  });

  it('bad filters and quiet hours are one sentence; the CLI cannot subscribe', async () => {
    const ctx = testCtx();
    const env = { ctx, invoker: { platform: 'slack' as const, userId: 'U1', channelId: 'C1' } };
    const err = async (text: string): Promise<string> => {
      try {
        await command.run(parseAlertsText(text), env);
        return 'no error';
      } catch (e) {
        return isUserError(e) ? e.code : String(e);
      }
    };
    expect(await err('subscribe region 512')).toBe('alerts.bad_filter');
    expect(await err('subscribe all 25:00-07:00')).toBe('alerts.bad_quiet');
    expect(await err('subscribe number 12')).toBe('alerts.bad_filter');
    expect(await err('mute')).toBe('alerts.bad_usage');
    const cli = { ctx, invoker: { platform: 'cli' as const, userId: 'me', channelId: 'cli' } };
    await expect(Promise.resolve().then(() => command.run({ what: 'subscribe' }, cli))).rejects.toMatchObject({
      code: 'alerts.no_channel',
    });
  });
});
