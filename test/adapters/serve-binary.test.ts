import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import {
  discordEnv,
  slackEnv,
  startDiscordFake,
  startSlackFake,
  type DiscordFake,
  type SlackFake,
} from '../fakes/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sipbot.js');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('SLACK_') || k.startsWith('DISCORD_') || k.startsWith('SIPBOT_')) delete env[k];
  return { ...env, SIPBOT_LOG_LEVEL: 'warn', ...extra };
}

/**
 * The child's output, and a wait for a line to appear: it resolves on the output itself (no
 * polling, no deadline of its own; the test's timeout bounds it) and fails at once if the
 * process exits first. Start-up on a loaded machine takes what it takes.
 */
function lines(child: ChildProcessWithoutNullStreams): {
  out: () => string;
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
} {
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (c: Buffer): void => {
    out += c.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => {
    for (const w of [...waiters]) w();
  });
  return {
    out: () => out,
    waitFor(re) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = re.exec(out);
          if (m) {
            waiters.delete(check);
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            reject(new Error(`exited before ${re}; output:\n${out}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
}

// `sipbot serve` as a user runs it: the built binary, env only, start-up lines, signals.
describe('sipbot serve (built binary)', () => {
  let slack: SlackFake;
  let discord: DiscordFake;
  beforeAll(async () => {
    // The binary runs dist/; build it (other areas' type errors must not stop the emit).
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT },
    );
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    slack = await startSlackFake();
    discord = await startDiscordFake();
    await registerDiscordCommands(loadConfig(discordEnv(discord)), commands, discord.guildId, 0);
  }, 180_000);
  afterAll(async () => {
    await slack.close();
    await discord.close();
  });

  it('starts Slack (HTTP) and Discord, says where, answers both, and stops cleanly on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sipbot-serve-')), 'serve.db');
    const child = spawn(process.execPath, [BIN, 'serve', '--db', db], {
      cwd: ROOT,
      env: cleanEnv({ ...slackEnv(slack, 'http'), ...discordEnv(discord), SIPBOT_HOST: '127.0.0.1', SIPBOT_PORT: '0' }),
    });
    const io = lines(child);
    try {
      const [, base] = await io.waitFor(
        /HTTP on (http:\/\/127\.0\.0\.1:\d+) \(POST \/api\/v1\/calls, \/webhooks\/\*, \/slack\/events; GET \/healthz, \/metrics\)/,
      );
      await io.waitFor(/Slack: HTTP mode at http:\/\/127\.0\.0\.1:\d+\/slack\/events, @sipbot in Sipbot Test/);
      await io.waitFor(/Discord: connected as sipbot \(\d+\)/);
      await io.waitFor(/Digest scheduler: on \(UTC\), posting to slack, discord/);
      await io.waitFor(/Ready\. Ctrl-C to stop\./);
      expect(io.out()).not.toMatch(/Console:/);

      const r = await slack.sendSlashCommand(`${base}/slack/events`, '403');
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.json)).toContain('403');

      const id = discord.sendCommand('explain', { code: '403' });
      await discord.waitFor(() => discord.responsesFor(id).length > 0, 10_000);

      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(io.out()).toContain('Stopping (SIGTERM)...');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);

  it('with no chat credentials: opens the console on the demo database, apart from the real one, on piped input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-serve-'));
    const db = join(dir, 'first.db');
    const child = spawn(process.execPath, [BIN, 'serve', '--db', db], {
      cwd: ROOT,
      env: cleanEnv({ SIPBOT_HOST: '127.0.0.1', SIPBOT_PORT: '0' }),
    });
    const io = lines(child);
    child.stdin.end('/sip 403\nhelp\n');
    expect(await exited(child)).toBe(0);
    const out = io.out();
    expect(out).toContain(`No calls in ${db} yet, so the console opens the demo database ${join(dir, 'demo.db')}`);
    expect(out).toMatch(/Stored [\d,]+ demo calls/);
    expect(out).toContain(`Console: ${join(dir, 'demo.db')} (no SLACK_* or DISCORD_* credentials set)`);
    expect(out).toContain('> /sip 403');
    expect(out).toMatch(/403 Forbidden/);
    expect(out).toContain('> help');
    expect(out).toContain('Stopping (console closed)...');
    // The real database got no demo calls.
    const { openDb } = await import('../../src/store/db.js');
    const real = openDb(db);
    expect(real.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(0);
    real.close();
  }, 120_000);

  it('with no chat credentials and no terminal (Docker, systemd): runs the HTTP API on 127.0.0.1 until SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sipbot-serve-')), 'headless.db');
    // stdin 'ignore' is /dev/null, as under systemd or `docker run` without -i.
    const child = spawn(process.execPath, [BIN, 'serve', '--db', db], {
      cwd: ROOT,
      env: cleanEnv({ SIPBOT_PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as unknown as ChildProcessWithoutNullStreams;
    const io = lines(child);
    try {
      const [, url] = await io.waitFor(/HTTP on (http:\/\/127\.0\.0\.1:\d+) /);
      await io.waitFor(/Ready\. Ctrl-C to stop\./);
      expect(io.out()).toContain(
        'No chat platform configured (SLACK_* / DISCORD_*) and no terminal to read: serving the HTTP API and the digest scheduler.',
      );
      expect(io.out()).toContain('Digest scheduler: on (UTC), with no chat platform to post to yet');
      expect(io.out()).not.toContain('Console:');
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(io.out()).toContain('Stopping (SIGTERM)...');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
