import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import { getAlert, openAlerts } from '../../src/store/alerts.js';
import {
  discordEnv,
  slackEnv,
  startBot,
  startDiscordFake,
  startSlackFake,
  type DiscordFake,
  type RunningBot,
  type SlackFake,
} from '../fakes/index.js';
import { validateMessage } from '../fakes/discord-limits.js';
import { validateBlocks } from '../fakes/slack-blocks.js';
import { TrafficGenerator } from '../generators/alert-traffic.js';
import { insertCalls } from '../../src/store/calls.js';
import { testCtx } from '../helpers/ctx.js';

type J = Record<string, unknown>;
const MINUTE = 60_000;
const START = Date.parse('2026-11-21T10:00:00Z');
const ONSET = Date.parse('2026-11-21T11:00:00Z');
const slackButtons = (blocks: unknown): J[] =>
  ((blocks as J[] | undefined) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);
const slackLabel = (b: J): string => String((b.text as J).text);
const discordButtons = (body: J): J[] =>
  ((body.components as J[] | undefined) ?? []).flatMap((row) => row.components as J[]);
const embedsText = (body: J): string => JSON.stringify(body.embeds ?? []);

// The alerts' real scheduler in startServices (ticking every 20 ms against a ManualClock), the real
// Bolt and discord.js against the fakes: one message per alert in each channel, edited in place
// (chat.update / PATCH) at every change, each change a reply in its thread, every button pressed.
describe('alerts in Slack and Discord', () => {
  let slack: SlackFake;
  let discord: DiscordFake;
  let bot: RunningBot;
  const ctx = testCtx({ now: new Date(START).toISOString() });
  const gen = new TrafficGenerator({
    outcome: (c) => (c.minuteMs >= ONSET && c.route === 'telco-west' ? { code: 403, reason: 'Forbidden' } : null),
  });
  let id = 0;

  beforeAll(async () => {
    slack = await startSlackFake();
    discord = await startDiscordFake();
    ctx.config = loadConfig({ SIPBOT_DB: ':memory:', ...slackEnv(slack, 'http'), ...discordEnv(discord) });
    await registerDiscordCommands(ctx.config, commands, discord.guildId, 0);
    bot = await startBot(ctx, { alerts: { intervalMs: 20, waitForPostMs: 20 } });
    await discord.ready();
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
    await discord.close();
  });

  /** Stores calls up to `toMs` and moves the clock 5 s past it; the scheduler's next tick evaluates. */
  function traffic(fromMs: number, toMs: number): void {
    for (let m = fromMs; m < toMs; m += MINUTE) insertCalls(ctx.db, gen.minute(m));
    ctx.clock.set(new Date(toMs + 5000));
  }

  it('subscribes both channels, then posts one message per channel when a route starts refusing', async () => {
    const s = await slack.sendSlashCommand(bot.slackEventsUrl!, 'alerts subscribe all 23:00-06:00');
    expect(JSON.stringify(s.json)).toContain('quiet 23:00-06:00');
    const d = discord.sendCommand('alerts', { what: 'subscribe' });
    await discord.waitFor(() =>
      discord.responsesFor(d).some((r) => JSON.stringify(r.body).includes('Alerts subscribed')),
    );
    traffic(START, ONSET + 3 * MINUTE);
    for (
      let m = ONSET + 3 * MINUTE;
      m <= ONSET + 8 * MINUTE && !openAlerts(ctx.db).some((a) => a.state === 'firing');
      m += MINUTE
    ) {
      traffic(m, m + MINUTE);
      await slack.waitFor(() => ctx.db.prepare('SELECT last_step_ms FROM alert_fold').pluck().get() === m + MINUTE);
    }
    const firing = openAlerts(ctx.db).find((a) => a.state === 'firing')!;
    expect([firing.kind, firing.subject]).toEqual(['route', 'telco-west']);
    id = firing.id;
    const posted = await slack.waitFor(() =>
      slack.messages.find(
        (m) => m.channel === slack.channelId && !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`alert-${id}`),
      ),
    );
    expect(validateBlocks(posted.blocks)).toBeNull();
    expect(slackButtons(posted.blocks).map(slackLabel)).toEqual([
      'Acknowledge',
      'Snooze 1 h',
      'Snooze 4 h',
      'Snooze until 08:00',
      'Resolve',
      'Show calls',
      'Start the checklist',
      'Escalate',
    ]);
    const dm = await discord.waitFor(() =>
      discord.channelMessages.find(
        (m) => m.channelId === discord.channelId && embedsText(m.body).includes(`alert-${id}`),
      ),
    );
    expect(validateMessage(dm.body, [])).toBeNull();
    expect(discordButtons(dm.body).map((b) => b.label)).toContain('Acknowledge');
  });

  async function pressSlack(label: string): Promise<J> {
    const msg = slack.messages.find(
      (m) => m.channel === slack.channelId && !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`alert-${id}`),
    )!;
    const b = slackButtons(msg.blocks).find((x) => slackLabel(x) === label)!;
    const payload = slack.blockActionsPayload(
      { action_id: String(b.action_id), value: String(b.value) },
      { container: { type: 'message', message_ts: msg.ts, channel_id: msg.channel, is_ephemeral: false } },
    );
    expect((await slack.sendInteraction(bot.slackEventsUrl!, payload)).status).toBe(200);
    const rid = String(payload.response_url).split('/').pop();
    return (await slack.waitFor(() => slack.responses.find((r) => r.id === rid))).body;
  }

  const slackMessage = () =>
    slack.messages.find(
      (m) => m.channel === slack.channelId && !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`alert-${id}`),
    )!;
  const slackThread = () =>
    slack.messages.filter((m) => m.thread_ts === slackMessage().ts).map((m) => JSON.stringify(m.blocks ?? []));
  const discordMessage = () =>
    discord.channelMessages.find(
      (m) => m.channelId === discord.channelId && embedsText(m.body).includes(`alert-${id}`),
    )!;
  const discordThread = () =>
    discord.channelMessages
      .filter((m) => (m.body.message_reference as J | undefined)?.message_id === discordMessage().id)
      .map((m) => embedsText(m.body));

  it('Acknowledge in Slack: both messages edited in place, a reply in each thread, PagerDuty-free', async () => {
    const r = await pressSlack('Acknowledge');
    expect(JSON.stringify(r)).toContain(`Acknowledged alert-${id}`);
    await slack.waitFor(
      () => (slackMessage().edited ?? 0) >= 1 && slackThread().some((t) => t.includes('Acknowledged by')),
    );
    expect(JSON.stringify(slackMessage().blocks)).toContain('Acknowledged by');
    expect(slack.ok('chat.update').length).toBeGreaterThanOrEqual(1);
    await discord.waitFor(
      () => discordMessage().edits >= 1 && discordThread().some((t) => t.includes('Acknowledged by')),
    );
    expect(getAlert(ctx.db, id)!.state).toBe('acknowledged');
  });

  it('the three snoozes from Slack and Discord each edit and reply', async () => {
    await pressSlack('Snooze 1 h');
    await slack.waitFor(() => slackThread().filter((t) => t.includes('Snoozed by')).length === 1);
    expect(getAlert(ctx.db, id)!.snoozedUntilMs).toBe(ctx.clock.now().getTime() + 3_600_000);
    await pressSlack('Snooze 4 h');
    await slack.waitFor(() => slackThread().filter((t) => t.includes('Snoozed by')).length === 2);
    expect(getAlert(ctx.db, id)!.snoozedUntilMs).toBe(ctx.clock.now().getTime() + 4 * 3_600_000);
    const b = discordButtons(discordMessage().body).find((x) => x.label === 'Snooze until 08:00')!;
    const pid = discord.pressButton(String(b.custom_id));
    await discord.waitFor(() => discord.responsesFor(pid).length > 0);
    await discord.waitFor(() => discordThread().filter((t) => t.includes('Snoozed by')).length === 3);
    expect(getAlert(ctx.db, id)!.snoozedUntilMs).toBe(Date.parse('2026-11-22T08:00:00Z'));
    expect(getAlert(ctx.db, id)!.state).toBe('snoozed');
    await slack.waitFor(() => JSON.stringify(slackMessage().blocks).includes('Snoozed until 08:00'));
  });

  it('Show calls, Start the checklist and Escalate answer the presser', async () => {
    const calls = await pressSlack('Show calls');
    expect(JSON.stringify(calls)).toContain('telco-west');
    expect(JSON.stringify(calls)).toContain('403');
    const check = await pressSlack('Start the checklist');
    expect(JSON.stringify(check)).toContain('403 checklist: route telco-west');
    const msg = slackMessage();
    const b = slackButtons(msg.blocks).find((x) => slackLabel(x) === 'Escalate')!;
    await slack.sendInteraction(
      bot.slackEventsUrl!,
      slack.blockActionsPayload({ action_id: String(b.action_id), value: String(b.value) }),
    );
    const view = await slack.waitFor(() => slack.views.find((v) => v.callback_id === 'escalate.submit'));
    expect(JSON.stringify(view)).toContain('telco-west');
  });

  it('Resolve from Discord: the messages say resolved, keep only Show calls, and the thread says who', async () => {
    const b = discordButtons(discordMessage().body).find((x) => x.label === 'Resolve')!;
    const pid = discord.pressButton(String(b.custom_id));
    await discord.waitFor(() => discord.responsesFor(pid).length > 0);
    await discord.waitFor(() => discordThread().some((t) => t.includes('Resolved by')));
    await slack.waitFor(
      () =>
        slackThread().some((t) => t.includes('Resolved by')) &&
        JSON.stringify(slackMessage().blocks).includes('Resolved: '),
    );
    expect(slackButtons(slackMessage().blocks).map(slackLabel)).toEqual(['Show calls']);
    expect(getAlert(ctx.db, id)!.state).toBe('resolved');
    // One message per channel for the whole alert.
    expect(
      slack.messages.filter(
        (m) => m.channel === slack.channelId && !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`alert-${id}`),
      ),
    ).toHaveLength(1);
    const s = await slack.sendSlashCommand(bot.slackEventsUrl!, 'alerts status');
    expect(JSON.stringify(s.json)).toContain(`alert-${id}`);
    expect(JSON.stringify(s.json)).toContain('resolved');
  });
});
