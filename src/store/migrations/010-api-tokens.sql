-- Ingest API tokens (`sipbot token create NAME`). Only a sha256 of the token is kept: tokens are
-- 32 random bytes, so a fast hash is enough (no dictionary to guess from) and lookups stay O(1).
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  token_hash  TEXT    NOT NULL UNIQUE,   -- hex sha256 of the whole token string
  prefix      TEXT    NOT NULL,          -- first characters, shown by `token list` to tell tokens apart
  created_ms  INTEGER NOT NULL,
  last_used_ms INTEGER,
  revoked_ms  INTEGER
);
