import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sipbot.js');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Step {
  line: string;
  command: string;
  expect: string[];
}

/** The lines of the code block after `<!-- tour:NAME ...-->` that start with `prefix`. */
function tour(name: string, prefix: string): Step[] {
  const at = README.indexOf(`<!-- tour:${name}`);
  expect(at, `README has no <!-- tour:${name} --> block`).toBeGreaterThan(-1);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(at))![1]!;
  return block
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((line) => {
      const [command = '', comment = ''] = line.slice(prefix.length).split(/\s+#\s/);
      return { line, command: command.trim(), expect: [...comment.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
    });
}

/** Shell words: spaces split, single quotes group (all the README uses). */
function words(s: string): string[] {
  return [...s.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(SLACK_|DISCORD_|SIPBOT_)/.test(k)) delete env[k];
  return { ...env, SIPBOT_PORT: '0', SIPBOT_LOG_LEVEL: 'warn' };
}

/** `npm start` with the typed lines on stdin: the built `sipbot serve`, as npm start runs it. */
function serve(cwd: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: cleanEnv() });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`serve exited ${code}:\n${out}`))));
    child.stdin.end(input);
  });
}

function calls(path: string): number {
  const db = openDb(path);
  try {
    return db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
  } finally {
    db.close();
  }
}

// The README's five-minute tour, run as written, in order, on a fresh checkout's data folder.
describe("the README's tour", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-tour-'));
  const consoleSteps = tour('console', 'sip> ');
  const cliSteps = tour('cli', 'npx sipbot ');

  beforeAll(() => {
    // npm start's build step (a no-op when dist/ is current).
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(b.status, b.stderr).toBe(0);
    // Files of the repository the tour names (test/fixtures/...), where the tour expects them.
    for (const s of cliSteps) {
      for (const w of words(s.command)) {
        if (w.startsWith('test/') && existsSync(join(ROOT, w))) {
          mkdirSync(dirname(join(dir, w)), { recursive: true });
          copyFileSync(join(ROOT, w), join(dir, w));
        }
      }
    }
  }, 180_000);

  it('has steps, and each says what it prints', () => {
    expect(consoleSteps.length).toBeGreaterThanOrEqual(3);
    expect(cliSteps.length).toBeGreaterThanOrEqual(3);
    for (const s of [...consoleSteps, ...cliSteps]) if (s.command !== 'quit') expect(s.expect, s.line).not.toEqual([]);
  });

  it('npm start: the console opens the demo database and answers each typed line as the README says', async () => {
    const out = await serve(dir, consoleSteps.map((s) => s.command).join('\n') + '\n');
    expect(out).toContain('so the console opens the demo database data/demo.db');
    // Piped input echoes each line as "> line": the answer to a line runs to the next echo.
    const typed = consoleSteps.filter((s) => s.command !== 'quit');
    typed.forEach((s, i) => {
      const from = out.indexOf(`> ${s.command}\n`);
      expect(from, `no answer to ${s.command}`).toBeGreaterThan(-1);
      const next = typed[i + 1];
      const answer = out.slice(from, next ? out.indexOf(`> ${next.command}\n`, from + 1) : undefined);
      for (const e of s.expect) expect(answer, s.line).toContain(e);
    });
    expect(calls(join(dir, 'data', 'sipbot.db'))).toBe(0);
  }, 180_000);

  it('the shell commands, in order, print what the README quotes', () => {
    for (const s of cliSteps) {
      const r = spawnSync(process.execPath, [BIN, ...words(s.command)], {
        cwd: dir,
        env: cleanEnv(),
        encoding: 'utf8',
      });
      expect(r.status, `${s.line}\n${r.stderr}`).toBe(0);
      for (const e of s.expect) expect(r.stdout + r.stderr, s.line).toContain(e);
    }
    expect(calls(join(dir, 'data', 'sipbot.db'))).toBeGreaterThan(0);
  }, 180_000);

  it('once data/sipbot.db holds calls, npm start opens the console on it instead of the demo', async () => {
    const out = await serve(dir, 'quit\n');
    expect(out).toContain('Console: data/sipbot.db');
    expect(out).not.toContain('demo database');
  }, 120_000);
});
