import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';

/** Tokens look like `sip_<43 base64url chars>`: 32 random bytes, recognisable in a secret scanner. */
const PREFIX = 'sip_';

export interface TokenInfo {
  name: string;
  prefix: string;
  createdMs: number;
  lastUsedMs: number | null;
  revokedMs: number | null;
  /** The zone of zone-less times in this token's uploads; null: UTC. */
  tz: string | null;
}

interface TokenRow {
  name: string;
  prefix: string;
  created_ms: number;
  last_used_ms: number | null;
  revoked_ms: number | null;
  tz: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function info(r: TokenRow): TokenInfo {
  return {
    name: r.name,
    prefix: r.prefix,
    createdMs: r.created_ms,
    lastUsedMs: r.last_used_ms,
    revokedMs: r.revoked_ms,
    tz: r.tz,
  };
}

/**
 * Issues a token for NAME and returns it: the only time the plain token exists. A live token of
 * the same name is a conflict (returns null); a revoked one is replaced.
 */
export function createToken(
  db: Db,
  name: string,
  nowMs: number,
  tz: string | null = null,
): { token: string; info: TokenInfo } | null {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const prefix = token.slice(0, PREFIX.length + 6);
  return db
    .transaction(() => {
      const existing = db.prepare('SELECT revoked_ms FROM api_tokens WHERE name = ?').get(name) as
        { revoked_ms: number | null } | undefined;
      if (existing && existing.revoked_ms === null) return null;
      if (existing) db.prepare('DELETE FROM api_tokens WHERE name = ?').run(name);
      db.prepare('INSERT INTO api_tokens (name, token_hash, prefix, created_ms, tz) VALUES (?, ?, ?, ?, ?)').run(
        name,
        hashToken(token),
        prefix,
        nowMs,
        tz,
      );
      return { token, info: { name, prefix, createdMs: nowMs, lastUsedMs: null, revokedMs: null, tz } };
    })
    .immediate();
}

export function listTokens(db: Db): TokenInfo[] {
  const rows = db
    .prepare('SELECT name, prefix, created_ms, last_used_ms, revoked_ms, tz FROM api_tokens ORDER BY name')
    .all() as TokenRow[];
  return rows.map(info);
}

/** Revokes NAME; false when there is no live token of that name. */
export function revokeToken(db: Db, name: string, nowMs: number): boolean {
  return (
    db.prepare('UPDATE api_tokens SET revoked_ms = ? WHERE name = ? AND revoked_ms IS NULL').run(nowMs, name).changes >
    0
  );
}

/** The live token's name and zone, or null. Looks up by hash, so the comparison never touches the plain token. */
export function findToken(db: Db, token: string): { name: string; tz: string | null } | null {
  const row = db
    .prepare('SELECT name, tz FROM api_tokens WHERE token_hash = ? AND revoked_ms IS NULL')
    .get(hashToken(token)) as { name: string; tz: string | null } | undefined;
  return row ?? null;
}

/** The live token's name, or null. */
export function findTokenName(db: Db, token: string): string | null {
  return findToken(db, token)?.name ?? null;
}

/** Records use at most once a minute per token, so a busy client does not turn reads into writes. */
export function touchToken(db: Db, name: string, nowMs: number): void {
  db.prepare(
    'UPDATE api_tokens SET last_used_ms = ? WHERE name = ? AND (last_used_ms IS NULL OR last_used_ms < ?)',
  ).run(nowMs, name, nowMs - 60_000);
}
