import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { actions, commands } from '../../commands/registry.js';
import { sipCommandJson } from '../../src/adapters/discord/commands-json.js';
import { fitDiscord } from '../../src/adapters/discord/fit.js';
import { storedCustomId } from '../../src/adapters/discord/handlers.js';
import { renderDiscordModal } from '../../src/adapters/discord/render-modal.js';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { storedButtonId } from '../../src/adapters/shared/button-payload.js';
import { registrySource } from '../../src/adapters/shared/commands.js';
import { prepareText, pressButton, submitModal } from '../../src/adapters/shared/run.js';
import { fitSlack } from '../../src/adapters/slack/fit.js';
import { slackManifest } from '../../src/adapters/slack/manifest.js';
import { renderSlackModal } from '../../src/adapters/slack/render-modal.js';
import { renderSlack, renderSlackHome, SLACK_LIMITS } from '../../src/adapters/slack/render.js';
import type { Invoker } from '../../src/context.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { replyButtons, type Reply } from '../../src/reply.js';
import { renderAlert } from '../../src/core/alerts/render.js';
import { getAlert, insertAlert, saveAlert } from '../../src/store/alerts.js';
import { testCtx } from '../helpers/ctx.js';
import { checkDiscordCommand, checkDiscordMessage, checkDiscordModal } from '../helpers/discord-builders.js';
import { validateBlocks, validateView } from '../fakes/slack-blocks.js';
import { validateMessage } from '../fakes/discord-limits.js';

const SCHEMA = new URL('../fixtures/real/platforms/slack-manifest.schema.2.0.0.json', import.meta.url);

describe("Slack app manifest against Slack's published schema (slackapi/manifest-schema)", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  it.each([
    ['Socket Mode', {}],
    ['HTTP', { httpUrl: 'https://sipbot.example.com' }],
  ])('%s manifest is valid', (_name, opts) => {
    const manifest = parse(slackManifest(commands, opts)) as object;
    expect(validate(manifest) ? null : validate.errors).toBeNull();
  });
  it('the schema refuses what Slack refuses: a usage hint over 1,000 characters, an unknown feature', () => {
    const long = parse(slackManifest(commands)) as {
      features: { slash_commands: Array<{ usage_hint: string }> } & Record<string, unknown>;
    };
    long.features.slash_commands[0]!.usage_hint = 'x'.repeat(1001);
    expect(validate(long)).toBe(false);
    const unknown = parse(slackManifest(commands)) as { features: Record<string, unknown> };
    unknown.features.home_page = { enabled: true };
    expect(validate(unknown)).toBe(false);
  });
});

/**
 * Every command example and every button and form they lead to, on demo data, rendered for
 * Slack and Discord and checked against both platforms' definitions: Slack's Block Kit limits
 * (the fake's validator; the renderer's blocks are typed with @slack/types), Discord through
 * @discordjs/builders' setters and the fake's limits.
 */
