import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServices } from '../../src/main.js';
import { testCtx } from '../helpers/ctx.js';
import { startDiscordFake, startSlackFake, type DiscordFake, type SlackFake } from '../fakes/index.js';

/** A local port with nothing listening: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function startError(env: Record<string, string>): Promise<Error> {
  const ctx = testCtx({ env });
  const run = startServices(ctx, {
    http: false,
    scheduler: false,
    escalations: false,
    say: () => undefined,
    platforms: { slack: { retries: 0 }, discord: { retries: 0, waitGuildTimeout: 1000 } },
  });
  const err = await run.then(
    async (s) => {
      await s.stop();
      return new Error('started');
    },
    (e: unknown) => e as Error,
  );
  ctx.db.close();
  return err;
}

// A process-level unhandled rejection would fail this file; each case must be one caught UserError.
describe('a chat platform that cannot start says why in one sentence', () => {
  let slack: SlackFake;
  let discord: DiscordFake;
  let dead: string;
  beforeAll(async () => {
    slack = await startSlackFake();
    discord = await startDiscordFake();
    dead = `http://127.0.0.1:${await closedPort()}`;
  });
  afterAll(async () => {
    await slack.close();
    await discord.close();
  });

  it('a wrong Slack bot token: Slack refused it, and where to find the right one', async () => {
    const e = await startError({
      SLACK_BOT_TOKEN: 'wrong-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: slack.apiUrl,
    });
    expect(e.name).toBe('UserError');
    expect(e.message).toBe(
      "Slack refused SLACK_BOT_TOKEN (invalid_auth): use the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page.",
    );
  });

  it('a wrong Slack app token (Socket Mode) names SLACK_APP_TOKEN, not the bot token', async () => {
    const e = await startError({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: 'wrong-app-token',
      SLACK_API_URL: slack.apiUrl,
    });
    expect(e.message).toMatch(
      /^Slack refused SLACK_APP_TOKEN \(invalid_auth\): use an app-level token \(xapp-\.\.\.\)/,
    );
  });

  it('Slack unreachable is "cannot reach", not a refused token and not a stack trace', async () => {
    const e = await startError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: `${dead}/api/` });
    expect(e.name).toBe('UserError');
    expect(e.message).toBe(
      `Cannot reach Slack at ${dead}/api/ (ECONNREFUSED): check the network, a proxy, or SLACK_API_URL.`,
    );
  });

  it('Discord unreachable is "cannot reach", not "Discord refused DISCORD_TOKEN"', async () => {
    const e = await startError({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: '1', DISCORD_API_URL: `${dead}/api` });
    expect(e.name).toBe('UserError');
    expect(e.message).toBe(
      `Cannot reach Discord at ${dead}/api (ECONNREFUSED): check the network, a proxy, or DISCORD_API_URL.`,
    );
  });

  it('a wrong Discord token: Discord refused it', async () => {
    const e = await startError({
      DISCORD_TOKEN: 'wrong',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(e.name).toBe('UserError');
    expect(e.message).toMatch(
      /^Discord refused DISCORD_TOKEN \(.+\): use the bot token from the Developer Portal \(Bot, Reset Token\)\.$/,
    );
  });
});
