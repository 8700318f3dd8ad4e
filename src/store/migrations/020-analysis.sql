-- Daily rollups for the analysis baseline. Maintained incrementally from calls.id (rowid) on read:
-- rollup_state.last_call_id marks how far calls have been folded in, so a digest reads seven days
-- of baseline from a few thousand rollup rows instead of millions of calls. Days are UTC.
CREATE TABLE rollup_caller_route_day (
  day_ms   INTEGER NOT NULL,
  caller   TEXT    NOT NULL,
  route    TEXT    NOT NULL,
  calls    INTEGER NOT NULL,
  blocked  INTEGER NOT NULL,
  PRIMARY KEY (day_ms, caller, route)
) WITHOUT ROWID;

CREATE TABLE rollup_region_route_day (
  day_ms        INTEGER NOT NULL,
  callee_region TEXT    NOT NULL,
  route         TEXT    NOT NULL,
  calls         INTEGER NOT NULL,
  blocked       INTEGER NOT NULL,
  PRIMARY KEY (day_ms, callee_region, route)
) WITHOUT ROWID;

CREATE TABLE rollup_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  last_call_id INTEGER NOT NULL
);
INSERT INTO rollup_state (id, last_call_id) VALUES (1, 0);

-- Digest subscriptions: one per channel (platform + channel id), posted daily at a local time.
CREATE TABLE digest_subscriptions (
  id            INTEGER PRIMARY KEY,
  platform      TEXT    NOT NULL,            -- slack | discord | console
  channel_id    TEXT    NOT NULL,
  thread_id     TEXT,
  local_time    TEXT    NOT NULL,            -- HH:MM in time_zone
  time_zone     TEXT    NOT NULL,            -- IANA zone
  filter_kind   TEXT,                        -- route | number | NULL
  filter_value  TEXT,
  created_by    TEXT    NOT NULL,
  created_ms    INTEGER NOT NULL,
  last_date     TEXT,                        -- local date (YYYY-MM-DD) of the last digest posted
  UNIQUE (platform, channel_id)
);

-- One row per digest posted (or claimed): the (subscription, local date) key makes posting idempotent.
CREATE TABLE digest_posts (
  subscription_id INTEGER NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
  local_date      TEXT    NOT NULL,          -- the local day the post belongs to (posted that morning)
  claimed_ms      INTEGER NOT NULL,
  posted_ms       INTEGER,
  late            INTEGER NOT NULL DEFAULT 0,
  message_id      TEXT,
  error           TEXT,
  PRIMARY KEY (subscription_id, local_date)
);
