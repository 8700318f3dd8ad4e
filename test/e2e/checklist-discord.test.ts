import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import { EscalationWorker } from '../../src/core/escalation/worker.js';
import { getEscalation } from '../../src/store/escalations.js';
import { discordEnv, startBot, startDiscordFake, type DiscordFake, type RunningBot } from '../fakes/index.js';
import { validateMessage } from '../fakes/discord-limits.js';
import { testCtx } from '../helpers/ctx.js';

type J = Record<string, unknown>;
const NOW = '2026-11-21T00:00:00Z';
const dataOf = (r: { body: J }): J => (r.body.data as J | undefined) ?? r.body;
const embeds = (d: J): J[] => (d.embeds as J[] | undefined) ?? [];
const buttons = (d: J): J[] => ((d.components as J[] | undefined) ?? []).flatMap((row) => row.components as J[]);
const all = (d: J): string => JSON.stringify(embeds(d));

// The real registry and discord.js over the fake gateway: a walkthrough on a carrier-policy
// number, then an escalation through the Discord modal, acknowledged by the expert only.
describe('checklist and escalation through Discord', () => {
  let discord: DiscordFake;
  let bot: RunningBot;
  let worker: EscalationWorker;
  const ctx = testCtx({ now: NOW });
  const EXPERTS = '900000000000000001';

  beforeAll(async () => {
    discord = await startDiscordFake();
    ctx.config = loadConfig({
      SIPBOT_DB: ':memory:',
      ...discordEnv(discord),
      SIPBOT_ESCALATION_CHANNEL: `discord:${EXPERTS}`,
      SIPBOT_EXPERTS: 'discord:777000000000000777',
    });
    generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 3000, plantDays: 2, seed: 11 });
    await registerDiscordCommands(ctx.config, commands, discord.guildId, 0);
    bot = await startBot(ctx, { http: false });
    worker = new EscalationWorker(ctx, bot.posters);
  });
  afterAll(async () => {
    await worker.stop();
    await bot.stop();
    await discord.close();
  });

  async function first(id: string): Promise<{ type?: number; body: J; files: Array<{ name: string }> }> {
    const [r] = await discord.waitFor(() => discord.responsesFor(id).length > 0 && discord.responsesFor(id));
    return r!;
  }

  it('walks /sip check to the carrier-policy verdict, each press updating the message (type 7)', async () => {
    let r = await first(discord.sendCommand('check', { subject: SUBJECTS.carrierPolicy }));
    expect(r.type).toBe(4);
    expect(embeds(dataOf(r))[0]?.title).toBe('403 checklist: +13125550147');
    let presses = 0;
    while (buttons(dataOf(r)).some((b) => b.label === 'Yes')) {
      const bs = buttons(dataOf(r));
      const pick = bs.find((b) => b.style === 1) ?? bs.find((b) => String(b.label).startsWith('Not sure'))!;
      expect(String(pick.custom_id).length).toBeLessThanOrEqual(100);
      r = await first(discord.pressButton(String(pick.custom_id)));
      expect(r.type).toBe(7);
      expect(validateMessage(dataOf(r), [])).toBeNull();
      presses++;
    }
    expect(presses).toBeGreaterThanOrEqual(10);
    expect(embeds(dataOf(r))[0]?.title).toContain('Carrier policy');
    expect(all(dataOf(r))).toMatch(/\+13125550147: \d+ of \d+ calls on telco-west refused/);
    const ask = buttons(dataOf(r)).find((b) => b.label === 'Ask an expert')!;
    expect(ask.custom_id).toBe('escalate.open|w:1');
  });

  it("escalates through the modal (type 9), posts to the experts' channel, refuses a non-expert, and the expert resolves", async () => {
    const modal = await first(discord.pressButton('escalate.open|w:1'));
    expect(modal.type).toBe(9);
    const form = modal.body.data as J;
    const submitted = await first(
      discord.submitModal(String(form.custom_id), {
        subject: SUBJECTS.carrierPolicy,
        urgency: 'urgent',
        tried: 'moved traffic to voxroute',
        contact: '@ana',
      }),
    );
    expect(embeds(dataOf(submitted))[0]?.title).toBe('Escalation #1 opened: +13125550147');
    expect(submitted.files.map((f) => f.name).sort()).toEqual(['escalation-1.csv', 'escalation-1.json']);
    // A platform retry of the same submission makes no second escalation.
    const again = await first(
      discord.submitModal(String(form.custom_id), {
        subject: SUBJECTS.carrierPolicy,
        urgency: 'urgent',
        tried: '',
        contact: '',
      }),
    );
    expect(embeds(dataOf(again))[0]?.title).toBe('Escalation #1 is already open: +13125550147');

    await worker.tick();
    const posted = await discord.waitFor(() => discord.channelMessages.find((m) => m.channelId === EXPERTS));
    expect(all(posted.body)).toContain('Escalation #1: +13125550147 (urgent)');
    expect(buttons(posted.body).map((b) => b.label)).toEqual([
      'Acknowledge',
      'Assign to me',
      'Resolve',
      'Evidence (JSON, CSV)',
      'Show calls',
    ]);

    const nosy = {
      member: {
        user: { id: '555000000000000555', username: 'nosy', discriminator: '0', global_name: null, avatar: null },
        roles: [],
        permissions: '0',
        joined_at: '2026-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
      channel_id: EXPERTS,
    };
    const refused = await first(discord.pressButton('escalate.ack|1', nosy));
    expect(embeds(dataOf(refused))[0]?.title).toBe('Only the escalation experts can do that');
    expect(((dataOf(refused).flags as number) ?? 0) & 64).toBe(64);
    expect(getEscalation(ctx.db, 1)!.status).toBe('open');

    const expert = {
      member: { ...nosy.member, user: { ...nosy.member.user, id: '777000000000000777', username: 'expert' } },
      channel_id: EXPERTS,
    };
    const acked = await first(discord.pressButton('escalate.ack|1', expert));
    expect(acked.type).toBe(7);
    expect(all(dataOf(acked))).toContain('Acknowledged');
    await first(discord.pressButton('escalate.resolve|1', expert));
    expect(getEscalation(ctx.db, 1)).toMatchObject({ status: 'resolved' });

    await worker.tick();
    const told = discord.channelMessages
      .filter((m) => m.channelId === discord.channelId)
      .map((m) => String(embeds(m.body)[0]?.title));
    expect(told).toEqual(['Escalation #1 acknowledged', 'Escalation #1 resolved']);
  });
});
