import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sipbot.js');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('SLACK_') || k.startsWith('DISCORD_') || k.startsWith('SIPBOT_')) delete env[k];
  return { ...env, SIPBOT_LOG_LEVEL: 'warn', ...extra };
}

// `sipbot serve` as run under systemd: imports a killed process left `running` are closed at start.
describe('sipbot serve at start', () => {
  beforeAll(() => {
    // The binary runs dist/; build it (other areas' type errors must not stop the emit).
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT },
    );
    expect(existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
  }, 180_000);

  it("marks imports of dead processes interrupted and leaves a live process's import running", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sipbot-serve-int-')), 'serve.db');
    // A pid that surely belongs to no process now: a child that has already exited.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const db = openDb(path);
    const add = db.prepare(
      "INSERT INTO import_batches (source, format, origin, started_ms, pid, stored) VALUES ('s', 'csv', ?, 1, ?, 7)",
    );
    add.run('killed.csv', deadPid);
    add.run('api:dialer', null); // written before pids were recorded
    add.run('live.csv', process.pid); // this test process: alive, and not the server
    db.close();

    const child = spawn(process.execPath, [BIN, 'serve', '--no-console', '--db', path], {
      env: cleanEnv({ SIPBOT_PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (c: Buffer): void => {
        out += c.toString();
        if (/Ready\./.test(out)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(`serve exited before it was ready:\n${out}`)));
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await ready;
      expect(out).toMatch(/2 imports left running by a stopped process marked interrupted/);
      const check = openDb(path);
      const rows = check
        .prepare('SELECT origin, status, stored, finished_ms IS NOT NULL AS finished FROM import_batches ORDER BY id')
        .all();
      check.close();
      expect(rows).toEqual([
        { origin: 'killed.csv', status: 'interrupted', stored: 7, finished: 1 },
        { origin: 'api:dialer', status: 'interrupted', stored: 7, finished: 1 },
        { origin: 'live.csv', status: 'running', stored: 7, finished: 0 },
      ]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
