import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openDb } from '../../src/store/db.js';
import { createToken, findTokenName, hashToken, listTokens, revokeToken, touchToken } from '../../src/store/tokens.js';
import { testCtx } from '../helpers/ctx.js';

describe('token store', () => {
  it('issues a random token, keeps only its sha256 and finds it by the token', () => {
    const { db } = testCtx();
    const made = createToken(db, 'dialer-prod', 1_000)!;
    expect(made.token).toMatch(/^sip_[A-Za-z0-9_-]{43}$/);
    const stored = db.prepare('SELECT * FROM api_tokens').get() as Record<string, unknown>;
    expect(stored.token_hash).toBe(hashToken(made.token));
    expect(JSON.stringify(stored)).not.toContain(made.token);
    expect(findTokenName(db, made.token)).toBe('dialer-prod');
    expect(findTokenName(db, made.token + 'x')).toBeNull();
  });

  it('refuses a second live token of the same name, and replaces a revoked one', () => {
    const { db } = testCtx();
    const first = createToken(db, 'a', 1)!;
    expect(createToken(db, 'a', 2)).toBeNull();
    expect(revokeToken(db, 'a', 3)).toBe(true);
    expect(revokeToken(db, 'a', 4)).toBe(false);
    expect(findTokenName(db, first.token)).toBeNull();
    const second = createToken(db, 'a', 5)!;
    expect(findTokenName(db, second.token)).toBe('a');
  });

  it('lists names, prefixes and last use, never the token', () => {
    const { db } = testCtx();
    const made = createToken(db, 'b', 10)!;
    touchToken(db, 'b', 100_000);
    const [row] = listTokens(db);
    expect(row).toEqual({
      name: 'b',
      prefix: made.token.slice(0, 10),
      createdMs: 10,
      lastUsedMs: 100_000,
      revokedMs: null,
      tz: null,
    });
  });
});

describe('sipbot token (CLI)', () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      out += a.join(' ') + '\n';
    });
    const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err += String(s);
      return true;
    });
    const code = await main(['node', 'sipbot', ...args]);
    spyErr.mockRestore();
    return { code, out, err };
  }

  it('creates (shown once), lists and revokes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipbot-token-'));
    const db = join(dir, 't.db');
    const created = await run('token', 'create', 'dialer-prod', '--db', db);
    expect(created.err).toBe('');
    // --db reaches the subcommand (commander gave it to the `token` group): the token is in that file.
    expect(existsSync(join(dir, 't.db'))).toBe(true);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^sip_/);
    const listed = await run('token', 'list', '--db', db);
    expect(listed.out).toMatch(/dialer-prod\s+sip_\S{6}\.\.\.\s+UTC\s+\S+\s+-\s+active/);
    expect(listed.out).not.toContain(token);
    const dup = await run('token', 'create', 'dialer-prod', '--db', db);
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/exists already/);
    expect((await run('token', 'revoke', 'dialer-prod', '--db', db)).code).toBe(0);
    const conn = openDb(db);
    expect(findTokenName(conn, token)).toBeNull();
    conn.close();
    expect((await run('token', 'revoke', 'nobody', '--db', db)).code).toBe(1);
    expect((await run('token', 'create', 'bad name!', '--db', db)).code).toBe(2);
  });

  it("create --tz stores the zone of the token's uploads; list shows it; a bad zone is exit 2 and creates nothing", async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipbot-token-'));
    const db = join(dir, 't.db');
    expect((await run('token', 'create', 'berlin', '--tz', 'Europe/Berlin', '--db', db)).code).toBe(0);
    expect((await run('token', 'list', '--db', db)).out).toMatch(/berlin\s+sip_\S{6}\.\.\.\s+Europe\/Berlin\s/);
    const json = JSON.parse((await run('token', 'list', '--json', '--db', db)).out) as {
      tokens: Array<{ name: string; tz: string | null }>;
    };
    expect(json.tokens.map((t) => [t.name, t.tz])).toEqual([['berlin', 'Europe/Berlin']]);
    const bad = await run('token', 'create', 'mars', '--tz', 'Mars/Olympus', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--tz Mars\/Olympus is not a time zone; use an IANA name/);
    // One sentence (plus the usual pointer to --help), no stack.
    expect(
      bad.err
        .trim()
        .split('\n')
        .filter((l) => l.trim() && !/--help/.test(l)),
    ).toHaveLength(1);
    const conn = openDb(db);
    expect(listTokens(conn).map((t) => t.name)).toEqual(['berlin']);
    conn.close();
  });
});
