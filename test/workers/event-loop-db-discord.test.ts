/**
 * The Discord half of event-loop-db.test.ts: `serve` on a database file with Discord (real
 * discord.js over the fake gateway and REST) answers slash commands, a button press, a "More
 * actions" pick and the escalation form with no query on the event loop's connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import { silentLogger } from '../../src/log.js';
import { startServices, type Services } from '../../src/main.js';
import { openDb } from '../../src/store/db.js';
import { discordEnv, startDiscordFake, type DiscordFake } from '../fakes/index.js';
import type { InteractionResponse } from '../fakes/discord-fake.js';
import { describeUses, recordDbUses, type DbUse } from './db-recorder.js';

type J = Record<string, unknown>;
const DAY = 86_400_000;

let dir: string;
let ctx: Ctx;
let services: Services;
let discord: DiscordFake;
let recorder: { uses: DbUse[]; stop(): void };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipbot-loop-db-discord-'));
  const dbPath = join(dir, 'sipbot.db');
  discord = await startDiscordFake();
  const config = loadConfig({
    SIPBOT_DB: dbPath,
    SIPBOT_HOST: '127.0.0.1',
    SIPBOT_PORT: '0',
    ...discordEnv(discord),
  });
  await registerDiscordCommands(config, commands, discord.guildId, 0);
  const db = openDb(dbPath);
  generateDemo(db, { end: new Date(Math.floor(Date.now() / DAY) * DAY), days: 8, callsPerDay: 1500, seed: 12 });
  ctx = { db, clock: new ManualClock(new Date()), log: silentLogger, config };
  services = await startServices(ctx, {
    say: () => undefined,
    platforms: { discord: { retries: 0, waitGuildTimeout: 1000 } },
    scheduler: false,
    escalations: false,
    alerts: false,
  });
  // From here on, anything on the event loop's connection is recorded.
  recorder = recordDbUses(db);
}, 120_000);

afterAll(async () => {
  recorder?.stop();
  await services?.stop();
  ctx?.db.close();
  await discord?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The message body of a response: a callback's data, or a follow-up / @original edit as sent. */
const bodyOf = (r: InteractionResponse): J => (r.kind === 'callback' ? ((r.body.data as J | undefined) ?? {}) : r.body);
const text = (r: InteractionResponse): string => JSON.stringify(bodyOf(r));
const buttonsOf = (r: InteractionResponse): J[] =>
  ((bodyOf(r).components as J[] | undefined) ?? []).flatMap((row) => (row.components as J[] | undefined) ?? []);

/** The answer: the reply (type 4 or 7), or after a deferral (type 5) the edit of @original. */
async function answerOf(id: string): Promise<InteractionResponse> {
  return discord.waitFor(
    () => discord.responsesFor(id).find((r) => r.kind === 'original' || (r.kind === 'callback' && r.type !== 5)),
    60_000,
  );
}

describe('serve with Discord on a database file: the event loop never queries its own connection', () => {
  it('answers slash commands, a button, a More actions pick and the escalation form, with no query on ctx.db', async () => {
    // Commands, several at once as a channel sends them.
    const ids = [
      discord.sendCommand('explain', { code: '403' }),
      discord.sendCommand('explain', { code: '403' }),
      discord.sendCommand('patterns'),
      discord.sendCommand('help'),
    ];
    const answers = await Promise.all(ids.map(answerOf));
    expect(text(answers[0]!)).toMatch(/403/);
    expect(text(answers[3]!)).toContain('/sip');

    // A button of the 403 answer, and the same action picked from a "More actions" menu.
    const all = discord.responsesFor(ids[0]!);
    const show = all.flatMap(buttonsOf).find((b) => /Show calls/.test(String(b.label)));
    expect(show, JSON.stringify(all.flatMap(buttonsOf).map((b) => b.label))).toBeDefined();
    const pressed = await answerOf(discord.pressButton(String(show!.custom_id)));
    expect(text(pressed)).toMatch(/Calls with 403/);
    const picked = await answerOf(discord.selectOption('sipbot.more:0', [String(show!.custom_id)]));
    expect(text(picked)).toMatch(/Calls with 403/);

    // The escalation form: opened by the command (type 9), submitted, answered.
    const open = discord.sendCommand('escalate', { text: `${SUBJECTS.reputation} refused since noon` });
    const [modal] = await discord.waitFor(() => discord.responsesFor(open).length > 0 && discord.responsesFor(open));
    expect(modal!.type).toBe(9);
    const form = modal!.body.data as J;
    const submitted = await answerOf(
      discord.submitModal(String(form.custom_id), {
        subject: SUBJECTS.reputation,
        urgency: 'high',
        tried: 'refused since noon',
        contact: '',
      }),
    );
    expect(text(submitted)).toMatch(/Escalation #\d+ opened/);
    expect(discord.errors).toEqual([]);

    const uses = recorder.uses.splice(0);
    expect(uses.length, `queries on the event loop's connection:\n\n${describeUses(uses)}`).toBe(0);
  }, 180_000);
});