describe('every payload of every command and button, on demo data', () => {
  const ctx = testCtx({ now: '2026-11-21T12:00:00Z', env: { SIPBOT_ESCALATION_CHANNEL: 'slack:C0EXPERTS' } });
  const who: Invoker = {
    platform: 'slack',
    userId: 'U0ALICE',
    userName: 'alice',
    channelId: 'C0CHAN1',
    teamId: 'T0TEST',
  };
  const seen = { replies: 0, presses: 0, forms: 0, slackMessages: 0, discordMessages: 0 };
  const problems: string[] = [];

  function check(where: string, reply: Reply): void {
    seen.replies++;
    if (reply.problem?.kind === 'bug') problems.push(`${where}: ${reply.title}`);
    for (const m of renderSlack(fitSlack(reply), storedButtonId(ctx, SLACK_LIMITS.optionValue))) {
      seen.slackMessages++;
      const p = validateBlocks(m.blocks);
      if (p) problems.push(`${where} (Slack): ${p}`);
    }
    const home = validateView(renderSlackHome(reply, storedButtonId(ctx, SLACK_LIMITS.optionValue)), 'home');
    if (home) problems.push(`${where} (Slack Home): ${home}`);
    const files = [...(reply.image ? [reply.image.filename] : []), ...(reply.files ?? []).map((f) => f.filename)];
    for (const m of renderDiscord(fitDiscord(reply), storedCustomId(ctx))) {
      seen.discordMessages++;
      const p = validateMessage(m as never, files);
      if (p) problems.push(`${where} (Discord): ${p}`);
      try {
        checkDiscordMessage(m);
      } catch (e) {
        problems.push(`${where} (Discord builders): ${(e as Error).message}`);
      }
    }
    if (reply.modal) {
      seen.forms++;
      const v = validateView(
        renderSlackModal(reply.modal, { c: who.channelId, r: 'https://hooks.slack.com/actions/T0/1/abc' }),
      );
      if (v) problems.push(`${where} (Slack form): ${v}`);
      try {
        checkDiscordModal(renderDiscordModal(reply.modal, storedCustomId(ctx)));
      } catch (e) {
        problems.push(`${where} (Discord form): ${(e as Error).message}`);
      }
    }
  }

  beforeAll(() => {
    generateDemo(ctx.db, { end: new Date('2026-11-21T00:00:00Z'), days: 8, callsPerDay: 2000 });
  }, 60_000);

  it('renders valid payloads everywhere, and no button or form crashes', async () => {
    const pressed = new Set<string>();
    const queue: Array<{ where: string; reply: Reply }> = [];
    const texts = ['', '403', 'help', ...commands.flatMap((c) => c.examples.map((e) => e.replace(/^\/sip\s*/, '')))];
    const walk = async (): Promise<void> => {
      for (const text of texts)
        queue.push({ where: `/sip ${text}`, reply: await prepareText(registrySource, ctx, who, text).run() });
      while (queue.length) {
        const { where, reply } = queue.shift()!;
        check(where, reply);
        if (reply.modal) {
          const values = Object.fromEntries(
            reply.modal.inputs.map((i) => [i.id, i.initial ?? i.options?.[0]?.value ?? 'tried the ACL']),
          );
          queue.push({
            where: `${where} -> form ${reply.modal.action}`,
            reply: await submitModal(registrySource, ctx, who, reply.modal.action, reply.modal.privateValue, values),
          });
        }
        for (const b of replyButtons(reply)) {
          const key = `${b.action}|${b.value}`;
          // Each distinct button once, at most 15 per action (a paging chain or a walkthrough's
          // many steps must not crowd out the other actions).
          const perAction = [...pressed].filter((k) => k.startsWith(`${b.action}|`)).length;
          if (pressed.has(key) || perAction >= 15) continue;
          pressed.add(key);
          seen.presses++;
          queue.push({
            where: `${where} -> [${b.label}]`,
            reply: await pressButton(registrySource, ctx, who, b.action, b.value),
          });
        }
      }
    };
    // An alert as the alert scheduler posts it (its buttons need a firing alert, which no command makes).
    const now = ctx.clock.now().getTime();
    const alertId = insertAlert(
      ctx.db,
      {
        kind: 'route',
        subject: 'sipline',
        verdict: 'configuration',
        sinceMs: now - 600_000,
        pendingMs: now - 600_000,
        calls: 400,
        blocked: 220,
        baselineRate: 0.01,
        longCalls: 2000,
        longBlocked: 300,
        peakRate: 0.6,
        routes: ['sipline'],
      },
      now,
    );
    saveAlert(ctx.db, { ...getAlert(ctx.db, alertId)!, state: 'firing', firedMs: now }, now);
    queue.push({ where: 'alert as posted', reply: renderAlert(getAlert(ctx.db, alertId)!, ctx.config.timeZone, now) });
    await walk();
    // Again, now that the first walk made escalations and walkthroughs for the listings to show.
    await walk();
    if (process.env.SIPBOT_TEST_DEBUG) console.log(seen, [...new Set([...pressed].map((k) => k.split('|')[0]))]);
    expect(problems).toEqual([]);
    // The walk reached the whole product, not a corner of it.
    expect(seen.presses).toBeGreaterThan(40);
    expect(seen.forms).toBeGreaterThan(2);
    // Every button action of the registry was pressed at least once.
    expect(new Set([...pressed].map((k) => k.split('|')[0]))).toEqual(new Set(actions.map((a) => a.action)));
  }, 120_000);

  it("registers /sip as Discord's SlashCommandBuilder accepts it", () => {
    expect(() => checkDiscordCommand(sipCommandJson(commands))).not.toThrow();
  });
});
